"""The open improvement register: anyone signed in suggests, the plan's owner triages.

A suggestion goes to the plan it concerns: the strategic plan (a gap in the portfolio, say),
a service's or a process's improvement plan, or the security, continuity or skills plan. The
owner of that plan accepts it (it becomes a proposed initiative there, linked both ways, the
suggester credited), declines it with a reason, merges it into another suggestion or an
initiative of the same plan, or asks its author for more information. Its author edits it
while it is open (an edit answers a request for information) or withdraws it; anyone who may
see it supports it, once.

    submitted ⇄ needs information → accepted | declined | merged | withdrawn
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from server.domain.collaboration import notifications
from server.domain.core import audit, validation, visibility
from server.domain.core.errors import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    INVALID_TRANSITION,
    NOT_FOUND,
    RuleViolation,
)
from server.domain.core.permissions import (
    Action,
    PlanLike,
    can,
    may_submit_suggestion,
    may_triage_suggestions,
)
from server.domain.core.viewer import Viewer
from server.domain.initiatives.edits import AUDITED as INITIATIVE_AUDITED
from server.domain.initiatives.edits import audit_change, load_initiative, record_event
from server.models import (
    BalanceAssessment,
    Feedback,
    Initiative,
    InitiativeService,
    Metric,
    Person,
    Plan,
    Process,
    ReviewFinding,
    Service,
    ServiceReview,
    Suggestion,
    SuggestionSupport,
)
from server.models.enums import (
    AuditAction,
    InitiativeStatus,
    PlanKind,
    SuggestionSource,
    SuggestionStatus,
)

S = SuggestionStatus
OPEN = frozenset({S.SUBMITTED, S.NEEDS_INFORMATION})
# The states each step may start from.
STARTS = {
    "accept": OPEN,
    "decline": OPEN,
    "merge": OPEN,
    "request_information": frozenset({S.SUBMITTED}),
    "withdraw": OPEN,
    "edit": OPEN,
    "support": OPEN,
}
TRIAGE_STEPS = ("accept", "decline", "merge", "request_information")
VERBS = {
    "accept": "accepted",
    "decline": "declined",
    "merge": "merged",
    "request_information": "sent back for more information",
    "withdraw": "withdrawn",
    "edit": "edited",
    "support": "supported",
}
STATUS_WORDS = {
    S.SUBMITTED: "waiting to be triaged",
    S.NEEDS_INFORMATION: "waiting for its author's answer",
    S.ACCEPTED: "accepted",
    S.DECLINED: "declined",
    S.MERGED: "merged",
    S.WITHDRAWN: "withdrawn",
}
AUDITED = ["title", "description", "status", "triage_note", "initiative_id"]
PLAN_WORDS = {
    PlanKind.STRATEGIC: "the strategic plan",
    PlanKind.SERVICE_IMPROVEMENT: "a service improvement plan",
    PlanKind.PROCESS_IMPROVEMENT: "a process improvement plan",
    PlanKind.SECURITY_IMPROVEMENT: "the security improvement plan",
    PlanKind.CONTINUITY_IMPROVEMENT: "the continuity improvement plan",
    PlanKind.SKILL_DEVELOPMENT: "the skill development plan",
}


@dataclass
class SuggestionFields:
    """What a suggester writes. None: not given (on edit: keep)."""

    kind: PlanKind | None = None
    title: str | None = None
    description: str | None = None
    service_id: int | None = None
    process_id: int | None = None
    source: SuggestionSource | None = None
    source_metric_id: int | None = None
    source_feedback_id: int | None = None
    source_finding_id: int | None = None
    source_assessment_id: int | None = None


def now() -> datetime:
    return datetime.now(UTC)


# -- where a suggestion goes ------------------------------------------------------------------


def _one_plan(session: Session, *conditions: Any) -> Plan | None:
    return session.scalar(select(Plan).where(*conditions).order_by(Plan.id).limit(1))


def target_plan(
    session: Session, kind: PlanKind, service: Service | None, process: Process | None
) -> Plan:
    """The plan whose inbox a suggestion of this kind lands in."""
    if kind is PlanKind.SERVICE_IMPROVEMENT:
        if service is None:
            raise RuleViolation(
                INVALID, "name the service whose improvement plan this is for", "input.serviceId"
            )
        plan = _one_plan(session, Plan.kind == kind, Plan.service_id == service.id)
        if plan is None:
            raise RuleViolation(
                INVALID,
                f"“{service.name}” has no improvement plan yet; send the suggestion to the "
                "strategic plan instead",
                "input.serviceId",
            )
        return plan
    if kind is PlanKind.PROCESS_IMPROVEMENT:
        if process is None:
            raise RuleViolation(
                INVALID, "name the process whose improvement plan this is for", "input.processId"
            )
        plan = _one_plan(session, Plan.kind == kind, Plan.process_id == process.id)
        if plan is None:
            raise RuleViolation(
                INVALID,
                f"“{process.name}” has no improvement plan yet; send the suggestion to the "
                "strategic plan instead",
                "input.processId",
            )
        return plan
    plan = _one_plan(session, Plan.kind == kind)
    if plan is None:
        raise RuleViolation(INVALID, f"there is no {PLAN_WORDS[kind][4:]} yet", "input.kind")
    return plan


def _named(session: Session, model: Any, pk: int | None, field: str, noun: str) -> Any:
    if pk is None:
        return None
    found = session.get(model, pk)
    if found is None:
        raise RuleViolation(NOT_FOUND, f"no {noun} has this id", field)
    return found


def _feedback_source(
    session: Session, source: SuggestionSource, feedback_id: int | None
) -> Feedback | None:
    """The feedback item a suggestion came from, when that is its source."""
    if source is SuggestionSource.FEEDBACK:
        found = session.get(Feedback, feedback_id) if feedback_id is not None else None
        if feedback_id is None:
            raise RuleViolation(
                INVALID, "name the feedback this suggestion comes from", "input.sourceFeedbackId"
            )
        if found is None:
            raise RuleViolation(NOT_FOUND, "no feedback has this id", "input.sourceFeedbackId")
        return found
    if feedback_id is not None:
        raise RuleViolation(
            INVALID,
            "feedback is named only when the suggestion comes from it (source FEEDBACK)",
            "input.sourceFeedbackId",
        )
    return None


def _assessment_source(
    session: Session, source: SuggestionSource, assessment_id: int | None
) -> BalanceAssessment | None:
    """The balance assessment a suggestion came from, when that is its source."""
    if source is SuggestionSource.BALANCE_ASSESSMENT:
        if assessment_id is None:
            raise RuleViolation(
                INVALID, "name the balance assessment this suggestion comes from",
                "input.sourceAssessmentId",
            )  # fmt: skip
        found = session.get(BalanceAssessment, assessment_id)
        if found is None:
            raise RuleViolation(
                NOT_FOUND, "no balance assessment has this id", "input.sourceAssessmentId"
            )
        return found
    if assessment_id is not None:
        raise RuleViolation(
            INVALID,
            "an assessment is named only when the suggestion comes from it (source "
            "BALANCE_ASSESSMENT)",
            "input.sourceAssessmentId",
        )
    return None


def _source(
    session: Session, viewer: Viewer, source: SuggestionSource, metric_id: int | None
) -> int | None:
    """The metric a suggestion came from, when that is its source (a metric the viewer sees)."""
    if source is SuggestionSource.METRIC:
        if metric_id is None:
            raise RuleViolation(
                INVALID, "name the metric this suggestion comes from", "input.sourceMetricId"
            )
        condition = visibility.visible_metrics(viewer)
        found = session.scalar(
            select(Metric.id).where(
                Metric.id == metric_id, *([] if condition is None else [condition])
            )
        )
        if found is None:
            raise RuleViolation(NOT_FOUND, "no metric has this id", "input.sourceMetricId")
        return found
    if metric_id is not None:
        raise RuleViolation(
            INVALID,
            "a metric is named only when the suggestion comes from one (source METRIC)",
            "input.sourceMetricId",
        )
    return None


# -- loading ----------------------------------------------------------------------------------


def load(
    session: Session, viewer: Viewer, suggestion_id: int | None, field: str = "input.id"
) -> tuple[Suggestion, Plan]:
    """The suggestion (locked for the change) and its plan; hidden is not found."""
    suggestion = (
        session.scalar(select(Suggestion).where(Suggestion.id == suggestion_id).with_for_update())
        if suggestion_id is not None
        else None
    )
    plan = session.get(Plan, suggestion.plan_id) if suggestion is not None else None
    if (
        suggestion is None
        or plan is None
        or not (can(viewer, Action.READ, plan) or suggestion.author_id == viewer.person_id)
    ):
        raise RuleViolation(NOT_FOUND, "no suggestion has this id", field)
    return suggestion, plan


def check_version(suggestion: Suggestion, expected: int | None) -> None:
    if expected is not None and expected != suggestion.version:
        raise RuleViolation(
            CONFLICT,
            f"The suggestion was changed after you loaded it (you had version {expected}, it "
            f"is now version {suggestion.version}). Reload it and try again.",
            "input.expectedVersion",
        )


def _may_start(suggestion: Suggestion, step: str) -> None:
    status = S(suggestion.status)
    if status not in STARTS[step]:
        raise RuleViolation(
            INVALID_TRANSITION,
            f"This suggestion is {STATUS_WORDS[status]}, so it can no longer be {VERBS[step]}.",
        )


def _require_triager(viewer: Viewer, plan: Plan) -> None:
    if not may_triage_suggestions(viewer, plan):
        raise RuleViolation(
            FORBIDDEN,
            f"Only the owner of “{plan.name}” triages the suggestions sent to it.",
        )


def _require_author(viewer: Viewer, suggestion: Suggestion, doing: str) -> None:
    if suggestion.author_id is None or suggestion.author_id != viewer.person_id:
        raise RuleViolation(FORBIDDEN, f"Only the suggestion's author may {doing} it.")


def _open_step(
    session: Session,
    viewer: Viewer,
    suggestion_id: int | None,
    step: str,
    expected_version: int | None,
) -> tuple[Suggestion, Plan]:
    """The suggestion and its plan, once the viewer may take this step now: the plan's owner
    for a triage step, the author for the rest; the version they read; the state it is in."""
    suggestion, plan = load(session, viewer, suggestion_id)
    if step in TRIAGE_STEPS:
        _require_triager(viewer, plan)
    else:
        _require_author(viewer, suggestion, step)
    check_version(suggestion, expected_version)
    _may_start(suggestion, step)
    return suggestion, plan


def _record(
    session: Session,
    viewer: Viewer,
    suggestion: Suggestion,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Suggestion",
        entity_id=suggestion.id,
        entity_label=suggestion.title,
        action=action,
        before=before,
        after=after,
        plan_id=suggestion.plan_id,
    )


# -- the suggester ----------------------------------------------------------------------------


def submit(
    session: Session,
    viewer: Viewer,
    fields: SuggestionFields,
    finding: ReviewFinding | None = None,
) -> Suggestion:
    """A new suggestion in the inbox of the plan it concerns. `finding`: the review finding it
    is raised from (server/domain/engagement/reviews.py, the only way to that source)."""
    if not may_submit_suggestion(viewer):
        raise RuleViolation(FORBIDDEN, "Sign in to submit a suggestion.")
    if fields.kind is None:
        raise RuleViolation(INVALID, "choose the kind of plan it concerns", "input.kind")
    kind = PlanKind(fields.kind)
    title = validation.text("input.title", fields.title, limit=200, required=True)
    description = validation.text("input.description", fields.description, limit=10_000)
    source = SuggestionSource(fields.source or SuggestionSource.OWN_IDEA)
    if (source is SuggestionSource.REVIEW_FINDING) != (finding is not None):
        raise RuleViolation(
            INVALID,
            "a suggestion comes from a review finding only when the review raises it "
            "(resolveReviewFinding with the outcome SUGGESTION)",
            "input.source",
        )
    feedback = _feedback_source(session, source, fields.source_feedback_id)
    assessment = _assessment_source(session, source, fields.source_assessment_id)
    if assessment is not None and fields.service_id is None:
        fields.service_id = assessment.service_id  # about the service assessed, if one was
    if feedback is not None and fields.service_id is None:
        fields.service_id = feedback.service_id  # about the service the feedback was on
    service = _named(session, Service, fields.service_id, "input.serviceId", "service")
    process = _named(session, Process, fields.process_id, "input.processId", "process")
    plan = target_plan(session, kind, service, process)
    suggestion = Suggestion(
        plan_id=plan.id,
        service_id=service.id if service is not None else None,
        process_id=process.id if process is not None else None,
        title=title,
        description=description,
        source=source,
        source_metric_id=_source(session, viewer, source, fields.source_metric_id),
        source_feedback_id=feedback.id if feedback is not None else None,
        source_finding_id=finding.id if finding is not None else None,
        source_assessment_id=assessment.id if assessment is not None else None,
        status=S.SUBMITTED,
        author_id=viewer.person_id,
    )
    session.add(suggestion)
    session.flush()
    _record(
        session, viewer, suggestion, AuditAction.CREATE, None,
        {**audit.snapshot(suggestion, ["title", "description", "status", "source"]),
         "planId": plan.id},
    )  # fmt: skip
    notifications.suggestion_submitted(session, viewer, suggestion, plan)
    return suggestion


def edit(
    session: Session,
    viewer: Viewer,
    suggestion_id: int | None,
    fields: SuggestionFields,
    expected_version: int | None = None,
) -> Suggestion:
    """The author changes the title or description of an open suggestion; an edit of one sent
    back for more information answers it, and it waits for triage again."""
    suggestion, _plan = _open_step(session, viewer, suggestion_id, "edit", expected_version)
    before = audit.snapshot(suggestion, AUDITED)
    if fields.title is not None:
        suggestion.title = validation.text("input.title", fields.title, limit=200, required=True)
    if fields.description is not None:
        suggestion.description = validation.text(
            "input.description", fields.description, limit=10_000
        )
    if suggestion.status == S.NEEDS_INFORMATION:
        suggestion.status = S.SUBMITTED
    session.flush()
    _changed(session, viewer, suggestion, before, AuditAction.UPDATE)
    return suggestion


def withdraw(
    session: Session,
    viewer: Viewer,
    suggestion_id: int | None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> Suggestion:
    suggestion, _plan = _open_step(session, viewer, suggestion_id, "withdraw", expected_version)
    before = audit.snapshot(suggestion, AUDITED)
    suggestion.status = S.WITHDRAWN
    suggestion.triage_note = validation.text("input.reason", reason, limit=2000)
    suggestion.decided_at = now()
    session.flush()
    _changed(session, viewer, suggestion, before, AuditAction.TRANSITION)
    return suggestion


def support(
    session: Session, viewer: Viewer, suggestion_id: int | None, supported: bool = True
) -> Suggestion:
    """Add (or take back) the viewer's support; once per person, not for one's own."""
    if not may_submit_suggestion(viewer):
        raise RuleViolation(FORBIDDEN, "Sign in to support a suggestion.")
    suggestion, _plan = load(session, viewer, suggestion_id)
    _may_start(suggestion, "support")
    if suggestion.author_id == viewer.person_id:
        raise RuleViolation(
            INVALID, "You raised this suggestion; its author's support is counted already.",
            "input.id",
        )  # fmt: skip
    key = (SuggestionSupport.suggestion_id == suggestion.id) & (
        SuggestionSupport.person_id == viewer.person_id
    )
    already = session.scalar(select(SuggestionSupport.person_id).where(key)) is not None
    if supported == already:
        raise RuleViolation(
            INVALID,
            "You support this suggestion already." if already else "You do not support it.",
            "input.support",
        )
    if supported:
        session.execute(
            insert(SuggestionSupport).values(
                suggestion_id=suggestion.id, person_id=viewer.person_id
            )
        )
    else:
        session.execute(delete(SuggestionSupport).where(key))
    _record(
        session, viewer, suggestion, AuditAction.UPDATE,
        {"supportedByActor": already}, {"supportedByActor": supported},
    )  # fmt: skip
    return suggestion


# -- the plan's owner -------------------------------------------------------------------------


def _decided(suggestion: Suggestion, viewer: Viewer, status: SuggestionStatus, note: str) -> None:
    suggestion.status = status
    suggestion.triage_note = note
    suggestion.decided_by_id = viewer.person_id
    suggestion.decided_at = now()


def _changed(
    session: Session,
    viewer: Viewer,
    suggestion: Suggestion,
    before: dict[str, Any],
    action: AuditAction = AuditAction.TRANSITION,
) -> None:
    after = audit.snapshot(suggestion, AUDITED)
    changed = {name for name in AUDITED if before[name] != after[name]}
    _record(
        session, viewer, suggestion, action,
        {name: before[name] for name in AUDITED if name in changed},
        {name: after[name] for name in AUDITED if name in changed},
    )  # fmt: skip


def accept(
    session: Session,
    viewer: Viewer,
    suggestion_id: int | None,
    title: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Suggestion:
    """Accepted: a proposed initiative in the suggestion's plan, owned by the one who accepts
    it, crediting the suggester and linked both ways."""
    suggestion, plan = _open_step(session, viewer, suggestion_id, "accept", expected_version)
    before = audit.snapshot(suggestion, AUDITED)
    author = session.get(Person, suggestion.author_id) if suggestion.author_id else None
    credit = author.name if author is not None else "a former member of staff"
    origin = _finding_origin(session, suggestion)
    initiative = Initiative(
        plan_id=plan.id,
        title=validation.text("input.title", title, limit=200) or suggestion.title,
        description=suggestion.description,
        rationale=f"Suggested by {credit} on {suggestion.created_at:%Y-%m-%d}{origin}.",
        status=InitiativeStatus.PROPOSED,
        owner_id=viewer.person_id,
        created_by_id=viewer.person_id,
        raised_from_metric_id=suggestion.source_metric_id,
    )
    session.add(initiative)
    session.flush()
    if suggestion.service_id is not None:  # the work shows on the service it is about
        session.add(
            InitiativeService(initiative_id=initiative.id, service_id=suggestion.service_id)
        )
        session.flush()
    record_event(session, viewer, initiative, None, f"Accepted from a suggestion by {credit}")
    audit_change(
        session, viewer, initiative, plan, AuditAction.CREATE, None,
        {**audit.snapshot(initiative, INITIATIVE_AUDITED), "fromSuggestion": suggestion.title},
    )  # fmt: skip
    _decided(suggestion, viewer, S.ACCEPTED, validation.text("input.note", note, limit=2000))
    suggestion.initiative_id = initiative.id
    session.flush()
    _changed(session, viewer, suggestion, before)
    notifications.suggestion_decided(session, viewer, suggestion, "accepted")
    return suggestion


def _finding_origin(session: Session, suggestion: Suggestion) -> str:
    """ ", from a finding of the E-mail review held on …" for a suggestion a review raised."""
    if suggestion.source_finding_id is None:
        return ""
    row = session.execute(
        select(Service.name, ServiceReview.held_on)
        .join(ServiceReview, ServiceReview.service_id == Service.id)
        .join(ReviewFinding, ReviewFinding.review_id == ServiceReview.id)
        .where(ReviewFinding.id == suggestion.source_finding_id)
    ).first()
    if row is None or row.held_on is None:
        return ""
    return f", from a finding of the {row.name} review held on {row.held_on:%Y-%m-%d}"


def decline(
    session: Session,
    viewer: Viewer,
    suggestion_id: int | None,
    reason: str | None,
    expected_version: int | None = None,
) -> Suggestion:
    suggestion, _plan = _open_step(session, viewer, suggestion_id, "decline", expected_version)
    text = validation.reason("input.reason", reason, "decline a suggestion")
    before = audit.snapshot(suggestion, AUDITED)
    _decided(suggestion, viewer, S.DECLINED, text)
    session.flush()
    _changed(session, viewer, suggestion, before)
    notifications.suggestion_decided(session, viewer, suggestion, "declined")
    return suggestion


def request_information(
    session: Session,
    viewer: Viewer,
    suggestion_id: int | None,
    question: str | None,
    expected_version: int | None = None,
) -> Suggestion:
    suggestion, _plan = _open_step(
        session, viewer, suggestion_id, "request_information", expected_version
    )
    text = validation.text("input.question", question, limit=2000)
    if not text:
        raise RuleViolation(INVALID, "say what information the author should add", "input.question")
    before = audit.snapshot(suggestion, AUDITED)
    suggestion.status = S.NEEDS_INFORMATION
    suggestion.triage_note = text
    session.flush()
    _changed(session, viewer, suggestion, before)
    notifications.suggestion_decided(session, viewer, suggestion, "asked for more on")
    return suggestion


def merge(
    session: Session,
    viewer: Viewer,
    suggestion_id: int | None,
    into_suggestion_id: int | None,
    into_initiative_id: int | None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Suggestion:
    """Merged into another suggestion or an initiative of the same plan: a duplicate. Its
    supporters, and its author, then support the suggestion it joined."""
    suggestion, plan = _open_step(session, viewer, suggestion_id, "merge", expected_version)
    if (into_suggestion_id is None) == (into_initiative_id is None):
        raise RuleViolation(
            INVALID,
            "name either the suggestion or the initiative to merge it into",
            "input.intoSuggestionId",
        )
    before = audit.snapshot(suggestion, AUDITED)
    text = validation.text("input.note", note, limit=2000)
    if into_suggestion_id is not None:
        target, target_plan_row = load(
            session, viewer, into_suggestion_id, "input.intoSuggestionId"
        )
        if target.id == suggestion.id:
            raise RuleViolation(
                INVALID, "a suggestion cannot be merged into itself", "input.intoSuggestionId"
            )
        if target_plan_row.id != plan.id:
            raise RuleViolation(
                INVALID, f"merge it into a suggestion sent to “{plan.name}”",
                "input.intoSuggestionId",
            )  # fmt: skip
        if S(target.status) not in (*OPEN, S.ACCEPTED):
            raise RuleViolation(
                INVALID,
                f"“{target.title}” is {STATUS_WORDS[S(target.status)]}; merge into an open or "
                "accepted suggestion",
                "input.intoSuggestionId",
            )
        _carry_support(session, suggestion, target)
        suggestion.merged_into_id = target.id
        suggestion.initiative_id = target.initiative_id
    else:
        initiative, initiative_plan = load_initiative(
            session, viewer, into_initiative_id or 0, "input.intoInitiativeId"
        )
        if initiative_plan.id != plan.id:
            raise RuleViolation(
                INVALID, f"merge it into an initiative of “{plan.name}”",
                "input.intoInitiativeId",
            )  # fmt: skip
        suggestion.initiative_id = initiative.id
    _decided(suggestion, viewer, S.MERGED, text)
    session.flush()
    _changed(session, viewer, suggestion, before)
    notifications.suggestion_decided(session, viewer, suggestion, "merged")
    return suggestion


def _carry_support(session: Session, merged: Suggestion, target: Suggestion) -> None:
    supporters = set(
        session.scalars(
            select(SuggestionSupport.person_id).where(SuggestionSupport.suggestion_id == merged.id)
        )
    )
    if merged.author_id is not None:
        supporters.add(merged.author_id)
    if target.author_id is not None:
        supporters.discard(target.author_id)
    already = set(
        session.scalars(
            select(SuggestionSupport.person_id).where(SuggestionSupport.suggestion_id == target.id)
        )
    )
    fresh = sorted(supporters - already)
    if fresh:
        session.execute(
            insert(SuggestionSupport),
            [{"suggestion_id": target.id, "person_id": person} for person in fresh],
        )


# -- what a viewer may do next ----------------------------------------------------------------


class SuggestionLike(Protocol):
    status: str
    author_id: int | None


def available(
    viewer: Viewer | None, suggestion: SuggestionLike, plan: PlanLike, supports: bool
) -> list[str]:
    """The steps the viewer may take with a suggestion now (the pages show these buttons and
    the mutations apply the same rules): ACCEPT, DECLINE, MERGE, REQUEST_INFORMATION for the
    plan's owner; EDIT and WITHDRAW for its author; SUPPORT or UNSUPPORT for anyone else."""
    if viewer is None or not viewer.may_write:
        return []
    status = S(suggestion.status)
    steps = []
    if may_triage_suggestions(viewer, plan):
        steps += [step.upper() for step in TRIAGE_STEPS if status in STARTS[step]]
    if status in OPEN:
        if suggestion.author_id is not None and suggestion.author_id == viewer.person_id:
            steps += ["EDIT", "WITHDRAW"]
        else:
            steps.append("UNSUPPORT" if supports else "SUPPORT")
    return steps
