"""The roadmap: planned against actual over time, for one plan or every plan the viewer may
see, filtered as the plan's table is, with the same rows as a table."""

from __future__ import annotations

import re
from datetime import date

from schema.core.ids import to_global_id
from server.demo import content
from server.web.plans.roadmap import timeline
from tests.support.demo import MAIL_ROUTING, STRATEGIC
from tests.support.pages import HTML, text_of

SECURITY = to_global_id(
    "Plan", next(i for i, p in enumerate(content.PLANS, 1) if p[0] == "security")
)


def test_every_plan_s_roadmap_draws_a_bar_per_dated_initiative_and_today(signed_in):
    page = signed_in("margaret").get("/roadmap", headers=HTML)
    assert page.status_code == 200
    html = page.text
    assert '<svg class="roadmap"' in html and 'class="rm-today"' in html
    bars = re.findall(r'class="rm-planned"/>', html)
    rows = re.findall(r'<tr>\s*<th scope="row">', html)
    assert len(rows) >= len(bars) - 1 > 10  # every bar (the legend's aside) is a row too
    assert "Upgrade the mail routing cluster" in html


def test_a_plan_s_roadmap_keeps_to_the_plan_and_the_filters(signed_in):
    client = signed_in("margaret")
    running = client.get(f"/plans/{STRATEGIC}/roadmap?status=IN_PROGRESS", headers=HTML).text
    table = text_of(running.split("The roadmap as a table")[1])
    assert "In progress" in table
    for state in ("Proposed", "Completed", "Funded"):
        assert f" {state} " not in table
    assert "Upgrade the mail routing cluster" not in running  # another plan's


def test_nobody_sees_a_hidden_plan_s_roadmap_or_its_initiatives(signed_in, demo_client):
    secret = signed_in("margaret").get(f"/plans/{SECURITY}/roadmap", headers=HTML).text
    hidden = re.findall(r'href="/initiatives/([^"]+)"', secret)
    assert hidden
    demo_client.cookies.clear()
    client = signed_in("nora")
    assert client.get(f"/plans/{SECURITY}/roadmap", headers=HTML).status_code == 404
    everything = client.get("/roadmap", headers=HTML).text
    assert "rm-planned" in everything
    assert not any(f'href="/initiatives/{pk}"' in everything for pk in hidden)


def test_children_follow_the_initiative_they_execute_and_bars_follow_the_dates():
    nodes = [
        {"id": "a", "title": "Parent", "status": "IN_PROGRESS", "plannedStart": "2026-01-01",
         "plannedEnd": "2026-12-31", "actualStart": "2026-02-01", "actualEnd": None,
         "parent": None},
        {"id": "c", "title": "Other", "status": "PROPOSED", "plannedStart": None,
         "plannedEnd": None, "actualStart": None, "actualEnd": None, "parent": None},
        {"id": "b", "title": "Child", "status": "APPROVED", "plannedStart": "2026-03-01",
         "plannedEnd": "2026-06-30", "actualStart": None, "actualEnd": None,
         "parent": {"id": "a"}},
    ]  # fmt: skip
    drawn = timeline(nodes, today=date(2026, 7, 1))
    assert [(row.node["id"], row.depth) for row in drawn.rows] == [("a", 0), ("b", 1)]
    assert [node["id"] for node in drawn.undated] == ["c"]
    parent, child = drawn.rows
    assert parent.planned.x < child.planned.x < child.planned.x + child.planned.width
    assert child.planned.x + child.planned.width < parent.planned.x + parent.planned.width
    assert parent.actual.x + parent.actual.width == drawn.today_x  # running: to today
    assert child.actual is None
    assert drawn.ticks[0].label == "Jan 2026"
    # the months are named in the reader's locale
    assert timeline(nodes, today=date(2026, 7, 1), locale="de_DE").ticks[2].label == "März 2026"


def test_the_plans_and_a_plan_s_table_lead_to_their_roadmaps(signed_in):
    client = signed_in("priya")
    assert '<a href="/roadmap">' in client.get("/plans", headers=HTML).text
    table = client.get(f"/plans/{STRATEGIC}?status=FUNDED&sort=title", headers=HTML).text
    link = re.search(r'<a id="view-roadmap" href="([^"]+)"', table).group(1)
    assert link == f"/plans/{STRATEGIC}/roadmap?status=FUNDED"  # the filters go along
    assert client.get(f"/initiatives/{MAIL_ROUTING}", headers=HTML).status_code == 200


def test_a_roadmap_view_is_saved_and_opened_from_the_page(signed_in):
    client = signed_in("margaret")
    page = client.get("/roadmap?status=IN_PROGRESS", headers=HTML).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    saved = client.post(
        "/views",
        data={"csrf_token": token, "path": "/roadmap", "name": "Running now",
              "query": "status=IN_PROGRESS&after=xyz"},
        headers=HTML,
    )  # fmt: skip
    assert saved.status_code == 303
    assert saved.headers["location"] == "/roadmap?status=IN_PROGRESS"
    again = client.get("/roadmap", headers=HTML).text
    assert '<a href="/roadmap?status=IN_PROGRESS">Running now</a>' in again
    assert "The view \u201cRunning now\u201d is saved." in text_of(again)
    nameless = client.post(
        "/views", data={"csrf_token": token, "path": "/roadmap", "name": " ", "query": ""},
        headers=HTML,
    )  # fmt: skip
    assert nameless.status_code == 303
    assert "The view was not saved: its name" in text_of(client.get("/roadmap", headers=HTML).text)
