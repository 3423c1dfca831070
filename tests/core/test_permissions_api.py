"""The permission table (DOMAIN.md, "Who may do what"), cell by cell, through the API.

The expectations are written out by hand, person by person, from the demo's role
assignments, not computed with the code under test (tests/support/permissions.py)."""

from __future__ import annotations

from tests.support.permissions import (
    MAINTAINS,
    OWNS,
    PEOPLE,
    PLAN_NAMES,
    PLANS,
    STEERING,
    may_propose,
    sees,
)


def plan_ids(api) -> dict[str, str]:
    nodes = api.query("ada", "{ plans(first: 50) { nodes { id name } } }")["plans"]["nodes"]
    by_name = {node["name"]: node["id"] for node in nodes}
    return {key: by_name[PLAN_NAMES[key]] for key in PLANS}


PROPOSE = """mutation($plan: ID!, $title: String!) { proposeInitiative(input: {planId: $plan,
  title: $title}) { initiative { id } errors { code } } }"""
TRANSITIONS = """query($id: ID!) { node(id: $id) { ... on Initiative { availableTransitions } } }"""


def node_for(api, person: str, initiative_id: str) -> dict | None:
    """The initiative as a person sees it with a read-write token (what they could do)."""
    body = api.post(person, TRANSITIONS, {"id": initiative_id}, scope="read_write").json()
    return body["data"]["node"]


def test_propose_approve_and_cancel_follow_the_table(api):
    plans = plan_ids(api)
    proposed: dict[str, tuple[str, str]] = {}  # plan -> (initiative id, proposer)
    for person in PEOPLE:
        for plan in PLANS:
            payload = api.mutate(person, PROPOSE, {"plan": plans[plan], "title": f"{person} idea"})
            expected = may_propose(person, plan)
            assert (payload["errors"] == []) is expected, (person, plan, payload)
            if not expected:
                code = payload["errors"][0]["code"]
                assert code == ("FORBIDDEN" if sees(person, plan) else "NOT_FOUND"), (person, plan)
            elif plan not in proposed:
                proposed[plan] = (payload["initiative"]["id"], person)
    assert set(proposed) == set(PLANS)
    for person in PEOPLE:
        for plan, (initiative_id, proposer) in proposed.items():
            node = node_for(api, person, initiative_id)
            if not sees(person, plan):
                assert node is None
                continue
            transitions = set(node["availableTransitions"])
            owns = plan in OWNS.get(person, set())
            assert ("APPROVE" in transitions) is owns, (person, plan)
            assert ("REJECT" in transitions) is owns, (person, plan)
            may_cancel = person == proposer or plan in MAINTAINS.get(person, set())
            assert ("CANCEL" in transitions) is may_cancel, (person, plan)


def test_only_the_steering_committee_decides_budgets(api):
    plans = plan_ids(api)
    requested = api.query(
        "ada",
        "{ initiatives(first: 100, filter: {status: [BUDGET_REQUESTED]}) { nodes { id "
        "plan { name } } } }",
    )["initiatives"]["nodes"]
    names = {name: key for key, name in PLAN_NAMES.items()}
    assert len({node["plan"]["name"] for node in requested}) >= 3
    for person in PEOPLE:
        for node in requested:
            plan = names[node["plan"]["name"]]
            found = node_for(api, person, node["id"])
            if not sees(person, plan):
                assert found is None
                continue
            transitions = set(found["availableTransitions"])
            assert ("FUND" in transitions) is (person in STEERING), (person, plan)
            assert ("REJECT_BUDGET" in transitions) is (person in STEERING), (person, plan)
    assert plans


def test_running_work_is_edited_by_its_owner_and_the_plans_maintainers(api):
    running = api.query(
        "ada",
        "{ initiatives(first: 100, filter: {status: [IN_PROGRESS]}) { nodes { id "
        "owner { email } plan { name } } } }",
    )["initiatives"]["nodes"]
    names = {name: key for key, name in PLAN_NAMES.items()}
    for person in PEOPLE:
        for node in running:
            plan = names[node["plan"]["name"]]
            found = node_for(api, person, node["id"])
            if not sees(person, plan):
                assert found is None
                continue
            is_owner = node["owner"]["email"].startswith(person + "@")
            expected = is_owner or plan in MAINTAINS.get(person, set())
            for transition in ("HOLD", "COMPLETE", "CANCEL"):
                assert (transition in found["availableTransitions"]) is expected, (person, plan)


