"""Registering and editing services and their offerings on the pages: administrators register a
service and rename it; its owner describes it and keeps its offerings, without renaming it; no
one else sees the forms. Refusals sit beside their fields with the input kept (422)."""

from __future__ import annotations

import html
import re

from tests.support.demo import service_id
from tests.support.pages import HTML, csrf, text_of

EMAIL = service_id("email")  # Priya owns it
DESK = service_id("desk")  # Jonas owns it


def send(client, path: str, page: str, fields: dict):
    token = csrf(client.get(page).text)
    return client.post(path, data={"csrf_token": token, **fields}, headers=HTML)


def field_error(page: str, field_id: str) -> str | None:
    """The error shown beside the field with this id, if any."""
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else None


def offering_ids(page: str) -> list[str]:
    return re.findall(rf'action="/services/{EMAIL}/offerings/([^"]+)"', page)


def test_an_administrator_registers_a_service_with_its_plan_and_renames_it(signed_in, api):
    ada = signed_in("ada")
    assert 'href="/services/new"' in ada.get("/services").text
    page = ada.get("/services/new").text
    assert 'id="service-lifecycle"' in page and 'id="service-planName"' in page
    created = send(
        ada, "/services/new", "/services/new",
        {"name": "Printing", "description": "Printers and scanning", "lifecycle": "PIPELINE"},
    )  # fmt: skip
    assert created.status_code == 303
    service = created.headers["location"].rsplit("/", 1)[1]
    shown = text_of(ada.get(f"/services/{service}").text)
    assert "Printing" in shown and "Printers and scanning" in shown and "Pipeline" in shown
    assert "Printing improvement plan" in shown
    edit = f"/services/{service}/edit"
    page = ada.get(edit).text
    assert 'id="service-name"' in page and 'id="service-lifecycle"' not in page
    renamed = send(ada, edit, edit, {"name": "Print services", "description": "Printers"})
    assert renamed.status_code == 303 and renamed.headers["location"] == f"/services/{service}"
    entries = api.query(
        "ada",
        f'{{ auditLog(first: 5, filter: {{entity: ["{service}"]}}) {{ nodes {{ action }} }} }}',
    )["auditLog"]["nodes"]
    assert [entry["action"] for entry in entries] == ["UPDATE", "CREATE"]


def test_a_taken_name_is_refused_beside_the_field_with_the_input_kept(signed_in, api):
    ada = signed_in("ada")
    before = api.table_contents()
    taken = send(
        ada, "/services/new", "/services/new",
        {"name": "E-mail", "description": "Again", "lifecycle": "LIVE"},
    )  # fmt: skip
    assert taken.status_code == 422
    assert field_error(taken.text, "service-name") == "the name 'E-mail' is taken"
    assert ">Again</textarea>" in taken.text
    assert re.search(r'<option value="LIVE" selected>', taken.text)
    no_lifecycle = send(ada, "/services/new", "/services/new", {"name": "Fax", "lifecycle": "X"})
    assert no_lifecycle.status_code == 422
    assert field_error(no_lifecycle.text, "service-lifecycle") == "choose where the service is now"
    empty = send(ada, f"/services/{DESK}/edit", f"/services/{DESK}/edit", {"name": " "})
    assert empty.status_code == 422 and field_error(empty.text, "service-name")
    assert api.table_contents() == before


def test_the_owner_describes_the_service_and_keeps_its_offerings_but_does_not_rename_it(
    signed_in, api
):
    priya = signed_in("priya")
    service_page = priya.get(f"/services/{EMAIL}").text
    assert f'href="/services/{EMAIL}/edit"' in service_page
    edit = f"/services/{EMAIL}/edit"
    page = priya.get(edit).text
    assert 'id="service-name"' not in page and "administrators rename services" in page
    saved = send(priya, edit, edit, {"description": "Mail for everyone, calendars too"})
    assert saved.status_code == 303
    assert "Mail for everyone, calendars too" in priya.get(f"/services/{EMAIL}").text
    renamed = send(priya, edit, edit, {"name": "Mail", "description": "x"})
    assert renamed.status_code == 303  # the name is not hers to send: it stays
    name = api.query("ada", f'{{ node(id: "{EMAIL}") {{ ... on Service {{ name }} }} }}')
    assert name["node"]["name"] == "E-mail"

    added = send(
        priya, f"/services/{EMAIL}/offerings", edit,
        {"name": "Mailing lists", "kind": "SERVICE_ACTION", "description": "Lists on request"},
    )  # fmt: skip
    assert added.status_code == 303
    page = priya.get(edit).text
    assert "Offering added: Mailing lists." in page
    first = offering_ids(page)[0]
    changed = send(
        priya, f"/services/{EMAIL}/offerings/{first}", edit,
        {"name": "Mailbox", "kind": "GOODS", "description": "A mailbox of 50 GB"},
    )  # fmt: skip
    assert changed.status_code == 303
    shown = text_of(priya.get(f"/services/{EMAIL}").text)
    assert "Mailing lists" in shown and "A mailbox of 50 GB" in shown


def test_an_offering_refused_comes_back_open_with_its_error(signed_in, api):
    priya = signed_in("priya")
    edit = f"/services/{EMAIL}/edit"
    before = api.table_contents()
    twice = send(
        priya, f"/services/{EMAIL}/offerings", edit,
        {"name": "Mailbox", "kind": "GOODS", "description": "Twice"},
    )  # fmt: skip
    assert twice.status_code == 422
    assert field_error(twice.text, "new-offering-name") == "E-mail already offers 'Mailbox'"
    assert '<details id="new-offering" open>' in twice.text and ">Twice</textarea>" in twice.text
    first = offering_ids(twice.text)[0]
    no_kind = send(
        priya, f"/services/{EMAIL}/offerings/{first}", edit, {"name": "Mailbox", "kind": "TOYS"}
    )
    assert no_kind.status_code == 422
    assert field_error(no_kind.text, "offering-1-kind") == "choose what the offering is made of"
    assert f'<details id="{first}" open>' in no_kind.text
    assert api.table_contents() == before


def test_nobody_else_edits_a_service_or_sees_the_links(signed_in, demo_client):
    priya = signed_in("priya")
    assert 'href="/services/new"' not in priya.get("/services").text
    assert f'href="/services/{DESK}/edit"' not in priya.get(f"/services/{DESK}").text
    assert priya.get(f"/services/{DESK}/edit").status_code == 403
    assert priya.get("/services/new").status_code == 403
    token = csrf(priya.get(f"/services/{EMAIL}").text)
    refused = priya.post(
        f"/services/{DESK}/offerings",
        data={"csrf_token": token, "name": "Mine", "kind": "GOODS"},
        headers=HTML,
    )
    assert refused.status_code == 403
    email_offering = offering_ids(priya.get(f"/services/{EMAIL}/edit").text)[0]
    elsewhere = priya.post(
        f"/services/{EMAIL}/offerings/{email_offering}".replace(EMAIL, DESK, 1),
        data={"csrf_token": token, "name": "Mine", "kind": "GOODS"},
        headers=HTML,
    )
    assert elsewhere.status_code == 403
    demo_client.cookies.clear()
    nora = signed_in("nora")
    assert "/edit" not in nora.get(f"/services/{EMAIL}").text
    assert nora.get(f"/services/{EMAIL}/edit").status_code == 403
