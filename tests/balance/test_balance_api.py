"""Balance in service operation through the API: assessments of the organisation and of a
service with the evidence computed from the data, drift flagged, guidelines kept by whom the
permission table says; bad input refused with the field named and nothing written."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.demo import person_id, service_id

ERRORS = "errors { field code message }"
RECORD = f"""mutation($input: RecordBalanceAssessmentInput!) {{
  recordBalanceAssessment(input: $input) {{ assessment {{ id version service {{ name }}
    scores {{ tension score leaning evidence }} assessors(first: 5) {{ nodes {{ name }} }}
    indicators {{ tension summary }} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateBalanceAssessmentInput!) {{
  updateBalanceAssessment(input: $input) {{ assessment {{ version reactiveProactive }}
  {ERRORS} }} }}"""
DRIFT = """query($s: ID) { balanceDrift(serviceId: $s) { tension reason } }"""
EVIDENCE = """query($s: ID, $a: Date!, $b: Date!) { balanceEvidence(serviceId: $s, periodStart: $a,
  periodEnd: $b) { tension summary how } }"""
GUIDE = f"""mutation($input: CreateBalanceGuidelineInput!) {{ createBalanceGuideline(input: $input)
  {{ guideline {{ id tension statement owner {{ name }} reviewDue }} {ERRORS} }} }}"""
CHANGE_GUIDE = f"""mutation($input: UpdateBalanceGuidelineInput!) {{
  updateBalanceGuideline(input: $input) {{ guideline {{ statement owner {{ name }} }}
  {ERRORS} }} }}"""


def today() -> date:
    """Asked at each use: a module-level date goes stale when a run crosses midnight."""
    return date.today()


def day(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


def scores(ie: int, sr: int, qc: int, rp: int, **extra) -> dict:
    return {"internalExternal": ie, "stabilityResponsiveness": sr, "qualityCost": qc,
            "reactiveProactive": rp, **extra}  # fmt: skip


def test_an_assessment_is_recorded_with_its_evidence_and_drift_is_flagged(api):
    network = service_id("network")
    first = api.mutate(
        "margaret", RECORD,
        {"input": {"serviceId": network, "periodStart": day(-300), "periodEnd": day(-210),
                   "assessedOn": day(-205),
                   **scores(0, -1, 0, -1, reactiveProactiveEvidence="Most work is firefighting"),
                   "assessorIds": [person_id("margaret"), person_id("ada")]}},
    )  # fmt: skip
    assert first["errors"] == []
    assessment = first["assessment"]
    assert assessment["service"] == {"name": "Network"}
    by_tension = {s["tension"]: s for s in assessment["scores"]}
    assert by_tension["REACTIVE_PROACTIVE"] == {
        "tension": "REACTIVE_PROACTIVE", "score": -1, "leaning": "leans toward reactive (-1)",
        "evidence": "Most work is firefighting",
    }  # fmt: skip
    assert [i["tension"] for i in assessment["indicators"]] == [
        "INTERNAL_EXTERNAL", "STABILITY_RESPONSIVENESS", "QUALITY_COST", "REACTIVE_PROACTIVE",
    ]  # fmt: skip
    assert all(i["summary"].endswith(".") for i in assessment["indicators"])
    for when, value in ((-120, -2), (-30, -3)):
        done = api.mutate(
            "jonas", RECORD,
            {"input": {"serviceId": network, "periodStart": day(when - 90),
                       "periodEnd": day(when - 1), "assessedOn": day(when),
                       **scores(0, 0, 1, value)}},
        )  # fmt: skip
        assert done["errors"] == []
    drifts = api.query("nora", DRIFT, {"s": network})["balanceDrift"]
    assert drifts == [
        {"tension": "REACTIVE_PROACTIVE",
         "reason": "Moved toward reactive in each of the last two assessments (-1, -2, -3)."}
    ]  # fmt: skip
    assert api.query("nora", DRIFT, {"s": service_id("desk")})["balanceDrift"] == []
    # The demo organisation's story: cost pressure crept in over the last year.
    assert api.query("nora", DRIFT, {"s": None})["balanceDrift"] == [
        {"tension": "QUALITY_COST",
         "reason": "Moved toward cost in each of the last two assessments (+0, +1, +2)."}
    ]  # fmt: skip


def test_the_evidence_is_computed_from_the_data_in_words(api):
    found = api.query("margaret", EVIDENCE, {"s": None, "a": day(-365), "b": day(0)})
    indicators = {i["tension"]: i for i in found["balanceEvidence"]}
    assert "initiative" in indicators["REACTIVE_PROACTIVE"]["summary"]
    assert "metric" in indicators["INTERNAL_EXTERNAL"]["summary"]
    assert "approved in the period" in indicators["QUALITY_COST"]["summary"]
    assert indicators["STABILITY_RESPONSIVENESS"]["how"].startswith("The median number of days")
    desk = api.query("jonas", EVIDENCE, {"s": service_id("desk"), "a": day(-365), "b": day(0)})
    assert len(desk["balanceEvidence"]) == 4
    backwards = api.post("jonas", EVIDENCE, {"s": None, "a": day(0), "b": day(-5)}).json()
    assert backwards["errors"][0]["message"] == "`periodEnd` must not be before `periodStart`."


def test_who_assesses_and_bad_input_writes_nothing(api):
    desk = {"serviceId": service_id("desk"), "periodStart": day(-90), "periodEnd": day(-1)}
    assert api.mutate("jonas", RECORD, {"input": {**desk, **scores(1, 0, 0, 1)}})["errors"] == []
    for person in ("priya", "nora", "sam"):
        refused = api.mutate(person, RECORD, {"input": {**desk, **scores(0, 0, 0, 0)}})
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
    organisation = {"periodStart": day(-90), "periodEnd": day(-1)}
    assert api.mutate("jonas", RECORD, {"input": {**organisation, **scores(0, 0, 0, 0)}})[
        "errors"][0]["code"] == "FORBIDDEN"  # fmt: skip
    count = api.query("ada", "{ balanceAssessments { totalCount } }")["balanceAssessments"]
    cases = [
        ({**organisation, **scores(4, 0, 0, 0)}, ["input", "internalExternal"]),
        ({**organisation, **scores(0, 0, -4, 0)}, ["input", "qualityCost"]),
        ({"periodStart": day(-1), "periodEnd": day(-90), **scores(0, 0, 0, 0)},
         ["input", "periodEnd"]),
        ({**organisation, "assessedOn": day(5), **scores(0, 0, 0, 0)}, ["input", "assessedOn"]),
        ({**organisation, "assessorIds": ["UGVyc29uOjk5OTk"], **scores(0, 0, 0, 0)},
         ["input", "assessorIds"]),
    ]  # fmt: skip
    for given, field in cases:
        refused = api.mutate("ada", RECORD, {"input": given})
        assert refused["assessment"] is None and refused["errors"][0]["field"] == field, given
    assert api.query("ada", "{ balanceAssessments { totalCount } }")["balanceAssessments"] == count
    made = api.mutate("ada", RECORD, {"input": {**organisation, **scores(0, 0, 0, 0)}})
    assessment = made["assessment"]
    fixed = api.mutate(
        "ada",
        UPDATE,
        {
            "input": {
                "id": assessment["id"],
                "reactiveProactive": 2,
                "expectedVersion": assessment["version"],
            }
        },
    )
    assert fixed["errors"] == [] and fixed["assessment"]["reactiveProactive"] == 2
    stale = api.mutate(
        "ada",
        UPDATE,
        {
            "input": {
                "id": assessment["id"],
                "qualityCost": 1,
                "expectedVersion": assessment["version"],
            }
        },
    )
    assert stale["errors"][0]["code"] == "CONFLICT"


def test_guidelines_are_agreed_by_the_committee_and_kept_by_their_owner(api):
    made = api.mutate(
        "margaret", GUIDE,
        {"input": {"tension": "STABILITY_RESPONSIVENESS", "ownerId": person_id("hana"),
                   "statement": "Standard changes go ahead without the board.",
                   "reviewOn": day(-1)}},
    )  # fmt: skip
    assert made["errors"] == [] and made["guideline"]["reviewDue"] is True
    assert made["guideline"]["owner"] == {"name": "Hana Sato"}
    for person in ("nora", "jonas", "hana"):
        refused = api.mutate(
            person, GUIDE,
            {"input": {"tension": "QUALITY_COST", "statement": "x", "reviewOn": day(30)}},
        )  # fmt: skip
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
    guideline = made["guideline"]["id"]
    kept = api.mutate(
        "hana",
        CHANGE_GUIDE,
        {"input": {"id": guideline, "statement": "Standard changes go ahead; normal ones weekly."}},
    )
    assert kept["errors"] == []
    handed = api.mutate(
        "hana", CHANGE_GUIDE, {"input": {"id": guideline, "ownerId": person_id("nora")}}
    )
    assert handed["errors"][0]["code"] == "FORBIDDEN"
    assert api.mutate("nora", CHANGE_GUIDE, {"input": {"id": guideline, "statement": "y"}})[
        "errors"][0]["code"] == "FORBIDDEN"  # fmt: skip
    blank = api.mutate("margaret", CHANGE_GUIDE, {"input": {"id": guideline, "statement": " "}})
    assert blank["errors"] == [
        {"field": ["input", "statement"], "code": "INVALID", "message": "must not be empty"}
    ]  # fmt: skip
    listed = api.query("nora", "{ balanceGuidelines { statement } }")["balanceGuidelines"]
    assert {"statement": "Standard changes go ahead; normal ones weekly."} in listed


def test_the_evidence_covers_the_calendars_first_and_last_days(api):
    """The last day has no day after it to end the period at; it ends at its last instant."""
    for start, end in (("9999-12-01", "9999-12-31"), ("0001-01-01", "0001-01-31")):
        found = api.query("margaret", EVIDENCE, {"s": None, "a": start, "b": end})
        summaries = {i["tension"]: i["summary"] for i in found["balanceEvidence"]}
        assert summaries["REACTIVE_PROACTIVE"] == "No initiative was proposed in the period."
        assert summaries["QUALITY_COST"].startswith("No budget approved in the period")