def test_read_only_tokens_may_not_change_anything(api):
    node = api.query("ada", "{ initiatives(first: 1) { nodes { id version } } }")
    initiative = node["initiatives"]["nodes"][0]
    body = api.post(
        "margaret",
        f'mutation {{ cancelInitiative(input: {{id: "{initiative["id"]}", expectedVersion: '
        f'{initiative["version"]}, reason: "x"}}) {{ errors {{ code message }} }} }}',
        scope="read",
    ).json()
    assert body["data"]["cancelInitiative"]["errors"] == [
        {"code": "FORBIDDEN",
         "message": "This API token may only read; create a read-write token to make changes."}
    ]  # fmt: skip
    transitions = api.query("margaret", TRANSITIONS, {"id": initiative["id"]})["node"][
        "availableTransitions"
    ]
    assert transitions == []  # a read-only token is offered no buttons


def test_only_administrators_manage_people_plans_and_services(api):
    for person in PEOPLE:
        payload = api.mutate(
            person,
            f'mutation {{ createPlan(input: {{kind: CONTINUITY_IMPROVEMENT, name: "Plan by '
            f'{person}"}}) {{ plan {{ name }} errors {{ code }} }} }}',
        )
        if person == "ada":
            assert payload["errors"] == [] and payload["plan"]["name"] == "Plan by ada"
        else:
            assert payload["errors"] == [{"code": "FORBIDDEN"}]


SUGGEST = """mutation($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) {
  suggestion { id } errors { code } } }"""
SUGGESTION_STEPS = (
    """query($id: ID!) { node(id: $id) { ... on Suggestion { availableActions } } }"""
)


def suggestion_inputs(api) -> dict[str, dict]:
    """Per plan, what a suggestion to it names: its kind, and its service or process."""
    data = api.query(
        "ada",
        """{ plans(first: 50) { nodes { name kind service { id } process { id } } } }""",
    )
    inputs = {}
    for plan in PLANS:
        found = next(n for n in data["plans"]["nodes"] if n["name"] == PLAN_NAMES[plan])
        fields = {"kind": found["kind"], "title": f"An idea for {plan}"}
        if found["service"]:
            fields["serviceId"] = found["service"]["id"]
        if found["process"]:
            fields["processId"] = found["process"]["id"]
        inputs[plan] = fields
    return inputs


def test_everyone_suggests_and_the_plans_owner_triages(api):
    """Anyone signed in, with a role or without, submits to every plan; only the owner of the
    plan it went to may accept, decline, merge or ask; a suggestion to the confidential plan
    is hidden from everyone else but its author."""
    inputs = suggestion_inputs(api)
    for index, person in enumerate(PEOPLE):  # each person to a plan, the confidential one too
        plan = "security" if index % 3 == 0 else PLANS[index % len(PLANS)]
        payload = api.mutate(person, SUGGEST, {"input": inputs[plan]})
        assert payload["errors"] == [], (person, plan, payload)
    submitted = {}
    for plan in PLANS:  # nora holds no role: everyone is asked about her suggestions
        payload = api.mutate("nora", SUGGEST, {"input": inputs[plan]})
        assert payload["errors"] == [], (plan, payload)
        submitted[plan] = payload["suggestion"]["id"]
    for person in PEOPLE:
        for plan, suggestion_id in submitted.items():
            body = api.post(person, SUGGESTION_STEPS, {"id": suggestion_id}, scope="read_write")
            node = body.json()["data"]["node"]
            if person != "nora" and not sees(person, plan):
                assert node is None, (person, plan)
                continue
            steps = set(node["availableActions"])
            owns = plan in OWNS.get(person, set())
            triage = {"ACCEPT", "DECLINE", "MERGE", "REQUEST_INFORMATION"}
            assert (triage <= steps) is owns, (person, plan, steps)
            assert owns or not steps & triage, (person, plan, steps)
            expected = {"EDIT", "WITHDRAW"} if person == "nora" else {"SUPPORT"}
            assert expected <= steps, (person, plan, steps)


MANAGES_STAKEHOLDERS = {"ada", "sam"}  # an administrator, the business relationship manager
STAKEHOLDER_OWNERS = {"Northwind Hosting": "lena", "Sales department": "sam"}


def test_stakeholders_are_kept_by_administrators_brms_and_their_relationship_owner(api):
    stakeholders = {
        node["name"]: node["id"]
        for node in api.query("ada", "{ stakeholders(first: 50) { nodes { id name } } }")[
            "stakeholders"
        ]["nodes"]
    }
    for person in PEOPLE:
        created = api.mutate(
            person,
            """mutation($name: String!) { createStakeholder(input: {name: $name, kind: CUSTOMER})
              { stakeholder { id } errors { code } } }""",
            {"name": f"Customer of {person}"},
        )
        assert (created["errors"] == []) is (person in MANAGES_STAKEHOLDERS), person
        for name, owner in STAKEHOLDER_OWNERS.items():
            edited = api.mutate(
                person,
                """mutation($id: ID!, $contact: String!) { updateStakeholder(input: {id: $id,
                  contact: $contact}) { stakeholder { id } errors { code } } }""",
                {"id": stakeholders[name], "contact": f"via {person}"},
            )
            allowed = person in MANAGES_STAKEHOLDERS or person == owner
            assert (edited["errors"] == []) is allowed, (person, name, edited)


