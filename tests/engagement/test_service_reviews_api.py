"""Service reviews through the API: opened as a draft, held (the metrics and the period's
satisfaction frozen), findings decided (an improvement, a suggestion to another plan, or no
action), closed once every finding has its outcome; who may run them; bad input refused with
nothing written."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.demo import person_id, service_id, stakeholder_id

ERRORS = "errors { field code message }"
REVIEW = """id status version periodStart periodEnd scheduledOn heldOn notes satisfactionAverage
  satisfactionResponses overdue viewerMayRun availableActions
  service { name } people(first: 10) { nodes { name } } stakeholders(first: 10) { nodes { name } }
  metricSnapshot { metricName status latestValue targetValue trend metric { name } }
  findings(first: 20) { nodes { id title outcome outcomeNote initiative { title plan { name } }
    suggestion { title status plan { name } } } }"""
OPEN = f"""mutation($input: OpenServiceReviewInput!) {{ openServiceReview(input: $input) {{
  serviceReview {{ {REVIEW} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateServiceReviewInput!) {{ updateServiceReview(input: $input) {{
  serviceReview {{ {REVIEW} }} {ERRORS} }} }}"""
HOLD = f"""mutation($input: HoldServiceReviewInput!) {{ holdServiceReview(input: $input) {{
  serviceReview {{ {REVIEW} }} {ERRORS} }} }}"""
CLOSE = f"""mutation($input: CloseServiceReviewInput!) {{ closeServiceReview(input: $input) {{
  serviceReview {{ {REVIEW} }} {ERRORS} }} }}"""
ADD = f"""mutation($input: AddReviewFindingInput!) {{ addReviewFinding(input: $input) {{
  finding {{ id title outcome }} {ERRORS} }} }}"""
RESOLVE = f"""mutation($input: ResolveReviewFindingInput!) {{ resolveReviewFinding(input: $input) {{
  finding {{ id outcome outcomeNote initiative {{ id title status plan {{ name }}
    reviewFinding {{ title }} affectedServices(first: 5) {{ nodes {{ name }} }} }}
    suggestion {{ id title status source plan {{ name }} sourceFinding {{ title }} }} }}
  {ERRORS} }} }}"""
REMOVE = f"""mutation($input: RemoveReviewFindingInput!) {{ removeReviewFinding(input: $input) {{
  serviceReview {{ findings(first: 20) {{ totalCount }} }} {ERRORS} }} }}"""
ACCEPT = f"""mutation($input: AcceptSuggestionInput!) {{ acceptSuggestion(input: $input) {{
  suggestion {{ status initiative {{ id title status rationale plan {{ name }} }} }}
  {ERRORS} }} }}"""
SERVICE = """query($id: ID!) { node(id: $id) { ... on Service {
  reviews(first: 20) { totalCount nodes { status heldOn } }
  affectingInitiatives(first: 50) { nodes { title } } nextReviewOn } } }"""
LIST = """query($filter: ServiceReviewFilter) { serviceReviews(first: 50, filter: $filter) {
  totalCount nodes { service { name } status } } }"""


def days(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


def open_email_review(api, person: str = "priya", **extra) -> dict:
    payload = api.mutate(
        person, OPEN,
        {"input": {"serviceId": service_id("email"), "periodStart": days(-90),
                   "periodEnd": days(-1), "scheduledOn": days(0),
                   "personIds": [person_id("priya"), person_id("sam")],
                   "stakeholderIds": [stakeholder_id("Sales department")],
                   "notes": "Quarterly review with Rita.", **extra}},
    )  # fmt: skip
    assert payload["errors"] == []
    return payload["serviceReview"]


def test_the_whole_loop_from_a_review_to_strategic_work_on_the_service(api):
    review = open_email_review(api)
    assert review["status"] == "DRAFT"
    assert review["metricSnapshot"] == [] and review["satisfactionAverage"] is None
    assert [n["name"] for n in review["people"]["nodes"]] == ["Priya Raman", "Sam Adeyemi"]
    assert review["availableActions"] == ["UPDATE", "ADD_FINDING", "HOLD"]
    gap = api.mutate(
        "priya",
        ADD,
        {
            "input": {
                "reviewId": review["id"],
                "title": "Sales want mail on their phones without the VPN",
                "description": "A gap in the portfolio: no mobile mail offering.",
            }
        },
    )
    assert gap["errors"] == []  # fmt: skip

    held = api.mutate("priya", HOLD, {"input": {"id": review["id"], "expectedVersion":
                                                review["version"]}})  # fmt: skip
    assert held["errors"] == []
    frozen = held["serviceReview"]
    assert frozen["status"] == "HELD" and frozen["heldOn"] == days(0)
    assert frozen["metricSnapshot"], "the E-mail metrics are frozen on the review"
    assert all(row["metric"]["name"] == row["metricName"] for row in frozen["metricSnapshot"])
    assert frozen["satisfactionResponses"] > 0 and 1 <= frozen["satisfactionAverage"] <= 5
    service = api.query("priya", SERVICE, {"id": service_id("email")})["node"]
    assert service["nextReviewOn"] > days(60)  # one quarter on from today

    raised = api.mutate(
        "priya", RESOLVE,
        {"input": {"findingId": gap["finding"]["id"], "outcome": "SUGGESTION",
                   "planKind": "STRATEGIC"}},
    )  # fmt: skip
    assert raised["errors"] == []
    suggestion = raised["finding"]["suggestion"]
    assert suggestion["source"] == "REVIEW_FINDING" and suggestion["plan"]["name"]
    assert suggestion["sourceFinding"]["title"] == gap["finding"]["title"]
    closed = api.mutate("priya", CLOSE, {"input": {"id": review["id"]}})
    assert closed["errors"] == [] and closed["serviceReview"]["status"] == "CLOSED"

    accepted = api.mutate("margaret", ACCEPT, {"input": {"id": suggestion["id"]}})
    assert accepted["errors"] == []
    initiative = accepted["suggestion"]["initiative"]
    assert initiative["status"] == "PROPOSED"
    assert "from a finding of the E-mail review held on" in initiative["rationale"]
    work = api.query("nora", SERVICE, {"id": service_id("email")})["node"]
    assert initiative["title"] in {n["title"] for n in work["affectingInitiatives"]["nodes"]}
    # The snapshot stays as it was seen, whatever is measured afterwards.
    again = api.query("nora", f"query($id: ID!) {{ node(id: $id) {{ ... on ServiceReview {{ "
                      f"{REVIEW} }} }} }}", {"id": review["id"]})["node"]  # fmt: skip
    assert again["metricSnapshot"] == frozen["metricSnapshot"]
    assert again["availableActions"] == [] and again["viewerMayRun"] is False


def test_an_improvement_goes_to_the_services_plan_and_no_action_needs_a_reason(api):
    review = open_email_review(api)
    ids = [
        api.mutate("priya", ADD, {"input": {"reviewId": review["id"], "title": title}})[
            "finding"]["id"]
        for title in ("Mailbox quotas fill up at month end", "Calendar sync is slow", "Typo")
    ]  # fmt: skip
    early = api.mutate("priya", RESOLVE, {"input": {"findingId": ids[0], "outcome": "NO_ACTION",
                                                     "note": "later"}})  # fmt: skip
    assert early["errors"][0]["code"] == "INVALID_TRANSITION"  # decided once it is held
    removed = api.mutate("priya", REMOVE, {"input": {"findingId": ids[2]}})
    assert removed["serviceReview"]["findings"]["totalCount"] == 2
    api.mutate("priya", HOLD, {"input": {"id": review["id"]}})

    improvement = api.mutate(
        "priya", RESOLVE, {"input": {"findingId": ids[0], "outcome": "IMPROVEMENT"}}
    )
    assert improvement["errors"] == []
    initiative = improvement["finding"]["initiative"]
    assert initiative["plan"]["name"].startswith("E-mail")
    assert initiative["reviewFinding"]["title"] == "Mailbox quotas fill up at month end"
    assert [n["name"] for n in initiative["affectedServices"]["nodes"]] == ["E-mail"]

    unclosable = api.mutate("priya", CLOSE, {"input": {"id": review["id"]}})
    assert unclosable["errors"] == [
        {"field": None, "code": "INVALID_TRANSITION",
         "message": "1 finding has no outcome yet; decide it before closing the review."}
    ]  # fmt: skip
    reasonless = api.mutate(
        "priya", RESOLVE, {"input": {"findingId": ids[1], "outcome": "NO_ACTION"}}
    )
    assert reasonless["errors"] == [
        {"field": ["input", "note"], "code": "INVALID",
         "message": "a reason is required to note a finding with no action"}
    ]  # fmt: skip
    own_plan = api.mutate(
        "priya", RESOLVE,
        {"input": {"findingId": ids[1], "outcome": "SUGGESTION",
                   "planKind": "SERVICE_IMPROVEMENT"}},
    )  # fmt: skip
    assert own_plan["errors"][0]["field"] == ["input", "planKind"]
    noted = api.mutate(
        "priya", RESOLVE,
        {"input": {"findingId": ids[1], "outcome": "NO_ACTION", "note": "Fixed by the vendor."}},
    )  # fmt: skip
    assert noted["finding"]["outcomeNote"] == "Fixed by the vendor."
    twice = api.mutate("priya", RESOLVE, {"input": {"findingId": ids[1], "outcome": "NO_ACTION",
                                                     "note": "again"}})  # fmt: skip
    assert twice["errors"][0]["code"] == "INVALID_TRANSITION"
    assert api.mutate("priya", CLOSE, {"input": {"id": review["id"]}})["errors"] == []


def test_who_may_run_a_review(api):
    # The relationship owner of a stakeholder taking part (a business relationship manager).
    review = open_email_review(api, person="sam")
    assert review["viewerMayRun"] is True
    for person in ("nora", "jonas", "margaret"):
        refused = api.mutate(person, HOLD, {"input": {"id": review["id"]}})
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
    # Without a stakeholder of his taking part, Sam may not run it any longer.
    refused = api.mutate("sam", UPDATE, {"input": {"id": review["id"], "stakeholderIds": []}})
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    admin = api.mutate("ada", HOLD, {"input": {"id": review["id"]}})
    assert admin["errors"] == []
    lister = api.query("nora", LIST, {"filter": {"service": [service_id("email")],
                                                 "status": ["HELD"]}})  # fmt: skip
    assert lister["serviceReviews"]["totalCount"] >= 1
    assert {n["service"]["name"] for n in lister["serviceReviews"]["nodes"]} == {"E-mail"}


def test_bad_input_is_refused_with_the_field_and_writes_nothing(api):
    before = api.query("priya", SERVICE, {"id": service_id("email")})["node"]["reviews"]
    cases = [
        ({"periodStart": days(-1), "periodEnd": days(-90)}, ["input", "periodEnd"]),
        ({"periodStart": days(-900), "periodEnd": days(-1)}, ["input", "periodEnd"]),
        ({"scheduledOn": "2999-01-01"}, ["input", "scheduledOn"]),
        ({"personIds": ["UGVyc29uOjk5OTk="]}, ["input", "personIds"]),
        ({"stakeholderIds": ["U2VydmljZTox"]}, ["input", "stakeholderIds"]),
        ({"serviceId": "U2VydmljZTo5OTk"}, ["input", "serviceId"]),
    ]
    for extra, field in cases:
        payload = api.mutate(
            "priya", OPEN,
            {"input": {"serviceId": service_id("email"), "periodStart": days(-90),
                       "periodEnd": days(-1), **extra}},
        )  # fmt: skip
        assert payload["serviceReview"] is None, extra
        assert payload["errors"][0]["field"] == field, extra
    assert api.query("priya", SERVICE, {"id": service_id("email")})["node"]["reviews"] == before
    review = open_email_review(api)
    second = api.mutate(
        "priya", OPEN, {"input": {"serviceId": service_id("email"), "periodStart": days(-90),
                                  "periodEnd": days(-1)}},
    )  # fmt: skip
    assert "has a draft review already" in second["errors"][0]["message"]
    future = api.mutate("priya", HOLD, {"input": {"id": review["id"], "heldOn": days(3)}})
    assert future["errors"][0]["field"] == ["input", "heldOn"]
    stale = api.mutate("priya", HOLD, {"input": {"id": review["id"], "expectedVersion": 99}})
    assert stale["errors"][0]["code"] == "CONFLICT"
    blank = api.mutate("priya", ADD, {"input": {"reviewId": review["id"], "title": "  "}})
    assert blank["errors"] == [
        {"field": ["input", "title"], "code": "INVALID", "message": "must not be empty"}
    ]  # fmt: skip
    direct = api.mutate(
        "nora",
        """mutation { submitSuggestion(input: {kind: STRATEGIC, title: "x",
        source: REVIEW_FINDING}) { suggestion { id } errors { field code } } }""",
    )
    assert direct["errors"] == [{"field": ["input", "source"], "code": "INVALID"}]


def test_a_review_held_before_its_period_is_over_covers_what_had_happened(api):
    review = open_email_review(api, periodStart=days(-60), periodEnd=days(20), scheduledOn=days(21))
    early = api.mutate("priya", HOLD, {"input": {"id": review["id"], "heldOn": days(-60)}})
    assert early["errors"][0]["field"] == ["input", "heldOn"]
    held = api.mutate("priya", HOLD, {"input": {"id": review["id"]}})
    assert held["errors"] == []
    assert held["serviceReview"]["periodEnd"] == days(-1)
