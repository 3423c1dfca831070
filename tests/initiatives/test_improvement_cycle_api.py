"""The improvement cycle on every initiative: the seven questions answered from its data, each
step saying what is missing; the benefit review months after completion (due in the owner's
My work), which proposes corrective work when the gains slipped; bad input refused, nothing
written."""

from __future__ import annotations

from datetime import date, timedelta

from server.domain.initiatives.improvement_cycle import Facts, LinkedMetric, StepState, steps
from server.models.enums import BenefitOutcome, InitiativeStatus, Outcome
from tests.support.demo import demo_id

CYCLE = """query($id: ID!) { node(id: $id) { ... on Initiative { status benefitReviewDueOn
  improvementCycle { step question state summary missing }
  benefitReview { outcome note correctiveInitiative { id title status plan { name }
    metrics(first: 10) { nodes { name } } objectives(first: 10) { nodes { title } } } } } } }"""
REVIEW = """mutation($input: RecordBenefitReviewInput!) { recordBenefitReview(input: $input) {
  benefitReview { outcome reviewedOn correctiveInitiative { id title } }
  errors { field code message } } }"""
DUE = """{ viewer { work { benefitReviewsDue(first: 10) {
  nodes { title benefitReviewDueOn } } } } }"""


def cycle(api, person: str, title: str) -> dict:
    return api.query(person, CYCLE, {"id": demo_id(title)})["node"]


def states(node: dict) -> dict[str, str]:
    return {step["step"]: step["state"] for step in node["improvementCycle"]}


def test_each_step_is_answered_from_the_data_or_says_what_is_missing(api):
    done = cycle(api, "carlos", "Upgrade the incident resolution process")
    assert [step["question"] for step in done["improvementCycle"]] == [
        "What is the vision?", "Where are we now?", "Where do we want to be?",
        "How do we get there?", "Take action", "Did we get there?",
        "How do we keep the momentum?",
    ]  # fmt: skip
    assert states(done)["VISION"] == "DONE"
    assert states(done)["DID_WE_GET_THERE"] == "DONE"
    momentum = done["improvementCycle"][-1]  # reviewed in the demo: the gains held
    assert momentum["state"] == "DONE" and momentum["summary"].startswith("The gains held")
    due = cycle(api, "lena", "Right-size idle virtual machines")["improvementCycle"][-1]
    assert due["state"] == "MISSING" and due["missing"] == "Review whether the gains held."
    proposed = cycle(api, "priya", "Shorten mailbox provisioning to one hour")
    assert states(proposed)["TAKE_ACTION"] == "NOT_YET"
    assert states(proposed)["KEEP_THE_MOMENTUM"] == "NOT_YET"
    assert proposed["benefitReviewDueOn"] is None
    unmeasured = {s["step"]: s for s in proposed["improvementCycle"]}
    if unmeasured["WHERE_ARE_WE_NOW"]["state"] == "MISSING":
        assert unmeasured["WHERE_ARE_WE_NOW"]["missing"]


def test_the_steps_follow_the_data():
    today = date(2026, 12, 5)
    bare = steps(Facts(status=InitiativeStatus.IN_PROGRESS), today)
    assert [a.state for a in bare] == [
        StepState.MISSING, StepState.MISSING, StepState.MISSING, StepState.MISSING,
        StepState.MISSING, StepState.NOT_YET, StepState.NOT_YET,
    ]  # fmt: skip
    assert bare[0].missing == "Link it to the objectives it serves."
    assert bare[3].missing == "Set the planned start and end."
    assert bare[4].missing == "Post a status update on its progress."
    full = Facts(
        status=InitiativeStatus.COMPLETED, objectives=["Be the partner people choose"],
        metrics=[LinkedMetric("Mean time to restore", "h", 8, 4),
                 LinkedMetric("First-call resolution", "%", 60, None)],
        planned_start=date(2026, 1, 1), planned_end=date(2026, 6, 30),
        budget_approved="EUR 10,000.00", status_updates=3, last_update=date(2026, 6, 1),
        outcome=Outcome.ACHIEVED, actual_end=date(2026, 7, 1),
        realised=[("Mean time to restore", 1.0)],
        benefit_review=(BenefitOutcome.SLIPPED, date(2026, 10, 1), "Win back the gains"),
    )  # fmt: skip
    answers = {a.step.value: a for a in steps(full, today)}
    assert answers["where_are_we_now"].state is StepState.DONE
    assert answers["where_do_we_want_to_be"].missing == "Record a target for First-call resolution."
    assert "EUR 10,000.00 approved" in answers["how_do_we_get_there"].summary
    assert answers["did_we_get_there"].summary == (
        "Achieved: Mean time to restore 100% of the way to its target."
    )
    assert answers["keep_the_momentum"].summary == (
        "The gains slipped (reviewed 2026-10-01); “Win back the gains” was proposed to win them "
        "back."
    )
    recent = Facts(status=InitiativeStatus.COMPLETED, actual_end=today - timedelta(days=10))
    momentum = steps(recent, today)[-1]
    assert momentum.state is StepState.NOT_YET and "due on 2027-02-23" in momentum.summary


