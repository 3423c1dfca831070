"""Every page document, and every operation in it, runs on both executors.

The suite's apps check each document a page runs on the stock executor as well and require a
byte-identical answer (schema/core/executor_check.py); the other page tests go through that check as
they open pages and post forms. This tour opens every page and posts every form once, so each
operation is proved to run through the check, and a document added without a step fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from graphql import OperationDefinitionNode, parse

from schema.core.executor_check import CHECKED
from server.web.core.templating import TEMPLATE_DIR
from tests.support.clients import proves_executors
from tests.support.demo import (
    DEMO_PASSWORD,
    EMAIL_PLAN,
    SHORTEN,
    person_id,
    process_id,
    service_id,
)
from tests.support.initiatives import edit_form
from tests.support.pages import HTML, sign_in


def operations() -> list[str]:
    """`<document> <operation>` for every operation of every page document."""
    found = []
    for path in sorted(Path(TEMPLATE_DIR).rglob("*.graphql")):
        name = path.relative_to(TEMPLATE_DIR).with_suffix("").as_posix()
        for definition in parse(path.read_text()).definitions:
            if isinstance(definition, OperationDefinitionNode):
                found.append(f"{name} {definition.name.value if definition.name else ''}")
    return found


class Tour:
    """A signed-in browser on the demo, and the ids it needs, found through the API."""

    def __init__(self, client, api) -> None:
        self.client = client
        self.api = api
        self.person = ""
        self.ids: dict[str, str] = {}

    def as_person(self, key: str) -> None:
        if key != self.person:
            self.client.cookies.clear()
            assert sign_in(self.client, key).status_code == 303
            self.person = key

    def get(self, path: str, expected: int = 200):
        response = self.client.get(path, headers=HTML)
        assert response.status_code == expected, (path, response.status_code)
        return response

    def post(self, path: str, page: str, fields: dict | None = None, expected=(303,), **extra):
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.get(page).text).group(1)
        response = self.client.post(
            path, data={"csrf_token": token, **(fields or {})}, headers=HTML, **extra
        )
        assert response.status_code in expected, (path, response.status_code, response.text)
        return response

    def first(self, query: str) -> dict:
        (connection,) = self.api.query("ada", query).values()
        return connection["nodes"][0]

    def version(self, initiative: str) -> str:
        node = self.api.query(
            "ada", f'{{ node(id: "{initiative}") {{ ... on Initiative {{ version }} }} }}'
        )["node"]
        return str(node["version"])

    def act(self, initiative: str, action: str, **fields) -> None:
        page = f"/initiatives/{initiative}"
        version = {"version": self.version(initiative)}
        self.post(f"{page}/actions/{action}", page, {**version, **fields})


def proposed_strategic(tour: Tour, n: int) -> str:
    query = (
        "{ initiatives(first: 5, filter: {status: [PROPOSED], planKind: [STRATEGIC]}) "
        "{ nodes { id } } }"
    )
    return tour.api.query("ada", query)["initiatives"]["nodes"][n]["id"]


def initiative_steps(tour: Tour) -> None:
    """Margaret (steering committee, owner of the strategic plan) takes one strategic
    initiative through its whole life, Ada asks for a new budget on the way, and Margaret
    proposes two more, rejects one and cancels the other."""
    tour.as_person("margaret")
    plan = tour.first("{ plans(first: 1, kind: [STRATEGIC]) { nodes { id } } }")["id"]
    for title in ("A new idea", "Another idea"):
        tour.post(f"/plans/{plan}/propose", f"/plans/{plan}/propose", {"title": title})
    work = proposed_strategic(tour, 0)
    tour.get(f"/initiatives/{work}")
    form = edit_form(tour.client, work)  # opens the edit page
    form["title"] = "Self-service portal, phase two"
    saved = tour.client.post(f"/initiatives/{work}/edit", data=form, headers=HTML)
    assert saved.status_code == 303, saved.text
    tour.act(work, "APPROVE")
    tour.act(work, "REQUEST_BUDGET", amount="5000", justification="Two quotes")
    tour.act(work, "FUND", amount="5000")
    tour.act(work, "START")
    page = f"/initiatives/{work}"
    tour.as_person("ada")  # maintains the strategic plan: her budget change waits for approval
    tour.post(f"{page}/actions/STATUS_UPDATE", page,
              {"health": "ON_TRACK", "percentComplete": "10", "note": "Begun"})  # fmt: skip
    tour.post(f"{page}/actions/CHANGE_BUDGET", page, {"amount": "4000", "reason": "Cheaper"})
    tour.as_person("margaret")
    (change,) = tour.api.query(
        "ada", f'{{ node(id: "{work}") {{ ... on Initiative {{ pendingChanges {{ id }} }} }} }}'
    )["node"]["pendingChanges"]
    tour.post(f"{page}/actions/ACCEPT_CHANGE", page, {"changeId": change["id"]})
    tour.act(work, "HOLD", reason="Supplier delay")
    tour.act(work, "RESUME")
    tour.act(work, "COMPLETE", outcome="ACHIEVED", note="Live")
    tour.post(f"{page}/actions/BENEFIT_REVIEW", page, {"outcome": "SUSTAINED"})
    tour.act(proposed_strategic(tour, 0), "REJECT", reason="Not now")
    tour.act(proposed_strategic(tour, 0), "CANCEL", reason="Superseded")


def children_steps(tour: Tour) -> None:
    """Margaret links a service improvement to the first strategic initiative on its page,
    narrows the choices, and unlinks it again."""
    tour.as_person("margaret")
    parent = tour.first("{ initiatives(first: 1, orderBy: ID) { nodes { id } } }")["id"]
    page = f"/initiatives/{parent}"
    tour.get(f"{page}?find=mailbox")
    tour.post(f"{page}/children", page, {"childId": SHORTEN})
    tour.post(f"{page}/children/{SHORTEN}/unlink", page, {"version": tour.version(SHORTEN)})


def metric_steps(tour: Tour) -> None:
    """Ada (an administrator) defines a metric, measures it, edits it and raises a corrective
    action; then answers a target change that does not exist."""
    tour.as_person("ada")
    tour.get("/metrics")
    tour.get("/gaps")
    created = tour.post(
        "/metrics/new",
        "/metrics/new",
        {"name": "Portal sign-ups", "direction": "UP", "frequency": "MONTHLY",
         "shouldMeasure": "on", "canMeasure": "on", "dataSource": "portal",
         "targetValue": "100", "targetDate": "2030-01-01"},
    )  # fmt: skip
    metric = created.headers["location"].rsplit("/", 1)[1]
    page = f"/metrics/{metric}"
    tour.post(f"{page}/measurements", page, {"value": "3", "takenAt": "2026-01-01"})
    tour.get(f"{page}/edit")
    tour.post(
        f"{page}/edit",
        f"{page}/edit",
        {"name": "Portal sign-ups", "direction": "UP", "frequency": "MONTHLY",
         "canMeasure": "on", "dataSource": "portal web log",
         "targetValue": "100", "targetDate": "2030-01-01"},
    )  # fmt: skip
    tour.post(f"{page}/corrective-action", page)
    tour.post(f"{page}/decide-change", page, {"changeId": "UGVuZGluZ0NoYW5nZTo5OTk5"},
              expected=(303, 404, 422))  # fmt: skip


def objective_steps(tour: Tour) -> None:
    tour.as_person("ada")
    tour.get("/objectives")
    created = tour.post("/objectives", "/objectives", {"level": "VISION", "title": "Calm"})
    objective = created.headers["location"].rsplit("/", 1)[1]
    page = f"/objectives/{objective}"
    tour.post(f"{page}/edit", page, {"title": "Calm operations", "level": "VISION"})
    metric = tour.first("{ metrics(first: 1) { nodes { id } } }")["id"]
    tour.post(f"{page}/link", page, {"metricId": metric})
    tour.post(f"{page}/unlink", page, {"metricId": metric})
    tour.post(f"{page}/delete", page)


def admin_steps(tour: Tour) -> None:
    tour.as_person("ada")
    for path in ("/", "/plans", "/services", "/processes", "/people", "/tokens", "/audit"):
        tour.get(path)
    for kind in ("services", "processes", "plans"):
        item = tour.first(f"{{ {kind}(first: 1) {{ nodes {{ id }} }} }}")["id"]
        tour.get(f"/{kind}/{item}")
    created = tour.post(
        "/people", "/people",
        {"name": "Ida Tour", "email": "ida@harbour-it.example", "password": "long enough 42!"},
    )  # fmt: skip
    person = created.headers["location"].rsplit("/", 1)[1]
    page = f"/people/{person}"
    tour.post(f"{page}/details", page, {"name": "Ida Tour", "email": "ida@harbour-it.example"})
    role = tour.first("{ roles(first: 1) { nodes { id } } }")["id"]
    tour.post(f"{page}/roles", page, {"roleId": role})
    assignment = re.search(rf"{page}/roles/([^/\"]+)/remove", tour.get(page).text).group(1)
    tour.post(f"{page}/roles/{assignment}/remove", page)
    tour.post(f"{page}/deactivate", page)
    tour.post("/tokens", "/tokens", {"name": "tour", "scope": "READ"}, expected=(200, 303))
    token = re.search(r'action="/tokens/([^/"]+)/revoke"', tour.get("/tokens").text).group(1)
    tour.post(f"/tokens/{token}/revoke", "/tokens")


def admin_form_steps(tour: Tour) -> None:
    """Ada creates and edits a plan, a process and a service; Priya adds an offering to her
    E-mail service and changes it."""
    tour.as_person("ada")
    for kind, fields in (
        ("plans", {"kind": "SKILL_DEVELOPMENT", "name": "Tour plan"}),
        ("processes", {"name": "Tour process"}),
        ("services", {"name": "Tour service", "lifecycle": "PIPELINE"}),
    ):
        created = tour.post(f"/{kind}/new", f"/{kind}/new", fields)
        page = created.headers["location"]
        tour.post(f"{page}/edit", f"{page}/edit", {**fields, "description": "Toured"})
    tour.as_person("priya")
    email = f"/services/{service_id('email')}"
    tour.post(f"{email}/offerings", f"{email}/edit", {"name": "Tour offer", "kind": "GOODS"})
    offering = re.search(rf'action="{email}/offerings/([^"]+)"', tour.get(f"{email}/edit").text)
    tour.post(f"{email}/offerings/{offering.group(1)}", f"{email}/edit",
              {"name": "Mailbox", "kind": "GOODS", "description": "Toured"})  # fmt: skip


def account_steps(tour: Tour) -> None:
    tour.as_person("nora")
    tour.post("/account/mail", "/account", {"mail.MENTIONED": "DIGEST", "digestHour": "7",
              "timeZone": "Europe/Oslo"})  # fmt: skip
    tour.post("/appearance", "/account", {"theme": "dark", "next": "/account"})
    tour.post("/account/preferences", "/account", {"theme": "LIGHT", "locale": "de_DE"})
    new = "a much longer passphrase, 42 ways"
    tour.post("/account/password", "/account", {"currentPassword": DEMO_PASSWORD,
              "newPassword": new, "repeatPassword": new})  # fmt: skip
    session = re.search(r'action="/account/sessions/([^/"]+)/end"', tour.get("/account").text)
    tour.post(f"/account/sessions/{session.group(1)}/end", "/account")  # signs this one out
    tour.person = ""
    tour.as_person("grace")
    tour.post("/account/sign-out-everywhere", "/account")
    tour.person = ""
    tour.as_person("ada")
    person = tour.first('{ people(first: 1, search: "quinn") { nodes { id } } }')["id"]
    tour.post(f"/people/{person}/unlock", f"/people/{person}")


def import_steps(tour: Tour) -> None:
    tour.as_person("carlos")
    page = "/measurements/import"
    csv = b"metric,taken_at,value\nMean time to restore,2031-01-01T10:00:00+02:00,4.5\n"
    uploaded = tour.post(page, page, files={"file": ("tour.csv", csv, "text/csv")})
    location = uploaded.headers["location"]
    tour.post(f"{location}/start", location)
    tour.get(location)


def suggestion_steps(tour: Tour) -> None:
    """Nora (no role) suggests, answers a question and withdraws; Lena supports; the steering
    committee asks, accepts, merges and declines."""

    def submit(title: str) -> str:
        created = tour.post("/suggestions", "/suggestions", {"kind": "STRATEGIC", "title": title})
        return created.headers["location"].rsplit("/", 1)[1]

    tour.as_person("nora")
    tour.get("/suggestions?status=all&kind=STRATEGIC&sort=support")
    tour.get("/suggestions/similar?title=portal%20for%20requests")
    first, second, third, fourth = (submit(f"Tour idea {n}") for n in range(4))
    tour.as_person("lena")
    tour.post(f"/suggestions/{first}/support", f"/suggestions/{first}")
    tour.post(f"/suggestions/{first}/unsupport", f"/suggestions/{first}")
    tour.as_person("margaret")
    strategic = tour.first("{ plans(first: 1, kind: [STRATEGIC]) { nodes { id } } }")["id"]
    tour.get(f"/plans/{strategic}/suggestions")
    tour.post(f"/suggestions/{first}/ask", f"/suggestions/{first}", {"question": "Where?"})
    tour.as_person("nora")
    tour.post(f"/suggestions/{first}/edit", f"/suggestions/{first}",
              {"title": "Tour idea 0", "description": "Everywhere"})  # fmt: skip
    tour.post(f"/suggestions/{fourth}/withdraw", f"/suggestions/{fourth}")
    tour.as_person("margaret")
    tour.post(f"/suggestions/{first}/accept", f"/suggestions/{first}")
    tour.post(f"/suggestions/{second}/merge", f"/suggestions/{second}",
              {"into": f"suggestion:{first}"})  # fmt: skip
    tour.post(f"/suggestions/{third}/decline", f"/suggestions/{third}", {"reason": "No"})


def stakeholder_steps(tour: Tour) -> None:
    """Sam (business relationship manager) adds a stakeholder, records, changes and removes a
    service it uses, and edits it."""
    tour.as_person("sam")
    tour.get("/stakeholders?kind=SUPPLIER&q=north")
    created = tour.post("/stakeholders", "/stakeholders", {"name": "Tour", "kind": "CUSTOMER"})
    page = created.headers["location"]
    service = tour.first("{ services(first: 1) { nodes { id } } }")["id"]
    tour.post(f"{page}/link", page, {"serviceId": service, "since": "2020-01-01"})
    tour.post(f"{page}/edit", page, {"name": "Tour customer", "kind": "CUSTOMER"})
    tour.post(f"{page}/unlink", page, {"serviceId": service})
    tour.as_person("jonas")  # owns the Service Desk
    desk = service_id("desk")
    sales = tour.first('{ stakeholders(first: 1, filter: {search: "Sales"}) { nodes { id } } }')
    tour.post(f"/services/{desk}/feedback", f"/services/{desk}",
              {"stakeholderId": sales["id"], "givenOn": "2026-01-02", "score": "4",
               "channel": "SURVEY"})  # fmt: skip
    tour.post(f"/services/{desk}/review-cadence", f"/services/{desk}", {"cadence": "QUARTERLY"})
    survey = "service,stakeholder,given_on,score,channel\nService Desk,Finance,2026-01-05,3,survey"
    tour.post("/feedback/import", "/feedback/import", expected=(200,),
              files={"file": ("survey.csv", survey.encode(), "text/csv")})  # fmt: skip


def review_steps(tour: Tour) -> None:
    """Priya opens an E-mail review, notes three findings, edits it, holds it, decides each
    finding a different way (one noted by mistake is removed) and closes it; Nora reads the
    list filtered."""
    tour.as_person("priya")
    email = service_id("email")
    tour.get(f"/reviews?service={email}&status=CLOSED&due=1")
    opened = tour.post(
        "/reviews",
        "/reviews",
        {"serviceId": email, "periodStart": "2026-01-01", "periodEnd": "2026-03-31"},
    )
    page = opened.headers["location"]
    for title in ("Tour gap", "Tour fix", "Tour aside", "Tour mistake"):
        tour.post(f"{page}/add-finding", page, {"title": title})
    tour.post(f"{page}/edit", page, {"notes": "Tour notes", "periodStart": "2026-01-01",
                                     "periodEnd": "2026-03-31"})  # fmt: skip
    tour.post(f"{page}/hold", page)
    findings = re.findall(r'name="findingId" value="([^"]+)"', tour.get(page).text)
    gap, fix, aside, mistake = list(dict.fromkeys(findings))
    tour.post(f"{page}/remove-finding", page, {"findingId": mistake})
    tour.post(f"{page}/resolve", page, {"findingId": gap, "outcome": "SUGGESTION",
                                        "planKind": "STRATEGIC"})  # fmt: skip
    tour.post(f"{page}/resolve", page, {"findingId": fix, "outcome": "IMPROVEMENT"})
    tour.post(f"{page}/resolve", page, {"findingId": aside, "outcome": "NO_ACTION",
                                        "note": "Not ours"})  # fmt: skip
    tour.post(f"{page}/close", page)
    tour.as_person("nora")
    tour.get(page)


def balance_steps(tour: Tour) -> None:
    """Margaret assesses the organisation's balance and agrees a guideline, then changes it;
    Jonas assesses the Service Desk's."""
    scores = {
        "internalExternal": "0",
        "stabilityResponsiveness": "1",
        "qualityCost": "0",
        "reactiveProactive": "-1",
        "periodStart": "2026-04-01",
        "periodEnd": "2026-06-30",
    }
    tour.as_person("margaret")
    tour.get("/balance?from=2026-01-01&to=2026-03-31")
    tour.post("/balance", "/balance", scores)
    latest = tour.first("{ balanceAssessments(first: 1) { nodes { id } } }")["id"]
    tour.post(f"/balance/assessments/{latest}", "/balance", {**scores, "qualityCost": "1"})
    tour.post("/balance/guidelines", "/balance", {"tension": "QUALITY_COST",
              "statement": "Tour rule", "reviewOn": "2027-01-31"})  # fmt: skip
    found = tour.api.query("margaret", "{ balanceGuidelines { id statement } }")
    (rule,) = [g for g in found["balanceGuidelines"] if g["statement"] == "Tour rule"]
    tour.post(f"/balance/guidelines/{rule['id']}", "/balance", {"statement": "Tour rule, kept"})
    tour.as_person("jonas")
    desk = service_id("desk")
    tour.post(f"/services/{desk}/balance", f"/services/{desk}/balance", scores)


