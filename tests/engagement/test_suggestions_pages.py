"""The suggestion pages: anyone (Nora holds no role) suggests from /suggestions and sees where
it went; the plan's owner triages from the suggestion's page and My work; errors show beside
their fields and change nothing; the register filters by state and kind."""

from __future__ import annotations

import csv
import html
import io
import re

from tests.support.demo import STRATEGIC, metric_id, plan_id, suggestion_id
from tests.support.pages import HTML, csrf, next_page, save_view, sort_heading, text_of

PORTAL_IDEA = "Let people help themselves: a portal for everyday requests"
PRINTING = "A managed printing service for the new offices"
BRIDGE = "Open a bridge automatically for every major incident"
MAILBOX = "Warn people before their mailbox fills up"


def error_beside(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return match.group(1) if match else None


def test_a_person_without_a_role_suggests_and_is_told_where_it_went(signed_in):
    client = signed_in("nora")
    page = client.get("/suggestions")
    assert page.status_code == 200
    assert "Make a suggestion" in page.text
    response = client.post(
        "/suggestions",
        data={"csrf_token": csrf(page.text), "kind": "STRATEGIC",
              "title": "A loan laptop pool at reception", "description": "For visitors."},
    )  # fmt: skip
    assert response.status_code == 303
    detail = client.get(response.headers["location"])
    text = text_of(detail.text)
    assert "Thank you: your suggestion was sent to Strategic plan 2026-2028." in text
    assert "Waiting for triage sent to Strategic plan 2026-2028 by Nora Quinn" in text
    assert "Edit it…" in detail.text and "Withdraw it…" in detail.text
    assert "Accept it as an initiative" not in detail.text
    home = text_of(client.get("/").text)
    assert "A loan laptop pool at reception" in home[home.index("My suggestions") :]


def test_a_refused_suggestion_shows_the_error_beside_its_field_and_keeps_the_text(signed_in):
    client = signed_in("nora")
    page = client.get("/suggestions")
    before = client.get("/suggestions?status=all").text.count('href="/suggestions/U')
    response = client.post(
        "/suggestions",
        data={"csrf_token": csrf(page.text), "kind": "SERVICE_IMPROVEMENT",
              "title": "Faster VPN", "description": "Kept as typed"},
    )  # fmt: skip
    assert response.status_code == 422
    assert error_beside(response.text, "suggest-service") == (
        "name the service whose improvement plan this is for"
    )
    assert 'value="Faster VPN"' in response.text and "Kept as typed" in response.text
    after = client.get("/suggestions?status=all").text.count('href="/suggestions/U')
    assert after == before


def test_the_register_filters_by_state_and_kind(signed_in):
    client = signed_in("priya")
    open_list = text_of(client.get("/suggestions").text)
    assert PRINTING in open_list and MAILBOX in open_list
    assert PORTAL_IDEA not in open_list  # accepted: not open
    accepted = text_of(client.get("/suggestions?status=ACCEPTED").text)
    assert PORTAL_IDEA in accepted and PRINTING not in accepted
    strategic = text_of(client.get("/suggestions?status=all&kind=STRATEGIC").text)
    assert PORTAL_IDEA in strategic and MAILBOX not in strategic
    assert "Phishing drills" not in text_of(client.get("/suggestions?status=all").text)


def test_the_steering_committee_accepts_from_my_work_and_the_initiative_says_where_it_came_from(
    signed_in,
):
    client = signed_in("margaret")
    home = client.get("/").text
    triage = home[home.index('id="suggestions-to-triage"') :]
    assert PRINTING in triage[: triage.index("</section>")]
    page = client.get(f"/suggestions/{suggestion_id(PRINTING)}")
    assert "Accept it as an initiative" in page.text
    response = client.post(
        f"/suggestions/{suggestion_id(PRINTING)}/accept",
        data={"csrf_token": csrf(page.text), "title": "Managed printing for all offices",
              "note": "Costed in the next budget round.", "expectedVersion": "1"},
    )  # fmt: skip
    assert response.status_code == 303
    detail = text_of(client.get(response.headers["location"]).text)
    assert "Accepted: it is now a proposed initiative in the plan." in detail
    assert "it became the initiative Managed printing for all offices (proposed)" in detail
    link = re.search(
        r'href="(/initiatives/[^"]+)">Managed printing',
        client.get(response.headers["location"]).text,
    )
    initiative = text_of(client.get(link[1]).text)
    assert f"Came from the suggestion {PRINTING} by Jonas Weber" in initiative


def test_only_the_plans_owner_sees_the_triage_forms_and_a_stranger_is_refused(signed_in):
    nora = signed_in("nora")
    page = nora.get(f"/suggestions/{suggestion_id(BRIDGE)}")
    assert "Accept it as an initiative" not in page.text
    assert "Support this suggestion" in page.text
    refused = nora.post(
        f"/suggestions/{suggestion_id(BRIDGE)}/decline",
        data={"csrf_token": csrf(page.text), "reason": "No"},
    )
    assert refused.status_code == 403
    supported = nora.post(
        f"/suggestions/{suggestion_id(BRIDGE)}/support", data={"csrf_token": csrf(page.text)}
    )
    assert supported.status_code == 303
    again = nora.get(f"/suggestions/{suggestion_id(BRIDGE)}")
    assert "3 people support it besides its author, you among them" in text_of(again.text)
    assert "Take back my support" in again.text


def test_declining_without_a_reason_says_so_beside_the_field(signed_in):
    client = signed_in("carlos")
    page = client.get(f"/suggestions/{suggestion_id(BRIDGE)}")
    response = client.post(
        f"/suggestions/{suggestion_id(BRIDGE)}/decline",
        data={"csrf_token": csrf(page.text), "reason": " ", "expectedVersion": "1"},
    )
    assert response.status_code == 422
    assert error_beside(response.text, "decline-reason") == (
        "a reason is required to decline a suggestion"
    )
    still = text_of(client.get(f"/suggestions/{suggestion_id(BRIDGE)}").text)
    assert "Waiting for the owner of the plan to triage it." in still


def test_a_plans_inbox_lists_its_suggestions(signed_in):
    client = signed_in("priya")
    html = client.get(f"/plans/{plan_id('sip_email')}/suggestions").text
    assert "Suggestions to E-mail improvement plan" in html
    assert MAILBOX in html
    plan_page = client.get(f"/plans/{plan_id('sip_email')}").text
    assert "Suggestions (1 open)" in plan_page


def test_similar_suggestions_show_while_the_title_is_typed(signed_in):
    client = signed_in("lena")
    block = client.get(
        "/suggestions/similar", params={"title": "bridge for major incidents"},
        headers={"hx-request": "true"},
    )  # fmt: skip
    assert block.status_code == 200
    assert block.text.lstrip().startswith('<div id="similar"')
    assert BRIDGE in block.text and "Support it instead" in block.text
    nothing = client.get("/suggestions/similar", params={"title": "zz"})
    assert BRIDGE not in nothing.text


def test_anyone_suggests_an_improvement_from_a_metric(signed_in):
    client = signed_in("nora")
    metric = client.get(f"/metrics/{metric_id('Spam reaching inboxes')}")
    link = re.search(
        r'href="(/suggestions\?sourceMetricId=[^"#]+)[^"]*">Suggest an improvement', metric.text
    )
    form = client.get(link[1].replace("&amp;", "&"))
    assert "It comes from a metric" in form.text
    assert 'name="sourceMetricId"' in form.text
    sent = client.post(
        "/suggestions",
        data={"csrf_token": csrf(form.text), "kind": "SERVICE_IMPROVEMENT",
              "serviceId": re.search(r'<option value="([^"]+)" selected>E-mail<', form.text)[1],
              "sourceMetricId": metric_id("Spam reaching inboxes"), "title": "Stricter spam rules"},
    )  # fmt: skip
    assert sent.status_code == 303
    detail = text_of(client.get(sent.headers["location"]).text)
    assert "Came from the metric Spam reaching inboxes" in detail
    assert "sent to E-mail improvement plan" in detail


def titles(page: str) -> list[str]:
    found = re.findall(r'<th scope="row"><a href="/suggestions/[^"]+">([^<]+)</a>', page)
    return [html.unescape(title) for title in found]


def test_the_list_sorts_by_clicking_a_column_heading(signed_in):
    client = signed_in("margaret")
    page = client.get("/suggestions?status=all&kind=STRATEGIC", headers=HTML).text
    assert sort_heading(page, "Submitted")[0] == "descending"  # newest first, by default
    state, link = sort_heading(page, "Support")
    assert state == "none" and "sort=support" in link and "kind=STRATEGIC" in link
    by_support = client.get(link, headers=HTML).text
    assert sort_heading(by_support, "Support")[0] == "descending"
    assert sort_heading(by_support, "Submitted")[0] == "none"
    counts = [int(n) for n in re.findall(r'<td class="number">(\d+)</td>', by_support)]
    assert len(counts) > 1 and counts == sorted(counts, reverse=True)
    by_title = client.get(sort_heading(by_support, "Suggestion")[1], headers=HTML).text
    assert sort_heading(by_title, "Suggestion")[0] == "ascending"
    ascending = titles(by_title)
    assert len(ascending) > 1
    assert ascending in (sorted(ascending), sorted(ascending, key=str.casefold))
    again = sort_heading(by_title, "Suggestion")[1]
    assert "dir=desc" in again
    descending = client.get(again, headers=HTML).text
    assert sort_heading(descending, "Suggestion")[0] == "descending"
    assert titles(descending) == list(reversed(ascending))
    assert 'name="sort" value="title"' in descending and 'name="dir" value="desc"' in descending
    exported = list(csv.reader(io.StringIO(client.get(f"{again}&format=csv").text)))[1:]
    assert [row[0] for row in exported] == titles(descending)
    unknown = client.get("/suggestions?status=all&kind=STRATEGIC&sort=bogus&dir=up", headers=HTML)
    assert unknown.status_code == 200 and titles(unknown.text) == titles(page)


def test_paging_keeps_the_sort(signed_in, monkeypatch):
    from server.web.engagement import suggestions

    monkeypatch.setattr(suggestions, "PER_PAGE", 5)
    client = signed_in("margaret")
    url, seen, pages = "/suggestions?status=all&sort=title&dir=desc", [], 0
    while url:
        page = client.get(url, headers=HTML).text
        assert sort_heading(page, "Suggestion")[0] == "descending"
        seen += titles(page)
        pages += 1
        url = next_page(page)
        assert url is None or ("sort=title" in url and "dir=desc" in url)
    assert pages > 1 and len(seen) == len(set(seen)) > 5
    assert seen in (sorted(seen, reverse=True), sorted(seen, key=str.casefold, reverse=True))
    inbox = f"/plans/{STRATEGIC}/suggestions?status=all&sort=support"
    first = client.get(inbox, headers=HTML).text
    assert next_page(first) is None  # four: one page
    monkeypatch.setattr(suggestions, "PER_PAGE", 2)
    second = next_page(client.get(inbox, headers=HTML).text)
    assert "sort=support" in second
    assert titles(client.get(second, headers=HTML).text) == titles(first)[2:]


def test_a_saved_view_of_a_sorted_filtered_list_brings_back_the_same_rows(signed_in):
    client = signed_in("margaret")
    query = "status=all&kind=STRATEGIC&sort=title&dir=desc"
    link = save_view(client, "/suggestions", query, "Strategic ideas, Z to A")
    assert link == f"/suggestions?{query}"
    page = client.get(link, headers=HTML).text
    assert titles(page) == titles(client.get(f"/suggestions?{query}", headers=HTML).text)
    assert sort_heading(page, "Suggestion")[0] == "descending"
    assert 'aria-current="true">Strategic ideas, Z to A</a>' in page
    inbox = f"/plans/{STRATEGIC}/suggestions"
    link = save_view(client, inbox, "status=all&sort=support", "Most supported")
    again = client.get(link, headers=HTML).text
    assert sort_heading(again, "Support")[0] == "descending"
    assert titles(again) == titles(client.get(f"{inbox}?status=all&sort=support").text)