# Who runs the E-mail service's reviews: its owner, an administrator, and (while Sales takes
# part, whose relationship he keeps) the business relationship manager.
RUNS_EMAIL_REVIEWS = {"priya", "ada"}
RUNS_WITH_SALES = RUNS_EMAIL_REVIEWS | {"sam"}
OPEN_REVIEW = """mutation($input: OpenServiceReviewInput!) { openServiceReview(input: $input) {
  serviceReview { id } errors { code } } }"""
REVIEW_STEPS = """query($id: ID!) { node(id: $id) { ... on ServiceReview { availableActions } } }"""


def test_a_services_reviews_are_run_by_its_owner_admins_and_the_brm_taking_part(api):
    from tests.support.demo import service_id, stakeholder_id

    email, sales = service_id("email"), stakeholder_id("Sales department")
    for with_sales in (True, False):
        allowed = RUNS_WITH_SALES if with_sales else RUNS_EMAIL_REVIEWS
        for person in PEOPLE:
            opened = api.mutate(
                person, OPEN_REVIEW,
                {"input": {"serviceId": email, "periodStart": "2026-06-01",
                           "periodEnd": "2026-08-31",
                           "stakeholderIds": [sales] if with_sales else []}},
            )  # fmt: skip
            assert (opened["errors"] == []) is (person in allowed), (person, with_sales, opened)
            if opened["errors"]:
                assert opened["errors"][0]["code"] == "FORBIDDEN"
                continue
            review = opened["serviceReview"]["id"]
            for reader in PEOPLE:  # everyone reads it; only who may run it is offered steps
                body = api.post(reader, REVIEW_STEPS, {"id": review}, scope="read_write").json()
                steps = body["data"]["node"]["availableActions"]
                assert bool(steps) is (reader in allowed), (reader, with_sales, steps)
            held = api.mutate(
                person,
                "mutation($id: ID!) { holdServiceReview(input: {id: $id}) { errors { code } } }",
                {"id": review},
            )
            assert held["errors"] == [], (person, held)


# A completed initiative's benefit review: its owner and its plan's owner (Lena owns both the
# work and the Cloud Hosting service whose plan holds it).
REVIEWS_BENEFITS = {"lena"}
BENEFIT = """mutation($id: ID!) { recordBenefitReview(input: {initiativeId: $id,
  outcome: SUSTAINED}) { benefitReview { id } errors { code } } }"""


def test_a_benefit_review_is_recorded_by_the_work_and_plan_owner(api):
    from tests.support.demo import demo_id

    work = demo_id("Right-size idle virtual machines")
    ordered = [p for p in PEOPLE if p not in REVIEWS_BENEFITS] + sorted(REVIEWS_BENEFITS)
    for person in ordered:
        payload = api.mutate(person, BENEFIT, {"id": work})
        assert (payload["errors"] == []) is (person in REVIEWS_BENEFITS), (person, payload)


# Who assesses the balance: of the organisation, the steering committee, the service strategy
# manager (Ada, also an administrator); of the Service Desk, also its owner Jonas.
ASSESSES_ORGANISATION = {"ada", "margaret", "tom"}
ASSESSES_DESK = ASSESSES_ORGANISATION | {"jonas"}
ASSESS = """mutation($input: RecordBalanceAssessmentInput!) { recordBalanceAssessment(input: $input)
  { assessment { id } errors { code } } }"""


def test_the_balance_is_assessed_by_the_committee_and_a_service_by_its_owner(api):
    from tests.support.demo import service_id

    scores = {"periodStart": "2026-01-01", "periodEnd": "2026-03-31", "internalExternal": 0,
              "stabilityResponsiveness": 0, "qualityCost": 0, "reactiveProactive": 0}  # fmt: skip
    for person in PEOPLE:
        organisation = api.mutate(person, ASSESS, {"input": scores})
        assert (organisation["errors"] == []) is (person in ASSESSES_ORGANISATION), person
        desk = api.mutate(person, ASSESS, {"input": {**scores, "serviceId": service_id("desk")}})
        assert (desk["errors"] == []) is (person in ASSESSES_DESK), person


