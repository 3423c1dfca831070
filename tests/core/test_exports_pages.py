"""Every list exports what it shows, as CSV or XLSX: the same filters and visibility as the
page, all matching rows (not one page), formula-like text neutralised, numbers kept numbers."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from tests.support.demo import STRATEGIC
from tests.support.pages import HTML

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(content: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_plan_s_initiatives_export_as_xlsx_with_numbers_as_numbers(signed_in, api):
    client = signed_in("margaret")
    answer = api.mutate("margaret", """mutation($plan: ID!) { proposeInitiative(input: {planId:
        $plan, title: "=HYPERLINK(\\"http://evil.example\\")", budgetRequested: "1234.50",
        currency: "EUR"}) { errors { code } } }""", {"plan": STRATEGIC})  # fmt: skip
    assert answer["errors"] == []
    page = client.get(f"/plans/{STRATEGIC}", headers=HTML).text
    assert re.search(f'href="/plans/{STRATEGIC}\\?[^"]*format=xlsx"', page)
    assert "up to 10,000 rows" in page
    exported = client.get(f"/plans/{STRATEGIC}?format=xlsx&sort=title")
    assert exported.headers["content-type"] == XLSX
    assert 'filename="strategic-plan-2026-2028.xlsx"' in exported.headers["content-disposition"]
    rows = sheet_rows(exported.content)
    assert rows[0][:3] == ["Title", "Status", "Priority"]
    as_csv = list(
        csv.reader(io.StringIO(client.get(f"/plans/{STRATEGIC}?format=csv&sort=title").text))
    )
    assert [row[0] for row in rows] == [row[0] for row in as_csv]  # the same rows, in order
    (evil,) = [row for row in rows if "HYPERLINK" in str(row[0])]
    assert evil[0].startswith("'=") and evil[7] == 1234.5  # text neutralised, money a number


def test_the_metrics_export_keeps_the_filters_and_the_viewer_s_visibility(signed_in):
    from tests.support.demo import person_id

    nora = signed_in("nora")
    everything = sheet_rows(nora.get("/metrics?format=xlsx").content)
    assert everything[0][:3] == ["Metric", "Status", "Why"]
    priya_only = sheet_rows(nora.get(f"/metrics?format=xlsx&owner={person_id('priya')}").content)
    assert 1 < len(priya_only) < len(everything)
    assert {row[7] for row in priya_only[1:]} == {"Priya Raman"}
    red = list(csv.DictReader(io.StringIO(nora.get("/metrics?format=csv&rag=RED").text)))
    assert red and {row["Status"] for row in red} == {"Red"}


def test_the_audit_log_and_people_export_for_administrators_only(signed_in, demo_client):
    ada = signed_in("ada")
    people = sheet_rows(ada.get("/people?format=xlsx").content)
    assert people[0] == ["Name", "E-mail", "Administrator", "Active", "Roles"]
    assert people[1][:4] == ["Ada Lindqvist", "ada@harbour-it.example", "yes", "yes"]
    found = list(csv.DictReader(io.StringIO(ada.get("/people?format=csv&q=quinn").text)))
    assert [row["Name"] for row in found] == ["Nora Quinn"]
    log = ada.get("/audit?format=csv")
    assert log.headers["content-type"].startswith("text/csv")
    assert next(csv.reader(io.StringIO(log.text))) == [
        "When (UTC)", "Who", "Action", "Kind", "What", "Changes"]  # fmt: skip
    demo_client.cookies.clear()
    nora = signed_in("nora")
    assert nora.get("/people?format=csv", headers=HTML).status_code == 403
    assert nora.get("/audit?format=xlsx", headers=HTML).status_code == 403


def test_an_export_is_cut_at_the_cap_and_says_so(signed_in, monkeypatch):
    from server.web.core import exports

    monkeypatch.setattr(exports, "EXPORT_CAP", 3)
    monkeypatch.setattr(exports.every_row, "__defaults__", (3,))
    rows = list(csv.reader(io.StringIO(signed_in("ada").get("/metrics?format=csv").text)))
    assert len(rows) == 1 + 3 + 1
    assert rows[-1] == ["Only the first 3 rows: narrow the filters for the rest."]
