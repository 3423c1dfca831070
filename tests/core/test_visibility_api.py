"""Confidential work stays hidden on every path: lists, look-ups, nesting, counts, aggregates,
search and the audit log. A hidden object looks exactly like a missing one."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.domain.core import audit
from server.models import (
    BudgetRequest,
    Initiative,
    InitiativeEvent,
    Measurement,
    Metric,
    Plan,
    StatusUpdate,
    Suggestion,
)
from server.models.enums import AuditAction, PlanKind

ORDINARY = ["nora", "priya", "carlos", "grace"]
CLEARED = ["omar", "margaret", "ada"]


@pytest.fixture
def secret(demo_url) -> dict[str, list[str]]:
    """The global ids of everything in the confidential plan, and an audit entry about it."""
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        plan_id = session.scalar(select(Plan.id).where(Plan.kind == PlanKind.SECURITY_IMPROVEMENT))
        initiatives = session.scalars(select(Initiative.id).where(Initiative.plan_id == plan_id))
        initiative_ids = list(initiatives)
        ids = {
            "Plan": [plan_id],
            "Initiative": initiative_ids,
            "InitiativeEvent": list(session.scalars(select(InitiativeEvent.id).where(
                InitiativeEvent.initiative_id.in_(initiative_ids)))),
            "BudgetRequest": list(session.scalars(select(BudgetRequest.id).where(
                BudgetRequest.initiative_id.in_(initiative_ids)))),
            "StatusUpdate": list(session.scalars(select(StatusUpdate.id).where(
                StatusUpdate.initiative_id.in_(initiative_ids)))),
            "Metric": list(session.scalars(select(Metric.id).where(Metric.plan_id == plan_id))),
        }  # fmt: skip
        ids["Suggestion"] = list(
            session.scalars(select(Suggestion.id).where(Suggestion.plan_id == plan_id))
        )
        ids["Measurement"] = list(
            session.scalars(select(Measurement.id).where(Measurement.metric_id.in_(ids["Metric"])))
        )
        audit.record(
            session, actor_id=None, actor_name="test", entity_type="Initiative",
            entity_id=initiative_ids[0], entity_label="Privileged access vault",
            action=AuditAction.UPDATE, after={"title": "x"}, plan_id=plan_id,
        )  # fmt: skip
        session.commit()
    engine.dispose()
    assert all(ids.values()), ids
    return {name: [to_global_id(name, pk) for pk in pks] for name, pks in ids.items()}


def every_id(secret) -> list[str]:
    return [global_id for ids in secret.values() for global_id in ids]


EVERYTHING = [
    """{ plans(first: 50) { totalCount nodes { id statusCounts { count }
      suggestions(first: 50) { totalCount nodes { id } }
      initiatives(first: 100) { totalCount nodes { id } }
      metrics(first: 50) { totalCount nodes { id
        measurements(first: 30) { nodes { id } } } } } } }""",
    """{ initiatives(first: 100) { totalCount nodes { id
      events(first: 20) { nodes { id } } budgetRequests(first: 5) { nodes { id } }
      statusUpdates(first: 20) { nodes { id } } latestStatusUpdate { id }
      children(first: 20) { nodes { id } } parent { id }
      suggestions(first: 10) { nodes { id } } affectedServices(first: 10) { nodes { id } }
      metrics(first: 10) { nodes { id latestMeasurement { id } } } } } }""",
    """{ metrics(first: 100) { totalCount nodes { id initiatives(first: 20) { nodes { id } } } }
      measurements(first: 500) { totalCount nodes { id } }
      objectives(first: 50) { nodes { id metrics(first: 50) { totalCount nodes { id } }
        initiatives(first: 50) { totalCount nodes { id } } } } }""",
    """{ services(first: 20) { nodes { improvementPlan { id }
        affectingInitiatives(first: 50) { totalCount nodes { id } }
        metrics(first: 50) { nodes { id } } } }
      processes(first: 20) { nodes { improvementPlan { id } metrics(first: 50) { nodes { id } } } }
      initiativeStats(groupBy: [PLAN]) { count plan { id } }
      search: initiatives(first: 100, filter: {search: "vault"}) { totalCount nodes { id } }
      kind: initiatives(first: 100, filter: {planKind: [SECURITY_IMPROVEMENT]}) { totalCount }
      byPlan: initiativeStats(filter: {planKind: [SECURITY_IMPROVEMENT]}) { count }
      auditLog(first: 500) { totalCount nodes { id entityId entityLabel } } }""",
    """{ suggestions(first: 100) { totalCount nodes { id plan { id } initiative { id }
        mergedInto { id } } }
      suggestionStats { count plan { id } }
      secretKind: suggestions(filter: {kind: [SECURITY_IMPROVEMENT]}) { totalCount }
      similarSuggestions(title: "Phishing drills for the finance team") { id } }""",
    """{ serviceReviews(first: 100) { totalCount nodes { id metricSnapshot { metricName
        metric { id } } findings(first: 20) { nodes { initiative { id } suggestion { id }
        } } } } }""",
    """{ phishing: search(query: "phishing", first: 100) { totalCount counts { kind count }
        nodes { kind title { text } snippet { text } node { id } } }
      vaultSearch: search(query: "vault", kinds: [INITIATIVE]) { totalCount nodes { node { id } } }
      webhookEndpoints { id } }""",
]


def everything(api, key: str) -> dict:
    data: dict = {}
    for query in EVERYTHING:
        data.update(api.query(key, query))
    return data


def text_of(api, key: str) -> str:
    return json.dumps(everything(api, key))


@pytest.mark.parametrize("key", ORDINARY)
def test_an_ordinary_person_sees_and_counts_nothing_confidential(api, secret, key):
    data = everything(api, key)
    dumped = json.dumps(data)
    leaked = [global_id for global_id in every_id(secret) if f'"{global_id}"' in dumped]
    assert leaked == []
    assert data["search"]["totalCount"] == 0
    assert data["kind"]["totalCount"] == 0
    assert data["byPlan"] == [{"count": 0}] or data["byPlan"] == []
    plan_count = data["plans"]["totalCount"]
    assert plan_count == len(data["plans"]["nodes"]) == 12
    assert sum(g["count"] for g in data["initiativeStats"]) == data["initiatives"]["totalCount"]
    assert "Privileged access vault" not in dumped
    assert "Phishing drills" not in dumped
    assert data["secretKind"]["totalCount"] == 0
    assert sum(g["count"] for g in data["suggestionStats"]) == data["suggestions"]["totalCount"]
    # The search box: neither found nor counted.
    assert data["vaultSearch"]["totalCount"] == 0
    assert {c["kind"]: c["count"] for c in data["phishing"]["counts"]}["INITIATIVE"] == 0
    assert data["webhookEndpoints"] == []


def test_the_author_of_a_confidential_suggestion_sees_it_but_not_the_plan(api, secret):
    (hidden,) = secret["Suggestion"]
    node = api.query(
        "ben", "query($id: ID!) { node(id: $id) { ... on Suggestion { title plan { id } } } }",
        {"id": hidden},
    )["node"]  # fmt: skip
    assert node == {"title": "Phishing drills for the finance team", "plan": None}
    for key in ORDINARY:
        assert api.query(key, "query($id: ID!) { node(id: $id) { id } }", {"id": hidden}) == {
            "node": None
        }


@pytest.mark.parametrize("key", CLEARED)
def test_the_security_manager_the_committee_and_administrators_see_it(api, secret, key):
    dumped = text_of(api, key)
    for global_id in secret["Plan"] + secret["Initiative"] + secret["Metric"]:
        assert f'"{global_id}"' in dumped


@pytest.mark.parametrize("key", ORDINARY)
def test_node_and_nodes_answer_null_for_hidden_objects_as_for_missing_ones(api, secret, key):
    hidden = every_id(secret)
    data = api.query(key, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": hidden})
    assert data["nodes"] == [None] * len(hidden)
    for global_id in hidden[:3]:
        one = api.query(key, "query($id: ID!) { node(id: $id) { id } }", {"id": global_id})
        assert one == {"node": None}
    missing = api.query(
        key, "query($id: ID!) { node(id: $id) { id } }", {"id": to_global_id("Plan", 9999)}
    )
    assert missing == {"node": None}


def test_filtering_by_a_hidden_plan_finds_nothing_rather_than_an_error(api, secret):
    plan = secret["Plan"][0]
    data = api.query("nora", f'{{ initiatives(filter: {{plan: ["{plan}"]}}) {{ totalCount }} }}')
    assert data == {"initiatives": {"totalCount": 0}}


def test_administrators_alone_see_entries_about_people_and_tokens(api):
    query = '{ auditLog(first: 500, filter: {entityType: ["Person", "ApiToken"]}) { totalCount } }'
    assert api.query("ada", query)["auditLog"]["totalCount"] >= 1  # the tokens this test made
    for key in ["nora", "margaret", "omar"]:
        assert api.query(key, query)["auditLog"]["totalCount"] == 0


UPDATE_METRIC_LINKS = """mutation($id: ID!, $links: [ID!]) {
  updateMetric(input: {id: $id, initiativeIds: $links}) { errors { field message } } }"""
AUDIT_TRAIL = """query($entity: [ID!]) { auditLog(first: 100, filter: {entity: $entity}) {
  totalCount nodes { entityId before after } } }"""
WHOLE_LOG = "{ auditLog(first: 500) { totalCount nodes { entityId before after } } }"


def open_metric_and_hidden_initiative(api, secret) -> tuple[str, str, int]:
    """An open-plan metric (its global id), a confidential initiative (its global id and raw
    id), chosen through the API as an administrator."""
    from schema.core.ids import from_global_id

    metrics = api.query("ada", "{ metrics(first: 100) { nodes { id plan { confidential } } } }")
    open_metric = next(
        m["id"] for m in metrics["metrics"]["nodes"] if m["plan"] and not m["plan"]["confidential"]
    )
    hidden = secret["Initiative"][0]
    return open_metric, hidden, int(from_global_id(hidden)[1])


@pytest.mark.parametrize("key", ORDINARY)
def test_linking_an_open_metric_to_confidential_work_hides_its_history_too(api, secret, key):
    metric, hidden, raw_hidden = open_metric_and_hidden_initiative(api, secret)
    result = api.mutate("ada", UPDATE_METRIC_LINKS, {"id": metric, "links": [hidden]})
    assert result["errors"] == []
    # the administrator's own trail shows the link...
    trail = api.query("ada", AUDIT_TRAIL, {"entity": [metric]})["auditLog"]
    assert any(
        raw_hidden in ((n["after"] or {}).get("initiativeIds") or []) for n in trail["nodes"]
    )
    # ...but to someone who may not see the work, the metric is now hidden, and so is every
    # entry naming it or the confidential initiative, on every path
    assert api.query(key, AUDIT_TRAIL, {"entity": [metric]})["auditLog"]["totalCount"] == 0
    whole = api.query(key, WHOLE_LOG)["auditLog"]
    assert all(node["entityId"] != metric for node in whole["nodes"])
    for node in whole["nodes"]:
        for values in (node["before"] or {}, node["after"] or {}):
            assert raw_hidden not in (values.get("initiativeIds") or [])
    # unlinking shows the metric and its history again, without the confidential link
    api.mutate("ada", UPDATE_METRIC_LINKS, {"id": metric, "links": []})
    assert api.query(key, AUDIT_TRAIL, {"entity": [metric]})["auditLog"]["totalCount"] >= 1


FINDING = """query($id: ID!) { node(id: $id) { ... on ReviewFinding { outcome
  suggestion { id title } } } }"""


def test_a_review_finding_raised_to_the_confidential_plan_keeps_its_suggestion_hidden(api):
    from tests.support.demo import service_id

    review = api.mutate(
        "priya",
        """mutation($s: ID!) { openServiceReview(input: {serviceId: $s, periodStart: "2026-06-01",
          periodEnd: "2026-08-31"}) { serviceReview { id } errors { code } } }""",
        {"s": service_id("collab")},
    )["serviceReview"]["id"]
    finding = api.mutate(
        "priya",
        """mutation($r: ID!) { addReviewFinding(input: {reviewId: $r,
          title: "Guest links never expire"}) { finding { id } errors { code } } }""",
        {"r": review},
    )["finding"]["id"]
    api.mutate(
        "priya", "mutation($r: ID!) { holdServiceReview(input: {id: $r}) { errors { code } } }",
        {"r": review},
    )  # fmt: skip
    raised = api.mutate(
        "priya",
        """mutation($f: ID!) { resolveReviewFinding(input: {findingId: $f, outcome: SUGGESTION,
          planKind: SECURITY_IMPROVEMENT}) { finding { suggestion { id } } errors { code } } }""",
        {"f": finding},
    )
    assert raised["errors"] == [] and raised["finding"]["suggestion"]  # its author sees it
    for key in ORDINARY:
        node = api.query(key, FINDING, {"id": finding})["node"]
        assert node["outcome"] == "SUGGESTION"
        assert node["suggestion"] is None or key == "priya", key
    for key in CLEARED:
        assert api.query(key, FINDING, {"id": finding})["node"]["suggestion"], key


ADD_COMMENT = """mutation($input: AddCommentInput!) { addComment(input: $input) {
  comment { id } errors { code } } }"""
CHANGE_COMMENT = """mutation($id: ID!) {
  editComment(input: {id: $id, body: "Changed"}) { comment { id } errors { code } } }"""
DELETE_COMMENT = """mutation($id: ID!) {
  deleteComment(input: {id: $id}) { deletedCommentId errors { code } } }"""
COMMENT_PATHS = """query($comment: ID!, $initiative: ID!) {
  node(id: $comment) { ... on Comment { id body mentions { nodes { name } } } }
  nodes(ids: [$comment]) { id }
  initiative: node(id: $initiative) { ... on Initiative { comments(first: 50) {
    totalCount nodes { id body } } } }
  initiatives(first: 100) { nodes { comments(first: 50) { nodes { id body } } } }
  mentionable(subject: $initiative, first: 50) { totalCount nodes { name } }
  auditLog(first: 500, filter: {entityType: ["Comment"]}) { nodes { entityId before after } }
}"""
SECRET_COMMENT = "The vault's go-live slips to May"


def test_a_comment_on_confidential_work_is_seen_only_by_those_who_see_the_work(api, secret):
    from tests.support.demo import person_id

    initiative = secret["Initiative"][0]
    written = api.mutate(
        "omar", ADD_COMMENT,
        {"input": {"subjectId": initiative, "body": SECRET_COMMENT,
                   "mentionIds": [person_id("tom")]}},  # of the steering committee: he sees it
    )  # fmt: skip
    assert written["errors"] == []
    comment = written["comment"]["id"]
    variables = {"comment": comment, "initiative": initiative}
    for key in ORDINARY:
        data = api.query(key, COMMENT_PATHS, variables)
        assert data["node"] is None and data["nodes"] == [None], key
        assert data["initiative"] is None, key
        assert data["mentionable"] == {"totalCount": 0, "nodes": []}, key
        dumped = json.dumps(data)
        assert f'"{comment}"' not in dumped and SECRET_COMMENT not in dumped, key
        for mutation in (CHANGE_COMMENT, DELETE_COMMENT):
            refused = api.mutate(key, mutation, {"id": comment})
            assert refused["errors"] == [{"code": "NOT_FOUND"}], (key, refused)
        added = api.mutate(key, ADD_COMMENT, {"input": {"subjectId": initiative, "body": "Hi"}})
        assert added["errors"] == [{"code": "NOT_FOUND"}], (key, added)
    for key in CLEARED:
        data = api.query(key, COMMENT_PATHS, variables)
        assert data["node"] == {
            "id": comment, "body": SECRET_COMMENT, "mentions": {"nodes": [{"name": "Tom Becker"}]}
        }, key  # fmt: skip
        assert data["nodes"] == [{"id": comment}], key
        assert {"id": comment, "body": SECRET_COMMENT} in data["initiative"]["comments"]["nodes"]
        assert {node["name"] for node in data["mentionable"]["nodes"]} == {
            "Ada Lindqvist", "Margaret Okafor", "Tom Becker", "Omar Haddad",
        }, key  # fmt: skip
        assert any(node["entityId"] == comment for node in data["auditLog"]["nodes"]), key
    refused = api.mutate("margaret", CHANGE_COMMENT, {"id": comment})  # she sees it: forbidden
    assert refused["errors"] == [{"code": "FORBIDDEN"}]
    deleted = api.mutate("ada", DELETE_COMMENT, {"id": comment})
    assert deleted == {"deletedCommentId": comment, "errors": []}
