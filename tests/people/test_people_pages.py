"""The people pages, for administrators: the list with search and paging, adding a person, and a
person's page with its forms (edit, assign and remove roles, deactivate). Every form runs a
mutation; refusals show beside the fields with the input kept (422); others get the 403 page."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.demo import content
from server.models import Person
from tests.support.demo import person_id
from tests.support.pages import HTML, csrf, next_page, save_view, sign_in, sort_heading
from tests.support.people import audit_rows, post

KEYS = [person[0] for person in content.PEOPLE]


def test_an_administrator_sees_everyone_with_status_badges_and_roles(signed_in):
    page = signed_in("ada").get("/people", headers=HTML)
    assert page.status_code == 200
    assert "14 people." in page.text
    assert "Priya Raman" in page.text and "Service owner (E-mail)" in page.text
    assert '<span class="badge person-active">Active</span>' in page.text
    assert '<span class="badge person-admin">Administrator</span>' in page.text
    assert '<a href="/people" aria-current="page">People</a>' in page.text
    assert '<a href="/audit">Audit log</a>' in page.text


def test_search_narrows_the_list_and_htmx_gets_only_the_results(signed_in):
    client = signed_in("ada")
    page = client.get("/people?q=harbour-it.example&q=", headers=HTML)
    assert "14 people" in page.text
    found = client.get("/people?q=rama", headers=HTML)
    assert "1 person match “rama”" in found.text and "Priya Raman" in found.text
    assert "Nora Quinn" not in found.text
    fragment = client.get("/people?q=rama", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="people-results"')
    assert "Add a person" not in fragment.text


def test_the_list_pages_forward_and_back(signed_in, monkeypatch):
    from server.web.people import people

    monkeypatch.setattr(people, "PAGE_SIZE", 5)
    client = signed_in("ada")
    first = client.get("/people", headers=HTML).text
    assert "Next page" in first and "Previous page" not in first
    next_url = re.search(r'href="(/people\?[^"]+)" rel="next"', first).group(1)
    second = client.get(next_url.replace("&amp;", "&"), headers=HTML).text
    assert "Previous page" in second and "First page" in second
    assert "Ben Carter" in first and "Ben Carter" not in second
    back = re.search(r'href="(/people\?[^"]+)" rel="prev"', second).group(1)
    assert "Ben Carter" in client.get(back.replace("&amp;", "&"), headers=HTML).text


def test_adding_a_person_opens_their_page_and_they_can_sign_in(signed_in, demo_client, demo_url):
    client = signed_in("ada")
    before = audit_rows(demo_url)
    created = post(
        client, "/people", "/people",
        name="Zoe Adams", email="Zoe@Harbour-IT.example", password="a long password", isAdmin="on",
    )  # fmt: skip
    assert created.status_code == 303
    assert created.headers["location"].startswith("/people/")
    page = client.get(created.headers["location"], headers=HTML).text
    assert "Zoe Adams was added." in page and "zoe@harbour-it.example" in page
    assert '<span class="badge person-admin">Administrator</span>' in page
    assert audit_rows(demo_url) == before + 1
    demo_client.cookies.clear()
    token = csrf(demo_client.get("/sign-in").text)
    signed = demo_client.post(
        "/sign-in",
        data={"email": "zoe@harbour-it.example", "password": "a long password",
              "csrf_token": token},
    )  # fmt: skip
    assert signed.status_code == 303


def test_a_refused_new_person_shows_the_errors_beside_the_fields_and_keeps_the_input(
    signed_in, demo_url
):
    client = signed_in("ada")
    before = audit_rows(demo_url)
    taken = post(
        client, "/people", "/people",
        name="Another Priya", email="priya@harbour-it.example", password="short",
    )  # fmt: skip
    assert taken.status_code == 422
    assert 'id="new-person-email-error"' in taken.text or 'id="new-person-password-error"' in (
        taken.text
    )
    assert 'value="Another Priya"' in taken.text
    assert 'value="priya@harbour-it.example"' in taken.text
    assert 'value="short"' not in taken.text  # a password is never sent back
    bad_email = post(client, "/people", "/people", name="Someone", email="not-an-address")
    assert bad_email.status_code == 422
    assert 'id="new-person-email-error"' in bad_email.text
    assert "is not a valid e-mail address" in bad_email.text
    assert 'aria-describedby="new-person-email-error"' in bad_email.text
    duplicate = post(client, "/people", "/people", name="Priya", email="priya@harbour-it.example")
    assert duplicate.status_code == 422 and "already has an account" in duplicate.text
    assert audit_rows(demo_url) == before


def test_editing_a_person_saves_and_shows_a_message(signed_in):
    client = signed_in("ada")
    url = f"/people/{person_id('nora')}"
    saved = post(
        client, url, f"{url}/details", name="Nora Quinn-Berg", email="nora@harbour-it.example"
    )
    assert saved.status_code == 303 and saved.headers["location"] == url
    page = client.get(url, headers=HTML).text
    assert "The changes were saved." in page and "<h1>Nora Quinn-Berg</h1>" in page


def test_an_edit_refused_keeps_the_input_beside_the_errors(signed_in, demo_url):
    client = signed_in("ada")
    url = f"/people/{person_id('nora')}"
    before = audit_rows(demo_url)
    taken = post(client, url, f"{url}/details", name="Nora Q", email="priya@harbour-it.example")
    assert taken.status_code == 422
    assert 'id="person-email-error"' in taken.text and "already has an account" in taken.text
    assert 'value="Nora Q"' in taken.text
    empty = post(client, url, f"{url}/details", name="  ", email="nora@harbour-it.example")
    assert empty.status_code == 422 and 'id="person-name-error"' in empty.text
    own = f"/people/{person_id('ada')}"
    demote = post(
        client, own, f"{own}/details", name="Ada Lindqvist", email="ada@harbour-it.example"
    )
    assert demote.status_code == 422
    assert "you cannot remove your own administrator rights" in demote.text
    assert audit_rows(demo_url) == before


def test_assigning_a_scoped_role_then_removing_it(signed_in):
    client = signed_in("ada")
    url = f"/people/{person_id('nora')}"
    role = to_global_id("Role", 3)  # service owner
    scope = "service:" + to_global_id("Service", 1)  # E-mail
    assigned = post(client, url, f"{url}/roles", roleId=role, scope=scope)
    assert assigned.status_code == 303
    page = client.get(url, headers=HTML).text
    assert "The role was assigned." in page
    assert '<th scope="row">Service owner</th>' in page and "Service: E-mail" in page
    again = post(client, url, f"{url}/roles", roleId=role, scope=scope)
    assert again.status_code == 422
    assert 'id="assign-role-error"' in again.text and "already holds Service owner" in again.text
    assert f'value="{scope}" selected' in again.text  # the choice is kept
    remove = re.search(r'action="(/people/[^"]+/roles/[^"]+/remove)"', page).group(1)
    removed = post(client, url, remove)
    assert removed.status_code == 303
    page = client.get(url, headers=HTML).text
    assert "The role was removed." in page and "holds no role yet" in page
    gone = post(client, url, remove)
    assert gone.status_code == 422 and "no role assignment has this id" in gone.text


def test_an_assignment_needs_a_role_and_a_known_scope(signed_in, demo_url):
    client = signed_in("ada")
    url = f"/people/{person_id('nora')}"
    before = audit_rows(demo_url)
    no_role = post(client, url, f"{url}/roles", roleId="", scope="")
    assert no_role.status_code == 422 and "choose a role" in no_role.text
    odd = post(client, url, f"{url}/roles", roleId=to_global_id("Role", 3), scope="planet:1")
    assert odd.status_code == 422 and 'id="assign-scope-error"' in odd.text
    missing = post(
        client, url, f"{url}/roles",
        roleId=to_global_id("Role", 3), scope="service:" + to_global_id("Service", 999),
    )  # fmt: skip
    assert missing.status_code == 422 and 'id="assign-scope-error"' in missing.text
    assert audit_rows(demo_url) == before


def test_deactivating_someone_stops_them_signing_in(signed_in, demo_client):
    client = signed_in("ada")
    url = f"/people/{person_id('nora')}"
    page = client.get(url, headers=HTML).text
    assert "Deactivate Nora Quinn…</summary>" in page  # the confirmation step
    done = post(client, url, f"{url}/deactivate")
    assert done.status_code == 303
    page = client.get(url, headers=HTML).text
    assert '<span class="badge person-deactivated">Deactivated</span>' in page
    assert "Deactivate Nora Quinn…" not in page
    listed = client.get("/people?q=nora", headers=HTML).text
    assert '<span class="badge person-deactivated">Deactivated</span>' in listed
    demo_client.cookies.clear()
    assert sign_in(demo_client, "nora").status_code == 401


def test_an_administrator_cannot_deactivate_themselves(signed_in):
    client = signed_in("ada")
    url = f"/people/{person_id('ada')}"
    refused = post(client, url, f"{url}/deactivate")
    assert refused.status_code == 422
    assert "you cannot deactivate yourself" in refused.text
    assert "<details open>" in refused.text


def test_others_get_the_403_page_and_strangers_the_sign_in_page(signed_in, demo_client):
    anonymous = demo_client.get("/people", headers=HTML)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/sign-in")
    client = signed_in("margaret")
    url = f"/people/{person_id('nora')}"
    for path in ("/people", url):
        response = client.get(path, headers=HTML)
        assert response.status_code == 403 and "Not allowed" in response.text
    token = csrf(client.get("/", headers=HTML).text)
    for action, data in (
        ("/people", {"name": "X", "email": "x@harbour-it.example"}),
        (f"{url}/details", {"name": "X", "email": "x@harbour-it.example"}),
        (f"{url}/roles", {"roleId": to_global_id("Role", 1), "scope": ""}),
        (f"{url}/deactivate", {}),
    ):
        response = client.post(action, data={"csrf_token": token, **data}, headers=HTML)
        assert response.status_code == 403, action
    assert '<a href="/people">People</a>' not in client.get("/", headers=HTML).text


def test_forms_without_the_csrf_token_are_refused(signed_in, demo_url):
    client = signed_in("ada")
    response = client.post("/people", data={"name": "X", "email": "x@harbour-it.example"})
    assert response.status_code == 403
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.connect() as connection:
        assert connection.scalar(select(Person.id).where(Person.name == "X")) is None
    engine.dispose()


def test_unknown_people_are_not_found(signed_in):
    client = signed_in("ada")
    for path in (f"/people/{to_global_id('Person', 999)}", "/people/nonsense"):
        assert client.get(path, headers=HTML).status_code == 404
    url = f"/people/{to_global_id('Person', 999)}"
    token = csrf(client.get("/people", headers=HTML).text)
    response = client.post(
        f"{url}/details",
        data={"csrf_token": token, "name": "X", "email": "x@harbour-it.example"},
        headers=HTML,
    )
    assert response.status_code == 404


def test_a_stale_or_made_up_cursor_is_a_bad_request_not_an_error(signed_in):
    client = signed_in("ada")
    for path in ("/people?after=garbage", "/audit?before=garbage", "/tokens?after=garbage"):
        response = client.get(path, headers=HTML)
        assert response.status_code == 400, path
        assert "is not a cursor from this list" in response.text


def people_in(page: str) -> list[tuple[str, str]]:
    """(name, e-mail address) of each row, in order."""
    row = r'<th scope="row"><a href="/people/[^"]+">([^<]+)</a></th>\s*<td>([^<]+)</td>'
    return re.findall(row, page)


def test_the_list_sorts_by_its_headings_and_paging_search_and_export_keep_it(
    signed_in, monkeypatch
):
    from server.web.people import people

    client = signed_in("ada")
    page = client.get("/people", headers=HTML).text
    assert sort_heading(page, "Name")[0] == "ascending"
    by_name = people_in(page)
    state, link = sort_heading(page, "E-mail address")
    assert state == "none" and link == "/people?sort=email"
    by_email = client.get(link, headers=HTML).text
    assert sort_heading(by_email, "E-mail address")[0] == "ascending"
    assert sort_heading(by_email, "Name")[0] == "none"
    emails = [email for _, email in people_in(by_email)]
    assert len(emails) == 14 and emails == sorted(emails)
    assert 'name="sort" value="email"' in by_email  # the search keeps it
    reverse = client.get(sort_heading(by_email, "E-mail address")[1], headers=HTML).text
    assert people_in(reverse) == list(reversed(people_in(by_email)))
    searched = client.get("/people?q=a&sort=email&dir=desc", headers=HTML).text
    found = people_in(searched)
    assert found == [row for row in people_in(reverse) if row in found] and len(found) > 1
    exported = client.get("/people?q=a&sort=email&dir=desc&format=csv").text
    rows = list(csv.reader(io.StringIO(exported)))
    assert [row[1] for row in rows[1:]] == [email for _, email in found]
    assert people_in(client.get("/people?sort=roles").text) == by_name

    monkeypatch.setattr(people, "PAGE_SIZE", 5)
    url, seen = "/people?sort=email&dir=desc", []
    while url:
        shown = client.get(url, headers=HTML).text
        assert sort_heading(shown, "E-mail address")[0] == "descending"
        seen += people_in(shown)
        url = next_page(shown)
        assert url is None or ("sort=email" in url and "dir=desc" in url)
    assert seen == people_in(reverse)


def test_a_saved_view_of_the_sorted_searched_list_brings_back_the_same_rows(signed_in):
    client = signed_in("ada")
    query = "q=harbour&sort=email&dir=desc"
    link = save_view(client, "/people", query, "By address, Z to A")
    page = client.get(link, headers=HTML).text
    assert sort_heading(page, "E-mail address")[0] == "descending"
    assert people_in(page) == people_in(client.get(f"/people?{query}", headers=HTML).text)
