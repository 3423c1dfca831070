"""What the steering meeting pack stands on, through the API: a plan's yearly budget envelope
(set by its owner) against the requests approved and waiting; the spend reported on status
updates, summed by plan, dimension and value-chain activity; the committee's meetings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from schema.core.ids import to_global_id
from tests.support.demo import person_id, plan_id

ERRORS = "errors { field code message }"
ENVELOPE = f"""mutation($input: SetPlanBudgetEnvelopeInput!) {{
  setPlanBudgetEnvelope(input: $input) {{ plan {{ name budgetEnvelopes {{ year amount currency
    approved pending remaining }} }} {ERRORS} }} }}"""
STATUS = f"""mutation($input: PostStatusUpdateInput!) {{ postStatusUpdate(input: $input) {{
  statusUpdate {{ spentToDate initiative {{ budgetSpent }} }} {ERRORS} }} }}"""
RECORD = f"""mutation($input: RecordSteeringMeetingInput!) {{
  recordSteeringMeeting(input: $input) {{ meeting {{ id version heldOn decisions decisionsHtml
    attendees(first: 10) {{ nodes {{ name }} }} recordedBy {{ name }} viewerMayEdit }}
    {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateSteeringMeetingInput!) {{
  updateSteeringMeeting(input: $input) {{ meeting {{ version heldOn notes
    attendees(first: 10) {{ nodes {{ name }} }} }} {ERRORS} }} }}"""


def today() -> date:
    """Asked at each use: a module-level date goes stale when a run crosses midnight."""
    return datetime.now(UTC).date()


def envelope(api, person: str, plan: str, amount: str | None, **more) -> dict:
    return api.mutate(
        person,
        ENVELOPE,
        {"input": {"planId": plan_id(plan), "year": today().year, "amount": amount, **more}},
    )


def test_a_plans_owner_sets_its_envelope_and_sees_what_is_taken(api):
    refused = envelope(api, "jonas", "sip_email", "50000")  # owns other services' plans
    assert refused["errors"][0]["code"] == "FORBIDDEN" and refused["plan"] is None
    set_ = envelope(api, "priya", "sip_email", "50000", currency="eur")
    assert set_["errors"] == []
    (this_year,) = set_["plan"]["budgetEnvelopes"]
    assert this_year["year"] == today().year and this_year["currency"] == "EUR"
    assert this_year["amount"] == "50000.00"
    # what is taken is what the committee approved this year and what waits, never more
    taken = [this_year["approved"], this_year["pending"]]
    assert this_year["remaining"] == f"{50000 - sum(float(v) for v in taken):.2f}"
    strategic = envelope(api, "margaret", "strategic", "900000")  # the committee owns it
    assert strategic["errors"] == [], strategic
    removed = envelope(api, "ada", "sip_email", None)  # an administrator
    assert removed["errors"] == [] and removed["plan"]["budgetEnvelopes"] == []


def test_an_envelope_refuses_bad_amounts_and_years_and_writes_nothing(api):
    query = "query($id: ID!) { node(id: $id) { ... on Plan { budgetEnvelopes { year amount } } } }"
    before = api.post("priya", query, {"id": plan_id("sip_email")}).json()["data"]["node"]
    for amount, field in (("-1", "amount"), ("10.001", "amount")):
        answer = envelope(api, "priya", "sip_email", amount)
        assert answer["errors"][0]["field"] == ["input", field], answer
    wrong_year = api.mutate(
        "priya", ENVELOPE,
        {"input": {"planId": plan_id("sip_email"), "year": 1999, "amount": "10"}},
    )  # fmt: skip
    assert wrong_year["errors"][0]["field"] == ["input", "year"]
    assert "2000 to 2100" in wrong_year["errors"][0]["message"]
    bad_currency = envelope(api, "priya", "sip_email", "10", currency="euro")
    assert bad_currency["errors"][0]["field"] == ["input", "currency"]
    after = api.post("priya", query, {"id": plan_id("sip_email")}).json()["data"]["node"]
    assert after == before


def _running_initiative(api, person: str) -> tuple[str, str, str]:
    body = api.post(
        person,
        "{ initiatives(first: 50, filter: {status: [IN_PROGRESS]}) { nodes { id budgetSpent "
        "plan { name } viewerMayPostStatusUpdate } } }",
        scope="read_write",
    ).json()
    for node in body["data"]["initiatives"]["nodes"]:
        if node["viewerMayPostStatusUpdate"]:
            return node["id"], node["plan"]["name"], node["budgetSpent"] or "0"
    raise AssertionError(f"{person} may post on no running initiative")


def test_a_status_update_reports_the_spend_and_the_stats_add_it_up(api):
    initiative, plan, spent_before = _running_initiative(api, "priya")
    before = api.post(
        "ada", "{ initiativeStats(groupBy: [PLAN]) { plan { name } budgetSpentSum } }"
    ).json()["data"]["initiativeStats"]
    posted = api.mutate(
        "priya", STATUS,
        {"input": {"initiativeId": initiative, "health": "ON_TRACK", "percentComplete": 40,
                   "spentToDate": "12345.60"}},
    )  # fmt: skip
    assert posted["errors"] == []
    assert posted["statusUpdate"] == {
        "spentToDate": "12345.60", "initiative": {"budgetSpent": "12345.60"}
    }  # fmt: skip
    without = api.mutate(
        "priya", STATUS,
        {"input": {"initiativeId": initiative, "health": "AT_RISK", "percentComplete": 45}},
    )  # fmt: skip
    assert without["statusUpdate"] == {
        "spentToDate": None,
        "initiative": {"budgetSpent": "12345.60"},
    }
    negative = api.mutate(
        "priya", STATUS,
        {"input": {"initiativeId": initiative, "health": "AT_RISK", "percentComplete": 45,
                   "spentToDate": "-5"}},
    )  # fmt: skip
    assert negative["errors"][0]["field"] == ["input", "spentToDate"]
    after = api.post(
        "ada", "{ initiativeStats(groupBy: [PLAN]) { plan { name } budgetSpentSum } }"
    ).json()["data"]["initiativeStats"]
    moved = {
        old["plan"]["name"]: Decimal(new["budgetSpentSum"]) - Decimal(old["budgetSpentSum"])
        for old, new in zip(before, after, strict=True)
        if old["budgetSpentSum"] != new["budgetSpentSum"]
    }
    # the initiative's spend is its latest statement: the plan's sum moves by the difference
    assert moved == {plan: Decimal("12345.60") - Decimal(spent_before)}


def test_the_stats_group_by_dimension_and_value_chain_activity(api):
    body = api.post(
        "ada",
        "{ byDimension: initiativeStats(groupBy: [DIMENSION]) { dimension count "
        "budgetRequestedSum budgetApprovedSum budgetSpentSum } "
        "byActivity: initiativeStats(groupBy: [VALUE_CHAIN_ACTIVITY]) { valueChainActivity "
        "count } all: initiativeStats { count } "
        "dimensions: initiatives(first: 500) { nodes { dimensions valueChainActivity } } }",
    ).json()["data"]
    nodes = body["dimensions"]["nodes"]
    counted = {g["dimension"]: g["count"] for g in body["byDimension"]}
    for dimension, count in counted.items():
        if dimension is None:
            assert count == sum(1 for n in nodes if not n["dimensions"])
        else:
            assert count == sum(1 for n in nodes if dimension in n["dimensions"]), dimension
    activities = {g["valueChainActivity"]: g["count"] for g in body["byActivity"]}
    assert sum(activities.values()) == body["all"][0]["count"] == len(nodes)
    assert len(activities) > 1


def test_the_committee_records_its_meetings_and_everyone_reads_them(api):
    held = (today() - timedelta(days=3)).isoformat()
    people = [person_id("margaret"), person_id("tom"), person_id("ada")]
    for person in ("ada", "priya"):
        refused = api.mutate(person, RECORD, {"input": {"heldOn": held, "attendeeIds": people}})
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
    recorded = api.mutate(
        "margaret", RECORD,
        {"input": {"heldOn": held, "attendeeIds": people,
                   "decisions": "- Funded *the portal*\n- Retire fax"}},
    )  # fmt: skip
    assert recorded["errors"] == []
    meeting = recorded["meeting"]
    assert [n["name"] for n in meeting["attendees"]["nodes"]] == [
        "Ada Lindqvist", "Margaret Okafor", "Tom Becker"
    ]  # fmt: skip
    assert "<em>the portal</em>" in meeting["decisionsHtml"] and meeting["viewerMayEdit"]
    assert meeting["recordedBy"] == {"name": "Margaret Okafor"}
    again = api.mutate("tom", RECORD, {"input": {"heldOn": held, "attendeeIds": people[:1]}})
    assert again["errors"][0]["field"] == ["input", "heldOn"]
    future = (today() + timedelta(days=1)).isoformat()
    ahead = api.mutate("tom", RECORD, {"input": {"heldOn": future, "attendeeIds": people}})
    assert ahead["errors"][0]["field"] == ["input", "heldOn"]
    nobody = api.mutate("tom", RECORD, {"input": {"heldOn": today().isoformat(),
                                                   "attendeeIds": []}})  # fmt: skip
    assert nobody["errors"][0]["field"] == ["input", "attendeeIds"]
    ghost = api.mutate(
        "tom",
        RECORD,
        {"input": {"heldOn": today().isoformat(), "attendeeIds": [to_global_id("Person", 9999)]}},
    )
    assert ghost["errors"][0]["field"] == ["input", "attendeeIds"]

    changed = api.mutate(
        "tom", UPDATE,
        {"input": {"id": meeting["id"], "attendeeIds": people[:2], "notes": "Short.",
                   "expectedVersion": meeting["version"]}},
    )  # fmt: skip
    assert changed["errors"] == []
    assert changed["meeting"]["version"] > meeting["version"]
    assert [n["name"] for n in changed["meeting"]["attendees"]["nodes"]] == [
        "Margaret Okafor", "Tom Becker"
    ]  # fmt: skip
    stale = api.mutate(
        "tom", UPDATE,
        {"input": {"id": meeting["id"], "notes": "x", "expectedVersion": meeting["version"]}},
    )  # fmt: skip
    assert stale["errors"][0]["code"] == "CONFLICT"
    seen = api.post(
        "nora", "{ steeringMeetings(first: 5) { totalCount nodes { heldOn notes viewerMayEdit } }"
        " viewerMayRecordSteeringMeetings }",
    ).json()["data"]  # fmt: skip
    assert seen["viewerMayRecordSteeringMeetings"] is False
    assert {"heldOn": held, "notes": "Short.", "viewerMayEdit": False} in seen["steeringMeetings"][
        "nodes"
    ]
