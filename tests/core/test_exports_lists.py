"""Every list page exports what it shows, as CSV or XLSX, and searches by words: the plans,
services, processes, objectives, suggestions, stakeholders, service reviews, the roadmaps'
initiatives and the portfolio's services. The same filters and visibility as the page, every
matching row, formula-like text neutralised."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from schema.core.ids import to_global_id
from server.demo import content
from tests.support.pages import HTML

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECURITY = to_global_id(
    "Plan", next(i for i, p in enumerate(content.PLANS, 1) if p[0] == "security")
)
SECURITY_NAME = next(p for p in content.PLANS if p[0] == "security")[2]


def sheet(content_: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(content_), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def both(client, address: str) -> tuple[list[list[object]], list[dict[str, str]]]:
    """The export as XLSX rows (the heading first) and as CSV records; the same rows."""
    joiner = "&" if "?" in address else "?"
    as_xlsx = client.get(f"{address}{joiner}format=xlsx")
    assert as_xlsx.status_code == 200 and as_xlsx.headers["content-type"] == XLSX
    rows = sheet(as_xlsx.content)
    as_csv = client.get(f"{address}{joiner}format=csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    records = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(records) == len(rows) - 1
    assert [str(r[0]) for r in rows[1:]] == [rec[str(rows[0][0])] for rec in records]
    return rows, records


def test_the_plans_export_and_search_and_keep_hidden_plans_hidden(signed_in, demo_client):
    margaret = signed_in("margaret")
    page = margaret.get("/plans", headers=HTML).text
    assert 'href="/plans?format=xlsx"' in page and 'name="q"' in page
    rows, records = both(margaret, "/plans")
    assert rows[0][:3] == ["Plan", "Kind", "Confidential"]
    assert SECURITY_NAME in {rec["Plan"] for rec in records}
    assert all(isinstance(row[6], int) for row in rows[1:])  # initiatives: a number
    found = margaret.get("/plans?q=security", headers=HTML).text
    assert SECURITY_NAME in found and "Strategic" not in found.split("Search the plans")[1]
    _, searched = both(margaret, "/plans?q=security")
    assert [rec["Plan"] for rec in searched] == [SECURITY_NAME]
    demo_client.cookies.clear()
    nora = signed_in("nora")
    _, hers = both(nora, "/plans")
    assert hers and SECURITY_NAME not in {rec["Plan"] for rec in hers}


def test_services_and_processes_export_with_their_filters_and_search(signed_in):
    client = signed_in("margaret")
    assert 'href="/services?lifecycle=LIVE&amp;format=csv"' in client.get(
        "/services?lifecycle=LIVE", headers=HTML).text  # fmt: skip
    rows, records = both(client, "/services")
    assert rows[0][:2] == ["Service", "Lifecycle"]
    _, live = both(client, "/services?lifecycle=LIVE")
    assert 0 < len(live) <= len(records) and {rec["Lifecycle"] for rec in live} == {"Live"}
    _, mail = both(client, "/services?q=mail")
    assert mail and all("mail" in str(rec).lower() for rec in mail)
    assert len(mail) < len(records)
    page = client.get("/services?q=mail", headers=HTML).text
    assert mail[0]["Service"] in page
    rows, records = both(client, "/processes")
    assert rows[0][0] == "Process" and len(records) > 1
    _, incident = both(client, "/processes?q=incident")
    assert incident and len(incident) < len(records)
    assert "No process matches" in client.get("/processes?q=zzzyx", headers=HTML).text


def test_suggestions_export_with_their_filters_neutralised_and_hidden_plans_hidden(
    signed_in, api, demo_client
):
    answer = api.mutate("nora", """mutation { submitSuggestion(input: {kind: STRATEGIC,
        title: "=HYPERLINK(\\"http://evil.example\\")"}) { errors { code } } }""")  # fmt: skip
    assert answer["errors"] == []
    margaret = signed_in("margaret")
    page = margaret.get("/suggestions?status=all", headers=HTML).text
    assert 'href="/suggestions?status=all&amp;format=xlsx"' in page
    rows, records = both(margaret, "/suggestions?status=all")
    assert rows[0][:4] == ["Suggestion", "Plan", "Kind of plan", "State"]
    (evil,) = [row for row in rows if "HYPERLINK" in str(row[0])]
    assert str(evil[0]).startswith("'=") and isinstance(evil[4], int)
    _, strategic = both(margaret, "/suggestions?status=all&kind=STRATEGIC")
    assert strategic and {rec["Kind of plan"] for rec in strategic} == {"Strategic"}
    assert len(strategic) < len(records)
    _, searched = both(margaret, "/suggestions?status=all&q=HYPERLINK")
    assert len(searched) == 1
    secret = [rec for rec in records if rec["Plan"] == SECURITY_NAME]
    inbox = margaret.get(f"/plans/{SECURITY}/suggestions?status=all&format=csv")
    assert len(list(csv.DictReader(io.StringIO(inbox.text)))) == len(secret)
    demo_client.cookies.clear()
    nora = signed_in("nora")
    _, hers = both(nora, "/suggestions?status=all")
    assert hers and SECURITY_NAME not in {rec["Plan"] for rec in hers}
    assert nora.get(f"/plans/{SECURITY}/suggestions?format=xlsx").status_code == 404


def test_stakeholders_export_with_their_filters_and_neutralised(signed_in, api):
    answer = api.mutate("ada", """mutation { createStakeholder(input: {name: "@SUM(1+1)",
        kind: CUSTOMER, contact: "-2+3"}) { errors { code } } }""")  # fmt: skip
    assert answer["errors"] == []
    client = signed_in("ada")
    assert 'href="/stakeholders?kind=CUSTOMER&amp;format=csv"' in client.get(
        "/stakeholders?kind=CUSTOMER", headers=HTML).text  # fmt: skip
    rows, records = both(client, "/stakeholders")
    assert rows[0] == ["Stakeholder", "Kind", "Contact", "Services it uses", "Relationship owner"]
    (evil,) = [row for row in rows if "SUM" in str(row[0])]
    assert evil[0] == "'@SUM(1+1)" and evil[2] == "'-2+3"
    _, customers = both(client, "/stakeholders?kind=CUSTOMER")
    assert {rec["Kind"] for rec in customers} == {"Customer"} and len(customers) < len(records)
    _, searched = both(client, "/stakeholders?q=SUM")
    assert [rec["Stakeholder"] for rec in searched] == ["'@SUM(1+1)"]


def test_service_reviews_export_with_their_filters_and_search_by_service(signed_in):
    from tests.support.demo import service_id

    client = signed_in("margaret")
    rows, records = both(client, "/reviews")
    assert rows[0][:3] == ["Service", "Period from", "Period to"] and records
    email = service_id("email")
    _, one = both(client, f"/reviews?service={email}")
    assert one and len({rec["Service"] for rec in one}) == 1
    name = one[0]["Service"]
    _, searched = both(client, f"/reviews?q={name.split()[0]}")
    assert searched and all(name.split()[0].lower() in rec["Service"].lower() for rec in searched)
    page = client.get(f"/reviews?q={name.split()[0]}", headers=HTML).text
    assert 'name="q"' in page and name in page
    _, nothing = both(client, "/reviews?q=zzzyx")
    assert nothing == []
    assert "No review matches" in client.get("/reviews?q=zzzyx", headers=HTML).text


def test_the_roadmaps_export_their_initiatives_with_the_filters_and_visibility(
    signed_in, demo_client
):
    from tests.support.demo import STRATEGIC

    margaret = signed_in("margaret")
    page = margaret.get(f"/plans/{STRATEGIC}/roadmap?status=IN_PROGRESS", headers=HTML).text
    link = f"/plans/{STRATEGIC}/roadmap?status=IN_PROGRESS&amp;sort=id&amp;format=xlsx"
    assert f'href="{link}"' in page
    rows, everything = both(margaret, "/roadmap")
    assert rows[0][:3] == ["Initiative", "Plan", "Status"]
    assert SECURITY_NAME in {rec["Plan"] for rec in everything}
    _, running = both(margaret, f"/plans/{STRATEGIC}/roadmap?status=IN_PROGRESS")
    assert running and {rec["Status"] for rec in running} == {"In progress"}
    assert len({rec["Plan"] for rec in running}) == 1
    _, secret = both(margaret, f"/plans/{SECURITY}/roadmap")
    assert secret and {rec["Plan"] for rec in secret} == {SECURITY_NAME}
    demo_client.cookies.clear()
    nora = signed_in("nora")
    _, hers = both(nora, "/roadmap")
    assert hers and SECURITY_NAME not in {rec["Plan"] for rec in hers}
    assert nora.get(f"/plans/{SECURITY}/roadmap?format=csv").status_code == 404


def test_the_portfolio_and_objectives_export_and_search(signed_in):
    client = signed_in("margaret")
    rows, records = both(client, "/portfolio")
    assert rows[0][:5] == ["Service", "Lifecycle", "Owner", "Annual cost", "Currency"]
    costed = [row for row in rows[1:] if row[3] is not None]
    assert costed and all(isinstance(row[3], (int, float)) and row[4] for row in costed)
    _, mail = both(client, "/portfolio?q=mail")
    assert mail and len(mail) < len(records)
    page = client.get("/portfolio?q=mail", headers=HTML).text
    assert 'href="/portfolio?q=mail&amp;format=csv"' in page and mail[0]["Service"] in page
    rows, objectives = both(client, "/objectives")
    assert rows[0][:3] == ["Objective", "Level", "Serves"] and len(objectives) > 2
    word = objectives[-1]["Objective"].split()[-1]
    _, searched = both(client, f"/objectives?q={word}")
    assert searched and len(searched) < len(objectives)
    tree = client.get(f"/objectives?q={word}", headers=HTML).text.split("The tree")[1]
    assert searched[0]["Objective"] in tree.split("Objectives nobody works on")[0]
