"""The audit log page, for administrators: who changed what and when, each field before and
after, filtered by the API's AuditLogFilter, paged, with links to what still exists."""

from __future__ import annotations

import csv
import io
import re

from tests.support.demo import SHORTEN, SWARMING, person_id
from tests.support.pages import HTML, csrf, next_page, save_view, sort_heading
from tests.support.people import make_history


def test_each_change_shows_when_who_what_and_before_and_after(signed_in):
    client = signed_in("ada")
    make_history(client)
    page = client.get("/audit", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "4 changes." in text
    rows = re.findall(r"<tr>.*?</tr>", text, re.S)[1:]
    newest = rows[0]
    assert '<a href="/people/' in newest and ">Ada Lindqvist</a>" in newest
    assert '<span class="badge audit-update">Update</span>' in newest
    assert f'<a href="/people/{person_id("nora")}">Nora Berg</a>' in newest
    assert "Nora Quinn → Nora Berg" in newest
    removed = rows[1]
    assert '<span class="badge audit-delete">Delete</span>' in removed
    assert "role assignment:" in removed and "<a href" not in removed.split("role assignment:")[1]
    created = rows[3]
    assert "Zoe Adams" in created and "zoe@harbour-it.example" in created
    assert re.search(r'<a href="/people/[^"]+">Zoe Adams</a>', created)  # still exists


def test_filters_narrow_the_log_and_htmx_swaps_only_the_log(signed_in):
    client = signed_in("ada")
    make_history(client)
    deletes = client.get("/audit?action=DELETE", headers=HTML).text
    assert "1 change matches these filters." in deletes
    people = client.get("/audit?type=Person", headers=HTML).text
    assert "2 changes match these filters." in people
    text = client.get("/audit?q=zoe", headers=HTML).text
    assert "1 change matches these filters." in text
    by_nora = client.get(f"/audit?actor={person_id('nora')}", headers=HTML).text
    assert "No change matches these filters." in by_nora
    today = client.get("/audit?since=2000-01-01&until=2999-12-31", headers=HTML).text
    assert "4 changes match" in today
    every = client.get("/audit?since=0001-01-01&until=9999-12-31", headers=HTML)
    assert every.status_code == 200 and "4 changes match" in every.text
    past = client.get("/audit?until=2001-01-01", headers=HTML).text
    assert "No change matches" in past
    assert '<option value="DELETE" selected>' in deletes  # the form shows the filters
    fragment = client.get("/audit?action=DELETE", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="audit-log">')
    assert "<h1>" not in fragment.text
    assert "HX-Request" in fragment.headers["vary"]


def test_a_bad_date_is_reported_beside_its_field(signed_in):
    client = signed_in("ada")
    response = client.get("/audit?since=yesterday&q=zoe", headers=HTML)
    assert response.status_code == 422
    assert 'id="audit-since-error"' in response.text and "must be a date" in response.text
    assert 'value="yesterday"' in response.text and 'value="zoe"' in response.text
    reversed_ = client.get("/audit?since=2026-02-01&until=2026-01-01", headers=HTML)
    assert reversed_.status_code == 422 and 'id="audit-until-error"' in reversed_.text


def test_unknown_filter_values_are_ignored(signed_in):
    response = signed_in("ada").get("/audit?action=EXPLODE&type=Nothing&actor=zzz", headers=HTML)
    assert response.status_code == 200


def test_the_log_pages_through_the_changes(signed_in, monkeypatch):
    from server.web.people import audit

    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    client = signed_in("ada")
    make_history(client)
    first = client.get("/audit?q=a", headers=HTML).text
    assert "4 changes match" in first
    link = re.search(r'href="(/audit\?[^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(link, headers=HTML).text
    assert "q=a" in link and "Previous page" in second
    assert "Nora Berg" in first and "Nora Berg" not in second.split("<tbody>")[1]


def test_changes_to_initiatives_link_to_them(signed_in, demo_client):
    client = signed_in("priya")
    page = client.get(f"/initiatives/{SHORTEN}", headers=HTML).text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    client.post(
        f"/initiatives/{SHORTEN}/actions/APPROVE",
        data={"csrf_token": csrf(page), "version": version},
    )
    demo_client.cookies.clear()
    log = signed_in("ada").get("/audit?type=Initiative", headers=HTML).text
    assert f'<a href="/initiatives/{SHORTEN}">Shorten mailbox provisioning' in log
    assert "Proposed → Approved" in log or "proposed → approved" in log


def test_only_administrators_see_the_audit_log(signed_in, demo_client):
    assert demo_client.get("/audit", headers=HTML).status_code == 303
    response = signed_in("margaret").get("/audit", headers=HTML)
    assert response.status_code == 403 and "Not allowed" in response.text


def test_recorded_fields_read_as_words_and_values_as_text():
    from server.web.people.audit import changes

    entry = {
        "before": {"percentComplete": 10, "is_active": True, "tags": []},
        "after": {"percentComplete": 40, "is_active": False, "tags": ["latency", "mail"]},
    }
    assert changes(entry) == [
        ("Percent complete", "10", "40"),
        ("Is active", "yes", "no"),
        ("Tags", "—", "latency, mail"),
    ]


def test_a_field_naming_a_row_by_id_shows_its_name(signed_in, api):
    """A new owner reads "Owner: Carlos Mendes → Ben Carter", on the initiative's trail and
    in the audit log, never as the owners' numbers."""
    query = f'{{ node(id: "{SWARMING}") {{ ... on Initiative {{ version owner {{ name }} }} }} }}'
    before = api.query("ada", query)["node"]
    changed = api.mutate(
        "carlos",  # its owner
        """mutation($input: UpdateInitiativeInput!) {
      updateInitiative(input: $input) { initiative { id } errors { message } } }""",
        {
            "input": {
                "id": SWARMING,
                "expectedVersion": before["version"],
                "ownerId": person_id("ben"),
            }
        },
    )
    assert changed["errors"] == []
    client = signed_in("ada")
    expected = f"Owner</span>: {before['owner']['name']} → Ben Carter"
    trail = client.get(f"/initiatives/{SWARMING}", headers=HTML).text
    assert expected in trail and "Owner id" not in trail
    log = client.get("/audit", headers=HTML).text
    assert expected in log


def test_an_id_the_viewer_may_not_see_is_not_shown_as_a_number():
    from schema.core.ids import to_global_id
    from server.web.people.audit import changes

    entry = {"entityType": "Initiative", "action": "UPDATE",
             "before": {"owner_id": 4, "initiativeIds": [7, 8]},
             "after": {"owner_id": 5, "initiativeIds": [7]}}  # fmt: skip
    names = {to_global_id("Person", 4): "Ada", to_global_id("Initiative", 7): "Seven"}
    assert changes(entry, names) == [
        ("Owner", "Ada", "not shown to you"),
        ("Initiatives", "Seven, not shown to you", "Seven"),
    ]


def who(page: str) -> list[str]:
    return re.findall(r'</time></td>\s*<td>(?:<a href="[^"]+">)?([^<]+)<', page)


def kinds(page: str) -> list[str]:
    body = page.split("<tbody>")[1]
    return re.findall(r'<span class="badge audit-[a-z]+">[^<]+</span>\s*([a-z ]+):', body)


def test_the_log_sorts_by_its_headings_and_filters_export_and_paging_keep_it(
    signed_in, demo_client, monkeypatch
):
    from server.web.people import audit

    save_view(signed_in("nora"), "/metrics", "rag=RED", "Red")  # a change by Nora
    demo_client.cookies.clear()
    client = signed_in("ada")
    make_history(client)
    page = client.get("/audit", headers=HTML).text
    assert sort_heading(page, "When (UTC)")[0] == "descending"  # newest first, by default
    state, link = sort_heading(page, "Who")
    assert state == "none" and link == "/audit?sort=actor"
    by_who = client.get(link, headers=HTML).text
    assert sort_heading(by_who, "Who")[0] == "ascending"
    assert sort_heading(by_who, "When (UTC)")[0] == "none"
    assert who(by_who) == ["Ada Lindqvist"] * 4 + ["Nora Quinn"]
    assert 'name="sort" value="actor"' in by_who  # the filters keep it
    again = client.get(sort_heading(by_who, "Who")[1], headers=HTML).text
    assert who(again) == ["Nora Quinn"] + ["Ada Lindqvist"] * 4
    by_what = client.get("/audit?sort=entity", headers=HTML).text
    assert kinds(by_what) == ["person", "person", "role assignment", "role assignment",
                              "savedview"]  # fmt: skip
    rows = list(csv.reader(io.StringIO(client.get("/audit?sort=actor&format=csv").text)))
    assert [row[1] for row in rows[1:]] == who(by_who)
    oldest = client.get("/audit?dir=asc", headers=HTML).text
    assert sort_heading(oldest, "When (UTC)")[0] == "ascending" and who(oldest)[0] == "Nora Quinn"
    assert who(client.get("/audit?sort=when&dir=sideways").text) == who(page)

    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    url, seen = "/audit?sort=actor&dir=desc", []
    while url:
        shown = client.get(url, headers=HTML).text
        assert sort_heading(shown, "Who")[0] == "descending"
        seen += who(shown)
        url = next_page(shown)
        assert url is None or ("sort=actor" in url and "dir=desc" in url)
    assert seen == who(again)


def test_a_saved_view_of_the_sorted_filtered_log_brings_back_the_same_rows(signed_in):
    client = signed_in("ada")
    make_history(client)
    query = "type=RoleAssignment&sort=entity&dir=desc"
    link = save_view(client, "/audit", query, "Roles, by what")
    page = client.get(link, headers=HTML).text
    assert sort_heading(page, "What")[0] == "descending"
    assert "2 changes match these filters." in page
    assert page.split("<tbody>")[1] == client.get(f"/audit?{query}").text.split("<tbody>")[1]