def portfolio_steps(tour: Tour) -> None:
    """Jonas proposes to retire the Network and states its cost; the steering committee
    rejects that and approves the portal's waiting move."""
    tour.as_person("jonas")
    network = f"/services/{service_id('network')}"
    tour.post(f"{network}/portfolio-move", network, {"move": "RETIRE", "case": "Tour case"})
    tour.post(f"{network}/cost-and-value", network, {"annualCost": "1", "currency": "EUR"})
    tour.as_person("margaret")
    waiting = tour.api.query(
        "margaret", "{ portfolioDecisions(filter: {status: [PROPOSED]}) { nodes { id service "
        "{ name } } } }",
    )["portfolioDecisions"]["nodes"]  # fmt: skip
    for decision in waiting:
        approve = "yes" if decision["service"]["name"] == "Self-Service Portal" else "no"
        tour.post(f"/portfolio/decisions/{decision['id']}", "/portfolio",
                  {"approve": approve, "note": "Tour note"})  # fmt: skip


def meeting_pack_steps(tour: Tour) -> None:
    """Margaret opens the meeting pack, funds a waiting budget from it, sets the strategic
    plan's envelope, records a meeting and changes its notes; the PDF downloads."""
    from datetime import UTC, datetime, timedelta

    tour.as_person("margaret")
    page = tour.get("/meeting-pack").text
    funded = re.search(r'action="(/initiatives/[^"]+/actions/FUND)"', page)
    assert funded is not None
    initiative = funded.group(1).split("/")[2]
    tour.post(funded.group(1), "/meeting-pack",
              {"version": tour.version(initiative), "amount": "1000",
               "back": "/meeting-pack"})  # fmt: skip
    strategic = tour.first("{ plans(first: 1, kind: [STRATEGIC]) { nodes { id } } }")["id"]
    year = str(datetime.now(UTC).year)
    tour.post(f"/meeting-pack/envelopes/{strategic}", "/meeting-pack",
              {"year": year, "amount": "2500000", "currency": "EUR"})  # fmt: skip
    held = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    tour.post("/meeting-pack/meetings", "/meeting-pack",
              {"heldOn": held, "attendeeIds": [person_id("margaret"), person_id("tom")],
               "decisions": "Tour decision"})  # fmt: skip
    meeting = tour.first("{ steeringMeetings(first: 1) { nodes { id version } } }")
    tour.post(f"/meeting-pack/meetings/{meeting['id']}", "/meeting-pack",
              {"heldOn": held, "attendeeIds": [person_id("margaret")], "notes": "Tour notes",
               "version": str(meeting["version"])})  # fmt: skip
    assert tour.get("/meeting-pack?format=pdf").content.startswith(b"%PDF-")