# The portfolio: the Network's owner (Jonas), the service strategy manager and administrators
# (Ada) propose its moves; the steering committee decides.
PROPOSES_NETWORK = {"jonas", "ada"}
DECIDES_PORTFOLIO = {"margaret", "tom"}
MOVE = """mutation($input: ProposePortfolioDecisionInput!) { proposePortfolioDecision(input: $input)
  { decision { id } errors { code } } }"""
DECIDE_MOVE = """mutation($input: DecidePortfolioDecisionInput!) {
  decidePortfolioDecision(input: $input) { decision { id } errors { code } } }"""


def test_portfolio_moves_are_proposed_by_the_owner_and_decided_by_the_committee(api):
    from tests.support.demo import service_id

    network = service_id("network")
    for person in PEOPLE:
        proposed = api.mutate(
            person, MOVE, {"input": {"serviceId": network, "move": "RETIRE", "case": "Why"}}
        )
        assert (proposed["errors"] == []) is (person in PROPOSES_NETWORK), (person, proposed)
        if proposed["errors"]:
            continue
        decision = proposed["decision"]["id"]
        for decider in [p for p in PEOPLE if p not in DECIDES_PORTFOLIO]:
            refused = api.mutate(
                decider, DECIDE_MOVE, {"input": {"id": decision, "approve": False, "note": "No"}}
            )
            assert refused["errors"][0]["code"] == "FORBIDDEN", decider
        rejected = api.mutate(
            "tom", DECIDE_MOVE, {"input": {"id": decision, "approve": False, "note": "No"}}
        )
        assert rejected["errors"] == []


# The meeting pack: a plan's budget envelope is set by its owner (the strategic plan's by the
# steering committee) and administrators; the committee records its meetings.
ENVELOPE = """mutation($input: SetPlanBudgetEnvelopeInput!) { setPlanBudgetEnvelope(input: $input)
  { plan { id } errors { code } } }"""
MEETING = """mutation($input: RecordSteeringMeetingInput!) { recordSteeringMeeting(input: $input)
  { meeting { id } errors { code } } }"""


def test_envelopes_are_set_by_the_plans_owner_and_meetings_recorded_by_the_committee(api):
    from datetime import UTC, datetime, timedelta

    from tests.support.demo import person_id

    plans = plan_ids(api)
    for amount, person in enumerate(PEOPLE, start=1):  # a new amount each: each one a change
        for plan in PLANS:
            envelope = {"planId": plans[plan], "year": 2030, "amount": str(amount)}
            answer = api.mutate(person, ENVELOPE, {"input": envelope})
            allowed = person == "ada" or plan in OWNS.get(person, set())
            if allowed:
                assert answer["errors"] == [], (person, plan, answer)
            else:
                code = answer["errors"][0]["code"]
                assert code == ("FORBIDDEN" if sees(person, plan) else "NOT_FOUND"), (person, plan)
    today = datetime.now(UTC).date()
    for days, person in enumerate(PEOPLE, start=1):
        held = (today - timedelta(days=days * 400)).isoformat()  # before any demo meeting
        answer = api.mutate(
            person, MEETING, {"input": {"heldOn": held, "attendeeIds": [person_id(person)]}}
        )
        assert (answer["errors"] == []) is (person in STEERING), (person, answer)
        if answer["errors"]:
            assert answer["errors"][0]["code"] == "FORBIDDEN", person


# Saved views: everyone saves their own; a shared view is deleted by its owner and
# administrators only; another's own view is not seen at all.
SAVE_VIEW = """mutation($input: SaveViewInput!) { saveView(input: $input)
  { view { id } errors { code } } }"""
DELETE_VIEW = """mutation($input: DeleteSavedViewInput!) { deleteSavedView(input: $input)
  { deletedViewId errors { code } } }"""


def test_views_are_saved_by_anyone_and_deleted_by_their_owner_or_an_administrator(api):
    for person in PEOPLE:
        own = api.mutate(person, SAVE_VIEW, {"input": {"path": "/metrics", "name": person}})
        assert own["errors"] == [], person
    shared = api.mutate(
        "nora", SAVE_VIEW, {"input": {"path": "/metrics", "name": "Shared", "shared": True}}
    )["view"]["id"]
    private = api.mutate("nora", SAVE_VIEW, {"input": {"path": "/metrics", "name": "Hers"}})
    for person in [p for p in PEOPLE if p not in ("nora", "ada")]:
        refused = api.mutate(person, DELETE_VIEW, {"input": {"id": shared}})
        assert refused["errors"] == [{"code": "FORBIDDEN"}], person
        unseen = api.mutate(person, DELETE_VIEW, {"input": {"id": private["view"]["id"]}})
        assert unseen["errors"] == [{"code": "NOT_FOUND"}], person
    assert api.mutate("ada", DELETE_VIEW, {"input": {"id": shared}})["errors"] == []


