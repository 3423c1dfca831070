"""Creating and editing plans on the pages (administrators): a refusal sits beside its field with
the input kept (422); nobody else sees the forms or may open them."""

from __future__ import annotations

import html
import re

from tests.support.demo import EMAIL_PLAN, plan_id
from tests.support.pages import HTML, csrf, text_of

SECURITY = plan_id("security")


def send(client, path: str, fields: dict):
    token = csrf(client.get(path).text)
    return client.post(path, data={"csrf_token": token, **fields}, headers=HTML)


def field_error(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else None


def test_an_administrator_creates_a_plan_and_edits_it(signed_in):
    ada = signed_in("ada")
    assert 'href="/plans/new"' in ada.get("/plans").text
    created = send(
        ada, "/plans/new",
        {"kind": "SKILL_DEVELOPMENT", "name": "Cloud skills", "description": "Certify two"},
    )  # fmt: skip
    assert created.status_code == 303
    plan = created.headers["location"].rsplit("/", 1)[1]
    page = ada.get(f"/plans/{plan}").text
    assert "Cloud skills" in page and "Certify two" in page
    assert f'href="/plans/{plan}/edit"' in page
    edited = send(ada, f"/plans/{plan}/edit", {"name": "Cloud skills 2027", "description": "Three"})
    assert edited.status_code == 303
    assert "Cloud skills 2027" in text_of(ada.get(f"/plans/{plan}").text)


def test_bad_input_is_refused_beside_the_field_with_the_input_kept(signed_in, api):
    ada = signed_in("ada")
    before = api.table_contents()
    scoped = send(ada, "/plans/new", {"kind": "SERVICE_IMPROVEMENT", "name": "Loose"})
    assert scoped.status_code == 422
    assert field_error(scoped.text, "plan-kind") == "choose one of the kinds"
    taken = send(
        ada, "/plans/new",
        {"kind": "CONTINUITY_IMPROVEMENT", "name": "Strategic plan 2026-2028",
         "description": "Kept"},
    )  # fmt: skip
    assert taken.status_code == 422
    assert field_error(taken.text, "plan-name") == "the name 'Strategic plan 2026-2028' is taken"
    assert ">Kept</textarea>" in taken.text
    open_security = send(ada, f"/plans/{SECURITY}/edit", {"name": "Security plan"})
    assert open_security.status_code == 422
    assert field_error(open_security.text, "plan-confidential") == (
        "the security improvement plan is always confidential"
    )
    assert api.table_contents() == before


def test_nobody_but_administrators_sees_or_opens_the_plan_forms(signed_in):
    priya = signed_in("priya")
    assert 'href="/plans/new"' not in priya.get("/plans").text
    assert "/edit" not in priya.get(f"/plans/{EMAIL_PLAN}").text.split("<table")[0]
    assert priya.get("/plans/new").status_code == 403
    assert priya.get(f"/plans/{EMAIL_PLAN}/edit").status_code == 403