def governance_steps(tour: Tour) -> None:
    """Carlos defines Incident Management: purpose, a new activity moved and given a RACI, then
    removed; a policy adopted, then retired; and the page as it stood a year ago."""
    tour.as_person("carlos")
    incident = process_id("incident")
    page = f"/processes/{incident}"
    tour.get(f"{page}?asOf=2026-01-31")
    tour.post(f"{page}/definition", page, {"purpose": "Tour purpose", "scope": "Tour scope"})
    tour.post(f"{page}/activities", page, {"name": "Tour step", "procedure": "**Do** it"})
    found = tour.api.query(
        "carlos",
        "query($id: ID!) { node(id: $id) { ... on Process { "
        "activities(first: 50) { nodes { id name } } } } }",
        {"id": incident},
    )
    (step,) = [a for a in found["node"]["activities"]["nodes"] if a["name"] == "Tour step"]
    roles = tour.api.query("carlos", "{ roles(first: 50) { nodes { id slug } } }")
    manager = next(r["id"] for r in roles["roles"]["nodes"] if r["slug"] == "process_manager")
    tour.post(f"{page}/activities/{step['id']}", page, {"position": "1"})
    tour.post(f"{page}/activities/{step['id']}/raci", page, {f"role-{manager}": "CONSULTED"})
    tour.post(f"{page}/activities/{step['id']}/remove", page)
    tour.post(f"{page}/policies", page, {"title": "Tour policy", "statement": "Tour rule",
              "effectiveOn": "2026-01-01", "reviewOn": "2027-01-01"})  # fmt: skip
    policies = tour.api.query(
        "carlos",
        "query($id: ID!) { node(id: $id) { ... on Process { "
        "policies(first: 50) { nodes { id title } } } } }",
        {"id": incident},
    )
    (policy,) = [p for p in policies["node"]["policies"]["nodes"] if p["title"] == "Tour policy"]
    tour.post(f"{page}/policies/{policy['id']}", page, {"retired": "yes"})


