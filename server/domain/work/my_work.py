"""What awaits a person ("My work"): initiatives to approve or reject, budget requests to
decide, their own running initiatives without a recent status update, measurements due on
the metrics they own, changes to approved budgets and targets waiting for their decision,
suggestions to triage in the plans they own, their own suggestions with their outcome, the
reviews due of the services they own, the benefit reviews due of their completed work, the
policy reviews due of the processes they own, and the policy changes of the processes they run
or carry out.

Each section is one set-based statement over the rows the viewer may see, whatever the number
of rows; who may approve or decide is asked of `permissions.can` for each candidate row, so the
rule stays in one place. The SQL only narrows the candidates (proposed initiatives in plans of
kinds whose owner role the viewer holds somewhere, pending budget requests).
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.domain.core import visibility
from server.domain.core.permissions import (
    Action,
    can,
    may_define_process,
    may_triage_suggestions,
    takes_part_in_process,
)
from server.domain.core.roles import OWNER_ROLE_BY_PLAN_KIND, SERVICE_OWNER
from server.domain.core.viewer import Viewer
from server.domain.core.visibility import Condition
from server.domain.engagement import review_cadence
from server.domain.governance.policies import REVIEW_NOTICE
from server.domain.initiatives import benefit_reviews, pending_changes
from server.domain.metrics import latest
from server.models import (
    BenefitReview,
    BudgetRequest,
    Initiative,
    Measurement,
    Metric,
    Plan,
    ProcessPolicy,
    Service,
    StatusUpdate,
    Suggestion,
)
from server.models.enums import BudgetRequestStatus, MeasurementFrequency, SuggestionStatus
from server.models.enums import InitiativeStatus as S

STALE_AFTER = timedelta(days=30)
# The states in which an initiative's owner posts status updates (see post_status_update).
ACTIVE_STATES = frozenset({S.IN_PROGRESS, S.ON_HOLD})


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def next_due(frequency: MeasurementFrequency, measured: datetime | None) -> datetime | None:
    """When the next measurement is due; None for a metric never measured (due now)."""
    if measured is None:
        return None
    match MeasurementFrequency(frequency):
        case MeasurementFrequency.DAILY:
            return measured + timedelta(days=1)
        case MeasurementFrequency.WEEKLY:
            return measured + timedelta(weeks=1)
        case MeasurementFrequency.MONTHLY:
            return add_months(measured, 1)
        case MeasurementFrequency.QUARTERLY:
            return add_months(measured, 3)


def _where(condition: Condition) -> list[ColumnElement[bool]]:
    return [] if condition is None else [condition]


async def approvals(session: AsyncSession, viewer: Viewer) -> list[int]:
    """Proposed initiatives the viewer may approve or reject, oldest proposal first."""
    kinds = [kind for kind, role in OWNER_ROLE_BY_PLAN_KIND.items() if viewer.holds(role)]
    if not kinds:
        return []
    rows = await session.execute(
        select(Initiative.id, Plan.kind, Plan.service_id, Plan.process_id, Plan.confidential)
        .join(Plan, Plan.id == Initiative.plan_id)
        .where(
            Initiative.status == S.PROPOSED,
            Plan.kind.in_(kinds),
            *_where(visibility.visible_plans(viewer)),
        )
        .order_by(Initiative.created_at, Initiative.id)
    )
    return [row.id for row in rows if can(viewer, Action.APPROVE, row)]


async def budget_requests(session: AsyncSession, viewer: Viewer) -> list[int]:
    """Pending budget requests the viewer may decide, oldest first."""
    if not can(viewer, Action.DECIDE_BUDGET):
        return []
    rows = await session.execute(
        select(BudgetRequest.id, Plan.kind, Plan.service_id, Plan.process_id, Plan.confidential)
        .join(Initiative, Initiative.id == BudgetRequest.initiative_id)
        .join(Plan, Plan.id == Initiative.plan_id)
        .where(
            BudgetRequest.status == BudgetRequestStatus.PENDING,
            *_where(visibility.visible_plans(viewer)),
        )
        .order_by(BudgetRequest.requested_at, BudgetRequest.id)
    )
    return [row.id for row in rows if can(viewer, Action.DECIDE_BUDGET, row)]


async def stale_initiatives(session: AsyncSession, viewer: Viewer, now: datetime) -> list[int]:
    """The viewer's active initiatives with no status update for 30 days (or none ever),
    longest silent first."""
    last_update = (
        select(func.max(StatusUpdate.posted_at))
        .where(StatusUpdate.initiative_id == Initiative.id)
        .correlate(Initiative)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Initiative.id, last_update.label("latest"))
        .where(
            Initiative.owner_id == viewer.person_id,
            Initiative.status.in_(ACTIVE_STATES),
            *_where(visibility.visible_initiatives(viewer)),
        )
        .order_by(Initiative.id)
    )
    cutoff = now - STALE_AFTER
    stale = [row for row in rows if row.latest is None or row.latest <= cutoff]
    stale.sort(key=lambda row: (row.latest is not None, row.latest or now, row.id))
    return [row.id for row in stale]


async def benefit_reviews_due(session: AsyncSession, viewer: Viewer, now: datetime) -> list[int]:
    """The viewer's completed initiatives whose benefit review is due within two weeks or
    past, and not yet recorded; the earliest due first."""
    rows = await session.execute(
        select(Initiative.id, Initiative.actual_end)
        .where(
            Initiative.owner_id == viewer.person_id,
            Initiative.status == S.COMPLETED,
            Initiative.actual_end.is_not(None),
            Initiative.id.not_in(select(BenefitReview.initiative_id)),
            *_where(visibility.visible_initiatives(viewer)),
        )
        .order_by(Initiative.id)
    )
    horizon = now.date() + benefit_reviews.DUE_WITHIN
    due = [
        (when, row.id)
        for row in rows
        if (when := benefit_reviews.due_on(row.actual_end)) is not None and when <= horizon
    ]
    return [initiative_id for _, initiative_id in sorted(due)]


async def due_metrics(session: AsyncSession, viewer: Viewer, now: datetime) -> list[int]:
    """Metrics the viewer owns whose next measurement is due: never measured first, then the
    longest overdue."""
    rows = await session.execute(
        select(Metric.id, Metric.frequency, latest.last_taken().label("latest"))
        .outerjoin(Measurement, Measurement.metric_id == Metric.id)
        .where(Metric.owner_id == viewer.person_id, *_where(visibility.visible_metrics(viewer)))
        .group_by(Metric.id, Metric.frequency)
        .order_by(Metric.id)
    )
    due = []
    for row in rows:
        when = next_due(row.frequency, row.latest)
        if when is None or when <= now:
            due.append((when is not None, when or now, row.id))
    return [metric_id for _, _, metric_id in sorted(due)]


async def changes_to_decide(session: AsyncSession, viewer: Viewer) -> list[int]:
    """Pending changes to what was approved that the viewer may decide, oldest first."""
    rows = (
        await session.execute(
            pending_changes.deciding_plans(*_where(visibility.visible_pending_changes(viewer)))
        )
    ).all()
    return [pk for pk, may in pending_changes.decisions(viewer, rows).items() if may]


async def suggestions_to_triage(session: AsyncSession, viewer: Viewer) -> list[int]:
    """Submitted suggestions in the plans the viewer owns, oldest first (one sent back for more
    information waits for its author, not for them)."""
    kinds = [kind for kind, role in OWNER_ROLE_BY_PLAN_KIND.items() if viewer.holds(role)]
    if not kinds:
        return []
    rows = await session.execute(
        select(Suggestion.id, Plan.kind, Plan.service_id, Plan.process_id, Plan.confidential)
        .join(Plan, Plan.id == Suggestion.plan_id)
        .where(
            Suggestion.status == SuggestionStatus.SUBMITTED,
            Plan.kind.in_(kinds),
            *_where(visibility.visible_plans(viewer)),
        )
        .order_by(Suggestion.created_at, Suggestion.id)
    )
    return [row.id for row in rows if may_triage_suggestions(viewer, row)]


async def my_suggestions(session: AsyncSession, viewer: Viewer) -> list[int]:
    """The viewer's own suggestions: those waiting for their answer first, then the rest by
    their latest change, newest first, so an outcome shows at the top."""
    rows = await session.execute(
        select(Suggestion.id, Suggestion.status, Suggestion.updated_at)
        .where(Suggestion.author_id == viewer.person_id)
        .order_by(Suggestion.updated_at.desc(), Suggestion.id.desc())
    )
    found = list(rows)
    waiting = [row.id for row in found if row.status == SuggestionStatus.NEEDS_INFORMATION]
    return waiting + [row.id for row in found if row.status != SuggestionStatus.NEEDS_INFORMATION]


async def reviews_due(session: AsyncSession, viewer: Viewer, now: datetime) -> list[int]:
    """The services the viewer owns whose next review is within two weeks or past, the most
    overdue first."""
    rows = await session.execute(
        select(Service.id, Service.next_review_on)
        .where(Service.next_review_on.is_not(None))
        .order_by(Service.next_review_on, Service.id)
    )
    today = now.date()
    return [
        row.id
        for row in rows
        if review_cadence.is_due(row.next_review_on, today)
        and viewer.holds_for(SERVICE_OWNER, service_id=row.id)
    ]


async def policy_reviews_due(session: AsyncSession, viewer: Viewer, now: datetime) -> list[int]:
    """The policies in use of the processes the viewer owns whose review day is within two
    weeks or past, the most overdue first."""
    rows = await session.execute(
        select(ProcessPolicy.id, ProcessPolicy.process_id)
        .where(
            ProcessPolicy.retired_on.is_(None),
            ProcessPolicy.review_on <= now.date() + REVIEW_NOTICE,
        )
        .order_by(ProcessPolicy.review_on, ProcessPolicy.id)
    )
    return [row.id for row in rows if may_define_process(viewer, row.process_id)]


POLICY_NEWS = timedelta(days=30)


async def policy_changes(session: AsyncSession, viewer: Viewer, now: datetime) -> list[int]:
    """The policies, of the processes the viewer manages or practises, adopted or changed in
    the last 30 days, newest first: what they now work by."""
    rows = await session.execute(
        select(ProcessPolicy.id, ProcessPolicy.process_id)
        .where(ProcessPolicy.updated_at >= now - POLICY_NEWS)
        .order_by(ProcessPolicy.updated_at.desc(), ProcessPolicy.id.desc())
    )
    return [row.id for row in rows if takes_part_in_process(viewer, row.process_id)]