def test_slipped_gains_propose_corrective_work_and_the_review_leaves_my_work(api):
    title = "Right-size idle virtual machines"
    due = api.query("lena", DUE)["viewer"]["work"]["benefitReviewsDue"]["nodes"]
    assert title in [n["title"] for n in due]
    refused = api.mutate(
        "lena", REVIEW, {"input": {"initiativeId": demo_id(title), "outcome": "SLIPPED"}}
    )
    assert refused["errors"] == [
        {"field": ["input", "note"], "code": "INVALID",
         "message": "a reason is required to say the benefits slipped"}
    ]  # fmt: skip
    for person in ("nora", "priya", "carlos"):
        other = api.mutate(
            person, REVIEW,
            {"input": {"initiativeId": demo_id(title), "outcome": "SUSTAINED"}},
        )  # fmt: skip
        assert other["errors"][0]["code"] == "FORBIDDEN", person
    future = (date.today() + timedelta(days=2)).isoformat()
    later = api.mutate(
        "lena", REVIEW,
        {"input": {"initiativeId": demo_id(title), "outcome": "SUSTAINED", "reviewedOn": future}},
    )  # fmt: skip
    assert later["errors"][0]["field"] == ["input", "reviewedOn"]
    slipped = api.mutate(
        "lena", REVIEW,
        {"input": {"initiativeId": demo_id(title), "outcome": "SLIPPED",
                   "note": "Idle machines are back: teams started new test servers."}},
    )  # fmt: skip
    assert slipped["errors"] == []
    node = cycle(api, "lena", title)
    corrective = node["benefitReview"]["correctiveInitiative"]
    assert corrective["title"] == f"Win back the gains of {title}"
    assert corrective["status"] == "PROPOSED"
    original = api.query(
        "lena",
        """query($id: ID!) { node(id: $id) { ... on Initiative { plan { name }
          metrics(first: 10) { nodes { name } } objectives(first: 10) { nodes { title } } } } }""",
        {"id": demo_id(title)},
    )["node"]
    assert corrective["plan"] == original["plan"]
    assert corrective["metrics"] == original["metrics"]
    assert corrective["objectives"] == original["objectives"]
    assert states(node)["KEEP_THE_MOMENTUM"] == "DONE"
    back = api.query(
        "lena",
        """query($id: ID!) { node(id: $id) { ... on Initiative { correctsBenefitReview {
          outcome initiative { title } } } } }""",
        {"id": corrective["id"]},
    )["node"]["correctsBenefitReview"]
    assert back == {"outcome": "SLIPPED", "initiative": {"title": title}}
    again = api.mutate(
        "lena", REVIEW, {"input": {"initiativeId": demo_id(title), "outcome": "SUSTAINED"}}
    )
    assert again["errors"][0]["code"] == "INVALID_TRANSITION"
    due = api.query("lena", DUE)["viewer"]["work"]["benefitReviewsDue"]["nodes"]
    assert title not in [n["title"] for n in due]
    running = api.mutate(
        "priya", REVIEW,
        {"input": {"initiativeId": demo_id("Upgrade the mail routing cluster"),
                   "outcome": "SUSTAINED"}},
    )  # fmt: skip
    assert running["errors"][0]["code"] == "INVALID_TRANSITION"