def comment_steps(tour: Tour) -> None:
    """Nora comments on an initiative mentioning Priya, edits it, and deletes it; a refused
    comment shows the form again with who may be mentioned."""
    tour.as_person("nora")
    page = f"/initiatives/{SHORTEN}"
    tour.get(page)
    tour.post("/comments", page, {"subjectId": SHORTEN, "back": page, "body": "Tour",
              "mentionIds": person_id("priya")})  # fmt: skip
    tour.post("/comments", page, {"subjectId": SHORTEN, "back": page, "body": " "},
              expected=(422,))  # fmt: skip
    found = tour.api.query(
        "nora",
        "query($id: ID!) { node(id: $id) { ... on Initiative { "
        "comments(first: 5) { nodes { id } } } } }",
        {"id": SHORTEN},
    )
    (comment,) = found["node"]["comments"]["nodes"]
    tour.post(f"/comments/{comment['id']}", page, {"body": "Tour, edited", "back": page})
    tour.post(f"/comments/{comment['id']}/delete", page, {"back": page})
    tour.post("/watching", page, {"subjectId": SHORTEN, "watching": "yes", "back": page})
    tour.as_person("priya")  # Nora's comment reached Priya, who owns the initiative
    tour.get("/notifications")
    tour.get("/notifications?unread=1")
    tour.get("/notifications/count")
    tour.get("/search?q=mail+rout")
    latest = re.search(r'id="notification-([^"]+)"', tour.get("/notifications").text)
    tour.get(f"/notifications/{latest.group(1)}", expected=303)
    tour.post("/notifications/read", "/notifications", {"all": "yes"})


