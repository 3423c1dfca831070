"""Linking a strategic initiative's children on its page: its plan's maintainers choose from the
initiatives of the subordinate plans that execute no strategic initiative yet, and unlink them
again; a bad choice is refused beside the field and writes nothing; nobody else sees the forms."""

from __future__ import annotations

import re

from schema.core.ids import to_global_id
from tests.support.databases import load_demo_into
from tests.support.demo import SHORTEN, demo_id
from tests.support.pages import HTML, csrf, field_error, sign_in, text_of

PORTAL = to_global_id("Initiative", 1)  # "Introduce a self-service portal", five children
HOSTING = demo_id("Host the self-service portal")  # one of them
VALUE_STREAMS = demo_id("Adopt a value-stream operating model")  # strategic too


def choices(page: str) -> dict[str, str]:
    """The initiatives the link form offers: id -> the option's text."""
    start = page.index('id="link-childId"')
    select = page[start : page.index("</select>", start)]
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select))


def executed_through(page: str) -> str:
    """The children the page lists (not the choices of the link form)."""
    start = page.index('<article id="children">')
    return text_of(page[start : page.index("<form", page.index("</ul>", start))])


def link(client, child: str, **headers):
    page = client.get(f"/initiatives/{PORTAL}").text
    return client.post(
        f"/initiatives/{PORTAL}/children",
        data={"csrf_token": csrf(page), "childId": child},
        headers={**HTML, **headers},
    )


def unlink(client, child: str, version: str = ""):
    page = client.get(f"/initiatives/{PORTAL}").text
    return client.post(
        f"/initiatives/{PORTAL}/children/{child}/unlink",
        data={"csrf_token": csrf(page), "version": version},
        headers=HTML,
    )


def test_the_steering_committee_links_work_of_a_subordinate_plan_and_unlinks_it(signed_in):
    margaret = signed_in("margaret")
    page = margaret.get(f"/initiatives/{PORTAL}").text
    offered = choices(page)
    assert offered[SHORTEN] == "Shorten mailbox provisioning to one hour (proposed)"
    assert VALUE_STREAMS not in offered and PORTAL not in offered  # strategic work is not offered
    assert HOSTING not in offered  # already executes the portal
    assert "Derived from 5 initiatives" in page

    linked = link(margaret, SHORTEN)
    assert linked.status_code == 303
    assert linked.headers["location"] == f"/initiatives/{PORTAL}#children"
    page = margaret.get(f"/initiatives/{PORTAL}").text
    assert "Shorten mailbox provisioning to one hour (E-mail improvement plan)" in (
        executed_through(page)
    )
    assert "Derived from 6 initiatives" in page and SHORTEN not in choices(page)
    child = margaret.get(f"/initiatives/{SHORTEN}").text
    assert "Executes Introduce a self-service portal" in text_of(child)

    version = re.search(
        rf'children/{SHORTEN}/unlink".*?name="version" value="(\d+)"', page, re.S
    ).group(1)
    assert unlink(margaret, SHORTEN, version).status_code == 303
    page = margaret.get(f"/initiatives/{PORTAL}").text
    assert "Shorten mailbox" not in executed_through(page) and SHORTEN in choices(page)
    assert "Derived from 5 initiatives" in page


def test_a_bad_choice_is_refused_beside_the_field_and_changes_nothing(signed_in, api):
    margaret = signed_in("margaret")
    before = api.table_contents()
    empty = link(margaret, "")
    assert empty.status_code == 422
    assert field_error(empty.text, "childId") == "choose an initiative of a subordinate plan"
    strategic = link(margaret, VALUE_STREAMS)
    assert strategic.status_code == 422
    assert field_error(strategic.text, "childId") == (
        "a child must live in a subordinate plan, not the strategic plan"
    )
    itself = link(margaret, PORTAL)
    assert itself.status_code == 422 and field_error(itself.text, "childId")
    assert api.table_contents() == before

    elsewhere = api.mutate(
        "margaret",
        "mutation($p: ID!, $c: ID!) { linkChildInitiative(input: {parentId: $p, childId: $c}) "
        "{ errors { code } } }",
        {"p": VALUE_STREAMS, "c": SHORTEN},
    )
    assert elsewhere["errors"] == []
    taken = link(margaret, SHORTEN)
    assert taken.status_code == 422
    assert (
        field_error(taken.text, "childId") == "already executes another initiative; unlink it first"
    )
    not_ours = unlink(margaret, SHORTEN)
    assert not_ours.status_code == 422
    assert "That initiative no longer executes this one." in text_of(not_ours.text)
    still = api.query(
        "ada", f'{{ node(id: "{SHORTEN}") {{ ... on Initiative {{ parent {{ id }} }} }} }}'
    )
    assert still["node"]["parent"]["id"] == VALUE_STREAMS


def test_a_link_made_in_place_answers_with_the_page_block_and_says_what_was_done(signed_in):
    margaret = signed_in("margaret")
    answer = link(margaret, SHORTEN, **{"hx-request": "true"})
    assert answer.status_code == 200 and answer.text.lstrip().startswith('<div id="initiative"')
    assert "Done: Shorten mailbox provisioning to one hour linked." in answer.text
    refused = link(margaret, "", **{"hx-request": "true"})
    assert refused.status_code == 422
    assert field_error(refused.text, "childId") == "choose an initiative of a subordinate plan"


def test_the_choices_narrow_to_what_is_found(signed_in):
    margaret = signed_in("margaret")
    page = margaret.get(f"/initiatives/{PORTAL}?find=mailbox").text
    assert set(choices(page)) == {SHORTEN}
    assert 'value="mailbox"' in page
    none = margaret.get(f"/initiatives/{PORTAL}?find=no+such+words").text
    assert choices(none) == {} and "None matches “no such words”." in text_of(none)


def test_only_the_strategic_plans_maintainers_see_the_forms_and_may_post_them(
    signed_in, demo_client
):
    priya = signed_in("priya")
    page = priya.get(f"/initiatives/{PORTAL}").text
    assert "Executed through" in page
    assert 'id="link-childId"' not in page and "/unlink" not in page
    assert link(priya, SHORTEN).status_code == 403
    demo_client.cookies.clear()
    margaret = signed_in("margaret")
    service_work = margaret.get(f"/initiatives/{SHORTEN}").text
    assert 'id="link-childId"' not in service_work  # only strategic work has children
    malformed = margaret.post(
        f"/initiatives/{PORTAL}/children/not-an-id/unlink",
        data={"csrf_token": csrf(service_work)},
        headers=HTML,
    )
    assert malformed.status_code == 404


def test_more_choices_than_a_list_holds_offer_the_first_by_title_and_a_search(
    database_url, app_factory
):
    """Ten times the demo: far more candidates than the list holds; it shows the first 200 by
    title, says there are more, and offers the search (without counting them all)."""
    load_demo_into(database_url, scale=10)
    client = app_factory(database_url)
    assert sign_in(client, "margaret").status_code == 303
    page = client.get(f"/initiatives/{PORTAL}").text
    offered = list(choices(page).values())
    assert len(offered) == 200
    shown = text_of(page)
    assert "The first 200 by title, and more; find the one you want below." in shown
    assert 'id="find-child"' in page
    narrowed = client.get(f"/initiatives/{PORTAL}?find=mailbox").text
    assert "and more" not in text_of(narrowed) and len(choices(narrowed)) == 10
