"""Feedback from a CSV file: every line checked by the rules of recordFeedback and recorded
all or none, each bad line named with its number; the satisfaction metric follows; the page
takes the file and shows the outcome."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.demo import service_id, stakeholder_id
from tests.support.pages import csrf, text_of

IMPORT = """mutation($content: String!) { importFeedback(input: {content: $content}) {
  recorded feedback { score service { name } stakeholder { name } }
  errors { field code message } } }"""
COUNT = """query($id: ID!) { node(id: $id) { ... on Service { feedback(first: 1) { totalCount }
  satisfaction { month average responses } } } }"""

DAY = (date.today() - timedelta(days=2)).isoformat()


def count(api, key: str = "email") -> int:
    node = api.query("priya", COUNT, {"id": service_id(key)})["node"]
    return node["feedback"]["totalCount"]


def test_a_good_file_is_recorded_and_moves_satisfaction(api):
    text = (
        "Service,Stakeholder,given_on,score,channel,comment,person\n"
        f"E-mail,Sales department,{DAY},1,Survey,Mail was down all morning,\n"
        f"{service_id('email')},{stakeholder_id('Finance')},{DAY},2,service desk,,\n"
        f"E-mail,,{DAY},5,meeting,,NORA@harbour-it.example\n"
    )
    before = count(api)
    done = api.mutate("priya", IMPORT, {"content": text})
    assert done["errors"] == [] and done["recorded"] == 3
    assert [(f["score"], (f["stakeholder"] or {}).get("name")) for f in done["feedback"]] == [
        (1, "Sales department"), (2, "Finance"), (5, None),
    ]  # fmt: skip
    assert count(api) == before + 3
    month = DAY[:8] + "01"
    node = api.query("priya", COUNT, {"id": service_id("email")})["node"]
    assert any(p["month"] == month for p in node["satisfaction"])


def test_every_bad_line_is_named_and_nothing_is_recorded(api):
    future = (date.today() + timedelta(days=3)).isoformat()
    text = (
        "service,given_on,score,channel,stakeholder\n"
        f"E-mail,{DAY},4,survey,Sales department\n"
        f"Nowhere,{DAY},4,survey,Sales department\n"
        f"E-mail,31/01/2026,7,letter,Sales department\n"
        f"E-mail,{future},3,survey,Sales department\n"
        f"Service Desk,{DAY},3,survey,Sales department\n"
        f"E-mail,{DAY},3,survey,\n"
    )
    before = count(api)
    refused = api.mutate("priya", IMPORT, {"content": text})
    assert refused["recorded"] is None and refused["feedback"] is None
    lines = {tuple(e["field"])[-1]: (e["code"], e["message"]) for e in refused["errors"]}
    assert set(lines) == {"3", "4", "5", "6", "7"}
    assert "no service is called or has the ID 'Nowhere'" in lines["3"][1]
    assert "given_on '31/01/2026' is not an ISO 8601 date" in lines["4"][1]
    assert "score '7'" in lines["4"][1] and "channel 'letter'" in lines["4"][1]
    assert lines["5"] == ("INVALID", "line 5: given_on: must not be in the future")
    assert lines["6"][0] == "FORBIDDEN"  # Priya does not own the Service Desk
    assert lines["7"][1] == "line 7: stakeholder: name the stakeholder or the person who gave it"
    assert count(api) == before
    header = api.mutate("priya", IMPORT, {"content": "service,when\nE-mail,x\n"})
    assert header["errors"][0]["message"].startswith("line 1: header: unknown column 'when'")
    empty = api.mutate("priya", IMPORT, {"content": "  "})
    assert empty["errors"][0]["field"] == ["input", "content"]


def test_the_page_takes_the_file_and_shows_the_outcome(signed_in):
    client = signed_in("jonas")
    page = client.get("/feedback/import")
    assert page.status_code == 200 and "service,stakeholder,given_on,score,channel" in (
        client.get("/feedback/import/example.csv").text
    )
    good = (
        f"service,stakeholder,given_on,score,channel\nService Desk,Field engineers,{DAY},4,survey\n"
    )
    recorded = client.post(
        "/feedback/import", data={"csrf_token": csrf(page.text)},
        files={"file": ("desk.csv", good.encode(), "text/csv")},
    )  # fmt: skip
    assert "1 piece of feedback recorded" in text_of(recorded.text)
    assert "Service Desk" in text_of(recorded.text)
    bad = client.post(
        "/feedback/import", data={"csrf_token": csrf(page.text)},
        files={"file": ("desk.csv", b"service,given_on,score,channel\nDesk,2026-01-01,9,x\n",
                        "text/csv")},
    )  # fmt: skip
    assert bad.status_code == 422
    text = text_of(bad.text)
    assert "desk.csv was refused; nothing was recorded." in text and "Line 2" in text


def test_the_example_file_matches_the_docs():
    from pathlib import Path

    from server.domain.engagement.feedback_import import EXAMPLE

    docs = Path(__file__).resolve().parents[2] / "docs"
    assert (docs / "feedback-example.csv").read_text() == EXAMPLE
    assert EXAMPLE in (docs / "feedback-import.md").read_text()
