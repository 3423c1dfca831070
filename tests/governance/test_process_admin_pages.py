"""Registering and renaming processes on the pages (administrators): a new process comes with
its improvement plan; a refusal sits beside its field with the input kept (422); nobody else
sees the forms or may open them."""

from __future__ import annotations

import html
import re

from tests.support.demo import process_id
from tests.support.pages import HTML, csrf, text_of

INCIDENT = process_id("incident")


def send(client, path: str, fields: dict):
    token = csrf(client.get(path).text)
    return client.post(path, data={"csrf_token": token, **fields}, headers=HTML)


def field_error(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else None


def test_an_administrator_registers_a_process_and_renames_it(signed_in):
    ada = signed_in("ada")
    assert 'href="/processes/new"' in ada.get("/processes").text
    created = send(
        ada, "/processes/new",
        {"name": "Capacity Management", "description": "Enough, not too much",
         "planName": "Capacity plan"},
    )  # fmt: skip
    assert created.status_code == 303
    process = created.headers["location"].rsplit("/", 1)[1]
    page = ada.get(f"/processes/{process}").text
    assert "Capacity Management" in page and "Capacity plan" in text_of(page)
    assert f'href="/processes/{process}/edit"' in page
    renamed = send(ada, f"/processes/{process}/edit", {"name": "Capacity and Performance"})
    assert renamed.status_code == 303
    assert "Capacity and Performance" in ada.get(f"/processes/{process}").text


def test_a_taken_name_is_refused_beside_the_field_with_the_input_kept(signed_in, api):
    ada = signed_in("ada")
    before = api.table_contents()
    taken = send(ada, "/processes/new", {"name": "Incident Management", "description": "Once more"})
    assert taken.status_code == 422
    assert field_error(taken.text, "process-name") == "the name 'Incident Management' is taken"
    assert ">Once more</textarea>" in taken.text
    empty = send(ada, f"/processes/{INCIDENT}/edit", {"name": "  "})
    assert empty.status_code == 422 and field_error(empty.text, "process-name")
    assert api.table_contents() == before


def test_nobody_but_administrators_sees_or_opens_the_process_forms(signed_in):
    carlos = signed_in("carlos")  # owns Incident Management: he defines it, not renames it
    assert 'href="/processes/new"' not in carlos.get("/processes").text
    assert f'href="/processes/{INCIDENT}/edit"' not in carlos.get(f"/processes/{INCIDENT}").text
    assert carlos.get("/processes/new").status_code == 403
    assert carlos.get(f"/processes/{INCIDENT}/edit").status_code == 403
