"""The portfolio pages without JavaScript: the portfolio by lifecycle with costs and service
levels; the steering committee decides a waiting move there; a service's owner proposes a move
and states the cost and value on its page, errors beside their fields."""

from __future__ import annotations

import re

from tests.support.demo import service_id
from tests.support.pages import csrf, text_of


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