# Process governance: Incident Management's definition is changed by its process owner (Carlos)
# and administrators (Ada); its process manager (Hana), its practitioner (Ben) and the owner of
# another process (Hana owns Change Enablement) may not. Change Enablement's is Hana's.
DEFINES_INCIDENT = {"carlos", "ada"}
DEFINES_CHANGE = {"hana", "ada"}
# The part each of them gives the service owner in "Investigate and diagnose" (none in the demo),
# so that each RACI they set is a change.
SERVICE_OWNER_PART = {"ada": "INFORMED", "carlos": "CONSULTED"}
DEFINE = """query($id: ID!) { node(id: $id) { ... on Process { viewerMayDefine
  activities(first: 20) { nodes { id name viewerMayEdit } }
  policies(first: 20) { nodes { viewerMayEdit } } } } }"""
SET_RACI = """mutation($input: SetActivityRaciInput!) { setActivityRaci(input: $input) {
  activity { raci { roleSlug responsibility } } errors { code } } }"""
ADD_ACTIVITY = """mutation($input: AddProcessActivityInput!) { addProcessActivity(input: $input)
  { activity { name position } errors { code } } }"""
ADOPT_POLICY = """mutation($input: CreateProcessPolicyInput!) { createProcessPolicy(input: $input)
  { policy { title inForce } errors { code } } }"""


def test_a_process_is_defined_by_its_owner_and_administrators(api):
    from datetime import UTC, datetime, timedelta

    from tests.support.demo import process_id

    incident, change = process_id("incident"), process_id("change")
    roles = api.query("ada", "{ roles(first: 50) { nodes { id slug } } }")["roles"]["nodes"]
    role = {node["slug"]: node["id"] for node in roles}
    activities = api.query("ada", DEFINE, {"id": incident})["node"]["activities"]["nodes"]
    diagnose = next(a["id"] for a in activities if a["name"] == "Investigate and diagnose")
    today = datetime.now(UTC).date()
    read_only = api.query("carlos", DEFINE, {"id": incident})["node"]  # a read-only token
    assert read_only["viewerMayDefine"] is False
    for person in PEOPLE:
        for process, allowed in ((incident, DEFINES_INCIDENT), (change, DEFINES_CHANGE)):
            body = api.post(person, DEFINE, {"id": process}, scope="read_write").json()
            node = body["data"]["node"]
            assert node["viewerMayDefine"] is (person in allowed), (person, process)
            may_edit = {a["viewerMayEdit"] for a in node["activities"]["nodes"]}
            may_edit |= {p["viewerMayEdit"] for p in node["policies"]["nodes"]}
            assert may_edit == {person in allowed}, (person, process)
        part = SERVICE_OWNER_PART.get(person, "CONSULTED")
        raci = api.mutate(
            person, SET_RACI,
            {"input": {"activityId": diagnose, "entries": [
                {"roleId": role["process_practitioner"], "responsibility": "RESPONSIBLE"},
                {"roleId": role["process_manager"], "responsibility": "CONSULTED"},
                {"roleId": role["service_owner"], "responsibility": part},
            ]}},
        )  # fmt: skip
        added = api.mutate(
            person, ADD_ACTIVITY,
            {"input": {"processId": incident, "name": f"Step of {person}", "position": 1}},
        )  # fmt: skip
        adopted = api.mutate(
            person, ADOPT_POLICY,
            {"input": {"processId": incident, "title": f"Policy of {person}",
                       "statement": "Every incident is logged.", "effectiveOn": today.isoformat(),
                       "reviewOn": (today + timedelta(days=365)).isoformat()}},
        )  # fmt: skip
        if person in DEFINES_INCIDENT:
            assert raci["errors"] == [], (person, raci)
            assert {"roleSlug": "service_owner", "responsibility": part} in raci["activity"]["raci"]
            assert added["errors"] == [], (person, added)
            assert added["activity"] == {"name": f"Step of {person}", "position": 1}
            assert adopted["errors"] == [], (person, adopted)
            assert adopted["policy"] == {"title": f"Policy of {person}", "inForce": True}
        else:
            for payload in (raci, added, adopted):
                assert payload["errors"] == [{"code": "FORBIDDEN"}], (person, payload)
            assert raci["activity"] is None and added["activity"] is None
            assert adopted["policy"] is None


