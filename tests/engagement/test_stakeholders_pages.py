"""The stakeholder pages: everyone reads who uses which service; the business relationship
manager adds and changes stakeholders, a relationship owner changes their own, errors show
beside their fields; a service's page lists its stakeholders."""

from __future__ import annotations

import csv
import html
import io
import re

from tests.support.demo import stakeholder_id
from tests.support.pages import HTML, csrf, save_view, sort_heading, text_of


def error_beside(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return match.group(1) if match else None


def test_everyone_reads_the_stakeholders_and_the_services_they_use(signed_in):
    client = signed_in("nora")
    page = client.get("/stakeholders")
    text = text_of(page.text)
    assert "Sales department Rita Alvarez, head of sales operations Business unit" in text
    assert "Add a stakeholder" not in page.text
    suppliers = text_of(client.get("/stakeholders?kind=SUPPLIER").text)
    assert "Northwind Hosting" in suppliers and "Sales department" not in suppliers
    detail = client.get(f"/stakeholders/{stakeholder_id('Sales department')}")
    assert "Heaviest mail users; quarterly review with Rita." in detail.text
    assert "Edit the details" not in detail.text
    service = re.search(r'href="(/services/[^"]+)">E-mail<', detail.text)[1]
    service_page = text_of(client.get(service).text)
    assert "Stakeholders (3)" in service_page and "Sales department" in service_page


def test_the_business_relationship_manager_adds_one_and_sees_a_refusal_beside_the_field(
    signed_in,
):
    client = signed_in("sam")
    page = client.get("/stakeholders")
    assert "Add a stakeholder" in page.text
    clash = client.post(
        "/stakeholders",
        data={"csrf_token": csrf(page.text), "name": "sales DEPARTMENT", "kind": "CUSTOMER"},
    )
    assert clash.status_code == 422
    assert (
        error_beside(clash.text, "new-name") == "a stakeholder is already called “sales DEPARTMENT”"
    )
    added = client.post(
        "/stakeholders",
        data={"csrf_token": csrf(page.text), "name": "Procurement", "kind": "BUSINESS_UNIT",
              "contact": "buyers@harbour-it.example"},
    )  # fmt: skip
    assert added.status_code == 303
    detail = client.get(added.headers["location"])
    assert "The stakeholder was added." in text_of(detail.text)
    future = client.post(
        added.headers["location"] + "/link",
        data={"csrf_token": csrf(detail.text), "serviceId": re.search(
            r'<option value="([^"]+)">E-mail</option>', detail.text)[1], "since": "2999-01-01"},
    )  # fmt: skip
    assert future.status_code == 422
    assert error_beside(future.text, "link-since") == "must not be in the future"


def test_a_relationship_owner_edits_their_own_but_not_anothers(signed_in):
    client = signed_in("lena")
    own = client.get(f"/stakeholders/{stakeholder_id('Northwind Hosting')}")
    assert "Edit the details" in own.text
    assert 'name="relationshipOwnerId"' not in own.text  # she may not hand it over
    saved = client.post(
        f"/stakeholders/{stakeholder_id('Northwind Hosting')}/edit",
        data={"csrf_token": csrf(own.text), "name": "Northwind Hosting", "kind": "SUPPLIER",
              "contact": "Piet de Vries, +31 20 555 0100", "expectedVersion": "1"},
    )  # fmt: skip
    assert saved.status_code == 303
    other = client.get(f"/stakeholders/{stakeholder_id('Finance')}")
    assert "Edit the details" not in other.text
    refused = client.post(
        f"/stakeholders/{stakeholder_id('Finance')}/edit",
        data={"csrf_token": csrf(other.text), "name": "Finance", "kind": "BUSINESS_UNIT"},
    )
    assert refused.status_code == 403


def names(page: str) -> list[str]:
    found = re.findall(r'<th scope="row"><a href="/stakeholders/[^"]+">([^<]+)</a>', page)
    return [html.unescape(name) for name in found]


def test_the_list_sorts_by_its_headings_and_the_filters_export_and_views_keep_it(signed_in):
    client = signed_in("nora")
    page = client.get("/stakeholders", headers=HTML).text
    assert sort_heading(page, "Stakeholder")[0] == "ascending"
    by_name = names(page)
    assert len(by_name) > 3 and by_name == sorted(by_name, key=str.casefold)
    state, link = sort_heading(page, "Services it uses")
    assert state == "none" and link == "/stakeholders?sort=services"
    most = client.get(link, headers=HTML).text
    assert sort_heading(most, "Services it uses")[0] == "descending"
    assert sort_heading(most, "Stakeholder")[0] == "none"
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", most, re.S)
    counts = [row.count('href="/services/') for row in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    fewest = client.get(sort_heading(most, "Services it uses")[1], headers=HTML).text
    assert sort_heading(fewest, "Services it uses")[0] == "ascending"
    assert 'name="sort" value="services"' in fewest and 'name="dir" value="asc"' in fewest
    by_kind = names(client.get("/stakeholders?sort=kind", headers=HTML).text)
    assert by_kind.index("Sales department") < by_kind.index("Harbour Shipping Ltd")
    query = "q=e&sort=name&dir=desc"
    shown = names(client.get(f"/stakeholders?{query}", headers=HTML).text)
    assert shown == sorted(shown, key=str.casefold, reverse=True) and len(shown) > 1
    exported = list(csv.reader(io.StringIO(client.get(f"/stakeholders?{query}&format=csv").text)))
    assert [row[0] for row in exported[1:]] == shown
    link = save_view(client, "/stakeholders", query, "With an e, Z to A")
    assert names(client.get(link, headers=HTML).text) == shown
    assert names(client.get("/stakeholders?sort=bogus&dir=desc").text) == by_name