def webhook_steps(tour: Tour) -> None:
    """Ada registers an endpoint, changes it, and removes it."""
    tour.as_person("ada")
    tour.get("/webhooks")
    tour.post("/webhooks", "/webhooks", {"name": "Tour hub", "url": "https://hooks.example/t",
              "events": ["comment.added"]}, expected=(200,))  # fmt: skip
    endpoint = re.search(r'action="/webhooks/([^/"]+)"', tour.get("/webhooks").text).group(1)
    tour.post(f"/webhooks/{endpoint}", "/webhooks", {"name": "Tour hub", "events": [
        "comment.added"], "url": "https://hooks.example/t2", "active": "yes"})  # fmt: skip
    tour.post(f"/webhooks/{endpoint}/delete", "/webhooks")


def saved_view_steps(tour: Tour) -> None:
    """Priya saves her plan's table filtered as a view, then deletes it."""
    tour.as_person("priya")
    page = f"/plans/{EMAIL_PLAN}"
    tour.post("/views", page, {"path": page, "name": "Tour view", "query": "status=IN_PROGRESS"})
    view = re.search(r'action="/views/([^/"]+)/delete"', tour.get(page).text)
    assert view is not None
    tour.post(f"/views/{view.group(1)}/delete", page, {"back": page})


def bulk_steps(tour: Tour) -> None:
    """Priya raises the priority of two rows of her plan's table at once."""
    tour.as_person("priya")
    page = f"/plans/{EMAIL_PLAN}"
    ticks = re.findall(r'name="items" value="([^"]+)"', tour.get(page).text)[:2]
    tour.post(f"{page}/bulk", page, {"items": ticks, "priority": "HIGH", "back": page})
    tour.get(f"{page}?select=all")  # every row that matches, selected
    tour.get(f"{page}/roadmap?status=IN_PROGRESS")  # the plan's roadmap, filtered
    tour.get("/roadmap")  # every plan's


STEPS: list[Callable[[Tour], None]] = [
    initiative_steps,
    children_steps,
    metric_steps,
    objective_steps,
    admin_steps,
    suggestion_steps,  # before account_steps changes Nora's password
    stakeholder_steps,
    review_steps,
    balance_steps,
    portfolio_steps,
    meeting_pack_steps,
    governance_steps,
    comment_steps,
    bulk_steps,
    saved_view_steps,
    webhook_steps,
    admin_form_steps,
    account_steps,
    import_steps,
]


def test_the_tour_runs_every_page_operation_on_both_executors(demo_client, api):
    """Every step answers as it should on both databases; on SQLite, where the suite proves the
    executors equal (clients.proves_executors), every page operation ran on both."""
    CHECKED.clear()
    tour = Tour(demo_client, api)
    for step in STEPS:
        step(tour)
    if not proves_executors(api.url):
        return
    ran = {f"{document} {operation}" for document, operation in CHECKED}
    never = [operation for operation in operations() if operation not in ran]
    assert never == [], "page operations no step runs through the executor check"