# A process improvement plan's running work: its owner (Carlos owns both the initiative and the
# Incident Management plan) edits it and posts status updates; the process manager (Hana) also
# posts status updates, without editing it; the practitioner (Ben), administrators (Ada) and
# everyone else may do neither.
POSTS_ON_INCIDENT_WORK = {"carlos", "hana"}
EDITS_INCIDENT_WORK = {"carlos"}
POST_UPDATE = """mutation($id: ID!, $note: String!) { postStatusUpdate(input: {initiativeId: $id,
  health: ON_TRACK, percentComplete: 50, note: $note}) { statusUpdate { health }
  errors { code } } }"""
MAY_POST = """query($id: ID!) { node(id: $id) { ... on Initiative { viewerMayPostStatusUpdate
  viewerMayEdit } } }"""


def test_the_process_manager_posts_status_updates_in_the_process_plan(api):
    running = api.query(
        "ada",
        """query($plan: [ID!]) { initiatives(first: 10, filter: {plan: $plan,
          status: [IN_PROGRESS]}) { nodes { id plan { name } } } }""",
        {"plan": [plan_ids(api)["pip_incident"]]},
    )["initiatives"]["nodes"]
    assert running and {n["plan"]["name"] for n in running} == {PLAN_NAMES["pip_incident"]}
    work = running[0]["id"]
    for person in PEOPLE:
        node = api.post(person, MAY_POST, {"id": work}, scope="read_write").json()["data"]["node"]
        assert node["viewerMayPostStatusUpdate"] is (person in POSTS_ON_INCIDENT_WORK), person
        assert node["viewerMayEdit"] is (person in EDITS_INCIDENT_WORK), person
        posted = api.mutate(person, POST_UPDATE, {"id": work, "note": f"Update from {person}"})
        if person in POSTS_ON_INCIDENT_WORK:
            assert posted["errors"] == [], (person, posted)
            assert posted["statusUpdate"] == {"health": "ON_TRACK"}
        else:
            assert posted["errors"] == [{"code": "FORBIDDEN"}], (person, posted)
            assert posted["statusUpdate"] is None


# "Mean time to restore" measures Incident Management: its owner (Carlos, who also owns the
# initiative it is linked to) and the process manager (Hana) record it; the practitioner (Ben),
# administrators (Ada) and everyone else may not.
RECORDS_MTTR = {"carlos", "hana"}
RECORD = """mutation($input: RecordMeasurementsInput!) { recordMeasurements(input: $input) {
  recorded errors { code } } }"""
MAY_RECORD = """query($id: ID!) { node(id: $id) { ... on Metric { viewerMayRecord } } }"""


def test_the_process_manager_records_the_process_metrics(api):
    from tests.support.demo import MTTR_METRIC

    for index, person in enumerate(PEOPLE):
        node = api.post(person, MAY_RECORD, {"id": MTTR_METRIC}, scope="read_write").json()
        assert node["data"]["node"]["viewerMayRecord"] is (person in RECORDS_MTTR), person
        row = {
            "metricId": MTTR_METRIC,
            "value": 4.5,
            "takenAt": f"2031-01-{index + 1:02d}T08:00:00Z",
        }
        recorded = api.mutate(person, RECORD, {"input": {"measurements": [row]}})
        if person in RECORDS_MTTR:
            assert recorded["errors"] == [] and recorded["recorded"] == 1, (person, recorded)
        else:
            assert [e["code"] for e in recorded["errors"]] == ["FORBIDDEN"], (person, recorded)


# Comments: everyone signed in who may see a thing comments on it; a comment is edited by its
# author (Nora, who holds no role) and deleted by its author or an administrator (Ada).
EDITS_NORAS_COMMENT = {"nora"}
DELETES_NORAS_COMMENT = {"nora", "ada"}
ADD_COMMENT = """mutation($input: AddCommentInput!) { addComment(input: $input) {
  comment { id authorName } errors { code } } }"""
EDIT_COMMENT = """mutation($input: EditCommentInput!) { editComment(input: $input) {
  comment { body } errors { code } } }"""
DELETE_COMMENT = """mutation($input: DeleteCommentInput!) { deleteComment(input: $input) {
  deletedCommentId errors { code } } }"""
MAY_CHANGE_COMMENT = """query($id: ID!) { node(id: $id) { ... on Comment { viewerMayEdit
  viewerMayDelete } } }"""
COUNT_COMMENTS = """query($id: ID!) { node(id: $id) { ... on Initiative {
  comments { totalCount } } } }"""


