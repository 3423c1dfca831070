"""The portfolio pages without JavaScript: the portfolio by lifecycle with costs and service
levels; the steering committee decides a waiting move there; a service's owner proposes a move
and states the cost and value on its page, errors beside their fields."""

from __future__ import annotations

import csv
import html
import io
import re

from tests.support.demo import service_id
from tests.support.pages import HTML, csrf, save_view, sort_heading, text_of


def error_beside(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return match.group(1) if match else None


def test_the_committee_takes_the_portal_live_from_the_portfolio(signed_in):
    client = signed_in("margaret")
    page = client.get("/portfolio")
    text = text_of(page.text)
    assert "Waiting for the steering committee (1)" in text
    assert "Self-Service Portal : take it live proposed by Lena Fischer" in text
    assert "Catalogue (6)" in text and "Pipeline (1)" in text and "Retired (1)" in text
    action = re.search(r'action="(/portfolio/decisions/[^"]+)"', page.text)[1]
    reasonless = client.post(action, data={"csrf_token": csrf(page.text), "approve": "no"})
    assert reasonless.status_code == 422
    assert "a reason is required to reject a portfolio move" in text_of(reasonless.text)
    approved = client.post(action, data={"csrf_token": csrf(page.text), "approve": "yes",
                                         "note": "The pilot convinced us."})  # fmt: skip
    assert approved.status_code == 303
    after = text_of(client.get("/portfolio").text)
    assert "Approved: the service moved." in after and "Catalogue (7)" in after
    assert "No move is waiting." in after


def test_an_owner_proposes_a_move_and_states_cost_and_value(signed_in):
    client = signed_in("jonas")
    where = f"/services/{service_id('network')}"
    page = client.get(where)
    assert "Propose a portfolio move" in page.text and "State its cost and value" in page.text
    caseless = client.post(
        f"{where}/portfolio-move",
        data={"csrf_token": csrf(page.text), "move": "RETIRE", "case": ""},
    )
    assert caseless.status_code == 422
    assert (
        error_beside(caseless.text, "move-case")
        == "a reason is required to propose a portfolio move"
    )
    proposed = client.post(
        f"{where}/portfolio-move",
        data={
            "csrf_token": csrf(page.text),
            "move": "RETIRE",
            "case": "Moved to the carrier's network.",
        },
    )
    assert proposed.status_code == 303
    assert "The move was proposed; the steering committee decides." in text_of(
        client.get(where).text
    )
    bad = client.post(
        f"{where}/cost-and-value",
        data={"csrf_token": csrf(page.text), "annualCost": "lots", "currency": "EUR"},
    )
    assert (
        error_beside(bad.text, "cost-annualCost") == "must be an amount such as 120000 or 95000.50"
    )
    saved = client.post(
        f"{where}/cost-and-value",
        data={
            "csrf_token": csrf(page.text),
            "annualCost": "275000",
            "currency": "eur",
            "valueStatement": "Every service reaches people through it.",
        },
    )
    assert saved.status_code == 303
    assert "€275,000.00" in text_of(client.get(where).text)


def catalogue(page: str) -> list[str]:
    start = page.index('<table id="portfolio-live">')
    table = page[start : page.index("</table>", start)]
    found = re.findall(r'<th scope="row"><a href="/services/[^"]+">([^<]+)</a>', table)
    return [html.unescape(name) for name in found]


def test_the_services_sort_by_the_headings_and_search_export_and_views_keep_it(signed_in):
    client = signed_in("margaret")
    page = client.get("/portfolio", headers=HTML).text
    assert sort_heading(page, "Service")[0] == "ascending"
    by_name = catalogue(page)
    assert len(by_name) == 6 and by_name == sorted(by_name, key=str.casefold)
    state, link = sort_heading(page, "Annual cost")
    assert state == "none" and link == "/portfolio?sort=cost"
    dearest = client.get(link, headers=HTML).text
    assert sort_heading(dearest, "Annual cost")[0] == "descending"
    assert dearest.count('aria-sort="descending"') == 3  # each table, sorted alike
    assert catalogue(dearest)[:3] == ["Cloud Hosting", "Service Desk", "Network"]
    cheapest = client.get(sort_heading(dearest, "Annual cost")[1], headers=HTML).text
    assert catalogue(cheapest) == list(reversed(catalogue(dearest)))
    query = "q=e&sort=cost&dir=asc"
    searched = client.get(f"/portfolio?{query}", headers=HTML).text
    assert '<input type="hidden" name="sort" value="cost">' in searched  # the search keeps it
    shown = catalogue(searched)
    assert shown == [name for name in catalogue(cheapest) if name in shown] and len(shown) > 1
    rows = list(csv.reader(io.StringIO(client.get(f"/portfolio?{query}&format=csv").text)))
    assert [row[0] for row in rows[1:] if row[1] == "Live"] == shown
    link = save_view(client, "/portfolio", query, "Cheapest first")
    assert catalogue(client.get(link, headers=HTML).text) == shown
    assert catalogue(client.get("/portfolio?sort=waiting").text) == by_name