def test_a_comment_is_edited_by_its_author_and_deleted_by_its_author_or_administrators(api):
    from tests.support.demo import SHORTEN  # the E-mail plan: everyone signed in sees it

    written = api.mutate("nora", ADD_COMMENT, {"input": {"subjectId": SHORTEN, "body": "When?"}})
    assert written["errors"] == [] and written["comment"]["authorName"] == "Nora Quinn"
    comment = written["comment"]["id"]
    read_only = api.query("nora", MAY_CHANGE_COMMENT, {"id": comment})["node"]
    assert read_only == {"viewerMayEdit": False, "viewerMayDelete": False}
    for person in PEOPLE:
        body = api.post(person, MAY_CHANGE_COMMENT, {"id": comment}, scope="read_write").json()
        assert body["data"]["node"] == {
            "viewerMayEdit": person in EDITS_NORAS_COMMENT,
            "viewerMayDelete": person in DELETES_NORAS_COMMENT,
        }, person
        edited = api.mutate(person, EDIT_COMMENT, {"input": {"id": comment, "body": person}})
        if person in EDITS_NORAS_COMMENT:
            assert edited == {"comment": {"body": person}, "errors": []}, person
        else:
            assert edited == {"comment": None, "errors": [{"code": "FORBIDDEN"}]}, person
        if person not in DELETES_NORAS_COMMENT:
            refused = api.mutate(person, DELETE_COMMENT, {"input": {"id": comment}})
            assert refused == {"deletedCommentId": None, "errors": [{"code": "FORBIDDEN"}]}, person
        added = api.mutate(
            person, ADD_COMMENT, {"input": {"subjectId": SHORTEN, "body": f"From {person}"}}
        )
        assert added["errors"] == [], (person, added)
        if person == "nora":  # the author deletes her own
            own = added["comment"]["id"]
            removed = api.mutate("nora", DELETE_COMMENT, {"input": {"id": own}})
            assert removed == {"deletedCommentId": own, "errors": []}
    deleted = api.mutate("ada", DELETE_COMMENT, {"input": {"id": comment}})
    assert deleted == {"deletedCommentId": comment, "errors": []}
    for person in ("ada", "nora"):
        again = api.mutate(person, DELETE_COMMENT, {"input": {"id": comment}})
        assert again == {"deletedCommentId": None, "errors": [{"code": "NOT_FOUND"}]}, person
    listed = api.query("nora", COUNT_COMMENTS, {"id": SHORTEN})["node"]["comments"]
    assert listed["totalCount"] == len(PEOPLE) - 1  # one from each, but Nora's own is deleted


THEME = """mutation($input: UpdateMyPreferencesInput!) { updateMyPreferences(input: $input) {
  preferences { theme } errors { code } } }"""


def test_each_person_chooses_only_their_own_theme(api):
    themes = ["DARK", "LIGHT", "SYSTEM"]
    for n, person in enumerate(PEOPLE):
        changed = api.mutate(person, THEME, {"input": {"theme": themes[n % 3]}})
        assert changed == {"preferences": {"theme": themes[n % 3]}, "errors": []}, person
    for n, person in enumerate(PEOPLE):  # nobody's choice touched anyone else's
        mine = api.query(person, "{ viewer { preferences { theme } } }")["viewer"]["preferences"]
        assert mine["theme"] == themes[n % 3], person
    read_only = api.post("nora", THEME, {"input": {"theme": "DARK"}}, scope="read")
    assert read_only.json()["data"]["updateMyPreferences"]["errors"] == [{"code": "FORBIDDEN"}]


MAIL_SETTINGS = """mutation($input: UpdateMailSettingsInput!) { updateMailSettings(input: $input) {
  mail { digestHour preferences { kind delivery } } errors { code } } }"""
MY_MAIL = "{ viewer { mail { digestHour preferences { kind delivery } } } }"
NOTIFICATION_NODE = """query($id: ID!) { node(id: $id) { ... on Notification { message } } }"""


def test_each_person_changes_only_their_own_mail_choices_and_reads_only_their_notifications(api):
    for hour, person in enumerate(PEOPLE):
        changed = api.mutate(person, MAIL_SETTINGS, {"input": {
            "digestHour": hour, "preferences": [{"kind": "CHANGED", "delivery": "OFF"}],
        }})  # fmt: skip
        assert changed["errors"] == [] and changed["mail"]["digestHour"] == hour, person
    for hour, person in enumerate(PEOPLE):  # nobody's choice touched anyone else's
        assert api.query(person, MY_MAIL)["viewer"]["mail"]["digestHour"] == hour, person
    read_only = api.post("nora", MAIL_SETTINGS, {"input": {"digestHour": 3}}, scope="read")
    assert read_only.json()["data"]["updateMailSettings"]["errors"] == [{"code": "FORBIDDEN"}]
    # A notification is a node to its own person alone.
    from tests.support.demo import SHORTEN, person_id

    api.mutate("tom", ADD_COMMENT, {"input": {"subjectId": SHORTEN, "body": "@Priya",
                                              "mentionIds": [person_id("priya")]}})  # fmt: skip
    mine = api.query("priya", "{ viewer { notifications(first: 1) { nodes { id } } } }")
    (note,) = mine["viewer"]["notifications"]["nodes"]
    for person in PEOPLE:
        node = api.query(person, NOTIFICATION_NODE, {"id": note["id"]})["node"]
        assert (node is not None) == (person == "priya"), person


WEBHOOK = """mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  endpoint { id } errors { code } } }"""
CHANGE_WEBHOOK = """mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(
  input: $input) { endpoint { id } errors { code } } }"""
REMOVE_WEBHOOK = """mutation($input: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(
  input: $input) { deletedWebhookEndpointId errors { code } } }"""


def test_only_administrators_register_change_and_remove_webhooks(api):
    admins = {"ada"}
    made = api.mutate("ada", WEBHOOK, {"input": {"name": "Hub", "url": "https://hooks.example/h",
                                                 "events": ["comment.added"]}})  # fmt: skip
    endpoint = made["endpoint"]["id"]
    for person in PEOPLE:
        if person in admins:
            continue
        for query, variables in (
            (
                WEBHOOK,
                {"name": "Mine", "url": "https://hooks.example/m", "events": ["comment.added"]},
            ),
            (CHANGE_WEBHOOK, {"id": endpoint, "name": "Taken over"}),
            (REMOVE_WEBHOOK, {"id": endpoint}),
        ):
            refused = api.mutate(person, query, {"input": variables})
            assert refused["errors"] == [{"code": "FORBIDDEN"}], (person, query[:40])
    assert api.mutate("ada", REMOVE_WEBHOOK, {"input": {"id": endpoint}})["errors"] == []


# A service's description and offerings are kept by its service owner (Priya owns E-mail, Jonas
# the Service Desk) and administrators (Ada); its name only administrators change.
EDITS_SERVICE = {"email": {"priya", "ada"}, "desk": {"jonas", "ada"}}
MAY_EDIT_SERVICE = """query($id: ID!) { node(id: $id) { ... on Service { name viewerMayEdit
  offerings(first: 1) { nodes { id } } } } }"""
UPDATE_SERVICE = """mutation($input: UpdateServiceInput!) { updateService(input: $input) {
  service { name description } errors { code } } }"""
ADD_OFFERING = """mutation($input: CreateOfferingInput!) { createOffering(input: $input) {
  offering { name } errors { code } } }"""
CHANGE_OFFERING = """mutation($input: UpdateOfferingInput!) { updateOffering(input: $input) {
  offering { description } errors { code } } }"""


def test_a_service_is_described_and_its_offerings_kept_by_its_owner_and_administrators(api):
    from tests.support.demo import service_id

    for key, allowed in EDITS_SERVICE.items():
        service = service_id(key)
        read_only = api.query("ada", MAY_EDIT_SERVICE, {"id": service})["node"]
        assert read_only["viewerMayEdit"] is False  # a read-only token edits nothing
        name = read_only["name"]
        offering = read_only["offerings"]["nodes"][0]["id"]
        for person in PEOPLE:
            body = api.post(person, MAY_EDIT_SERVICE, {"id": service}, scope="read_write").json()
            assert body["data"]["node"]["viewerMayEdit"] is (person in allowed), (person, key)
            described = api.mutate(
                person, UPDATE_SERVICE, {"input": {"id": service, "description": f"By {person}"}}
            )
            added = api.mutate(
                person, ADD_OFFERING,
                {"input": {"serviceId": service, "name": f"Offer of {person}",
                           "kind": "SERVICE_ACTION"}},
            )  # fmt: skip
            changed = api.mutate(
                person, CHANGE_OFFERING, {"input": {"id": offering, "description": person}}
            )
            renamed = api.mutate(
                person, UPDATE_SERVICE, {"input": {"id": service, "name": f"{name} of {person}"}}
            )
            if person in allowed:
                assert described["errors"] == [], (person, key, described)
                assert described["service"]["description"] == f"By {person}"
                assert added["errors"] == [] and changed["errors"] == [], (person, key)
                assert changed["offering"] == {"description": person}
            else:
                for payload in (described, added, changed):
                    assert payload["errors"] == [{"code": "FORBIDDEN"}], (person, key, payload)
            if person == "ada":
                assert renamed["errors"] == [], renamed
                back = api.mutate("ada", UPDATE_SERVICE, {"input": {"id": service, "name": name}})
                assert back["service"]["name"] == name
            else:
                assert renamed["errors"] == [{"code": "FORBIDDEN"}], (person, key, renamed)
