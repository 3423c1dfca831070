"""How service reviews' relations load, each for all parents at once: the service, who took
part, the frozen metric snapshot, the findings and what they became, what the viewer may do
(server/domain/engagement/reviews.py decides); a service's and a stakeholder's reviews, the
finding a suggestion or an initiative came from, and the suggestions a stakeholder raised."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from schema.balance.sources import ASSESSMENT
from schema.core.planner import attribute_name, prefetch
from schema.core.relations import Computed, Relation, ToMany, ToOne, ToOneBy
from schema.engagement.sources import REVIEW_FINDING, SERVICE_REVIEW, STAKEHOLDER, SUGGESTION
from schema.engagement.types import ReviewMetricSnapshot
from schema.initiatives.sources import INITIATIVE
from schema.metrics.sources import METRIC
from schema.people.sources import PERSON
from schema.services.sources import SERVICE
from server.domain.core import permissions
from server.domain.engagement import reviews
from server.domain.metrics.analysis import Rag, Trend
from server.models import (
    Feedback,
    Person,
    Plan,
    ReviewFinding,
    ServiceReview,
    ServiceReviewPerson,
    ServiceReviewStakeholder,
    Stakeholder,
    StakeholderService,
    Suggestion,
)
from server.models import (
    ReviewMetricSnapshot as SnapshotRow,
)
from server.models.enums import PlanKind, ReviewStatus


class Snapshots(Relation):
    """ServiceReview.metricSnapshot: the frozen rows of every review in one statement, then the
    metrics they name (as the viewer may see them)."""

    async def load(self, planner, parents: list, key: str, nodes) -> None:
        ids = {parent._pk for parent in parents}
        rows = await planner.rows(
            select(SnapshotRow)
            .where(planner.id_in(SnapshotRow.review_id, ids))
            .order_by(SnapshotRow.review_id, SnapshotRow.position)
        )
        grouped: dict[int, list] = defaultdict(list)
        found = []
        for (row,) in rows:
            snapshot = object.__new__(ReviewMetricSnapshot)
            snapshot.__dict__.update(
                metric_name=row.metric_name, unit=row.unit, status=Rag(row.status),
                reason=row.reason, latest_value=row.latest_value, target_value=row.target_value,
                trend=Trend(row.trend), metric=None, _pk=None, _fk={"metric": row.metric_id},
                _prefetch={},
            )  # fmt: skip
            grouped[row.review_id].append(snapshot)
            found.append(snapshot)
        attribute = attribute_name(nodes[0].name.value)
        for parent in parents:
            parent.__dict__[attribute] = grouped.get(parent._pk, [])
        await prefetch(planner, "ReviewMetricSnapshot", found, [n.selection_set for n in nodes])


async def _overdue(planner, ids: set[int]) -> dict[int, bool]:
    today = reviews.today()
    rows = await planner.rows(
        select(ServiceReview.id).where(
            planner.id_in(ServiceReview.id, ids),
            ServiceReview.status == ReviewStatus.DRAFT,
            ServiceReview.scheduled_on < today,
        )
    )
    return {row[0]: True for row in rows}


async def _available(planner, ids: set[int]) -> dict[int, list[str]]:
    """The steps each review offers the viewer: who may run it (its service's owner, the
    maintainers of the service's plan, administrators, the relationship owner of a stakeholder
    taking part), its state, and whether any finding still waits for its outcome."""
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(ServiceReview.id, ServiceReview.service_id, ServiceReview.status).where(
            planner.id_in(ServiceReview.id, ids)
        )
    )
    services = {row.service_id for row in rows}
    plans = {
        plan.service_id: plan
        for plan in await planner.rows(
            select(Plan.service_id, Plan.kind, Plan.process_id, Plan.confidential).where(
                planner.id_in(Plan.service_id, services),
                Plan.kind == PlanKind.SERVICE_IMPROVEMENT,
            )
        )
    }
    owned = {
        row[0]
        for row in await planner.rows(
            select(ServiceReviewStakeholder.review_id)
            .join(Stakeholder, Stakeholder.id == ServiceReviewStakeholder.stakeholder_id)
            .where(
                planner.id_in(ServiceReviewStakeholder.review_id, ids),
                Stakeholder.relationship_owner_id == viewer.person_id,
            )
        )
    }
    waiting = {
        review_id: count
        for review_id, count in await planner.rows(
            select(ReviewFinding.review_id, func.count())
            .where(planner.id_in(ReviewFinding.review_id, ids), ReviewFinding.outcome.is_(None))
            .group_by(ReviewFinding.review_id)
        )
    }
    return {
        row.id: reviews.available(
            row.status,
            permissions.may_run_service_review(
                viewer, row.service_id, plans.get(row.service_id), row.id in owned
            ),
            waiting.get(row.id, 0),
        )
        for row in rows
    }


async def _may_run(planner, ids: set[int]) -> dict[int, bool]:
    return {pk: bool(steps) for pk, steps in (await _available(planner, ids)).items()}


async def _may_open(planner, ids: set[int]) -> dict[int, bool]:
    """Per service: whether the viewer may open a review of it (for a business relationship
    manager: with a stakeholder of it whose relationship they keep)."""
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    plans = {
        plan.service_id: plan
        for plan in await planner.rows(
            select(Plan.service_id, Plan.kind, Plan.process_id, Plan.confidential).where(
                planner.id_in(Plan.service_id, ids), Plan.kind == PlanKind.SERVICE_IMPROVEMENT
            )
        )
    }
    kept = {
        row[0]
        for row in await planner.rows(
            select(StakeholderService.service_id)
            .join(Stakeholder, Stakeholder.id == StakeholderService.stakeholder_id)
            .where(
                planner.id_in(StakeholderService.service_id, ids),
                Stakeholder.relationship_owner_id == viewer.person_id,
            )
        )
    }
    return {
        pk: permissions.may_run_service_review(viewer, pk, plans.get(pk), pk in kept) for pk in ids
    }


def _finding_suggestion() -> ToOneBy:
    def query(planner, ids: set[int], layout):
        return select(Suggestion.source_finding_id, *layout.columns).where(
            planner.id_in(Suggestion.source_finding_id, ids),
            *SUGGESTION.conditions(planner.viewer),
        )

    return ToOneBy(SUGGESTION, query)


def _initiative_finding() -> ToOneBy:
    def query(planner, ids: set[int], layout):
        return select(ReviewFinding.initiative_id, *layout.columns).where(
            planner.id_in(ReviewFinding.initiative_id, ids)
        )

    return ToOneBy(REVIEW_FINDING, query)


def _latest_first(args: dict) -> list:
    return [ServiceReview.scheduled_on.desc(), ServiceReview.id.desc()]


# The stakeholder whose feedback a suggestion came from, for Stakeholder.suggestions.
_FEEDBACK_STAKEHOLDER = (
    select(Feedback.stakeholder_id)
    .where(Feedback.id == Suggestion.source_feedback_id)
    .scalar_subquery()
)

RELATIONS = {
    ("ServiceReview", "service"): ToOne(SERVICE, "service"),
    ("ServiceReview", "openedBy"): ToOne(PERSON, "opened_by"),
    ("ServiceReview", "people"): ToMany(
        PERSON, ServiceReviewPerson.review_id, link=ServiceReviewPerson,
        link_target_column=ServiceReviewPerson.person_id,
        order=lambda args: [Person.name, Person.id],
    ),
    ("ServiceReview", "stakeholders"): ToMany(
        STAKEHOLDER, ServiceReviewStakeholder.review_id, link=ServiceReviewStakeholder,
        link_target_column=ServiceReviewStakeholder.stakeholder_id,
        order=lambda args: [Stakeholder.name, Stakeholder.id],
    ),
    ("ServiceReview", "metricSnapshot"): Snapshots(),
    ("ServiceReview", "findings"): ToMany(
        REVIEW_FINDING, ReviewFinding.review_id, order=lambda args: [ReviewFinding.id]
    ),
    ("ServiceReview", "overdue"): Computed(_overdue, lambda: False),
    ("ServiceReview", "viewerMayRun"): Computed(_may_run, lambda: False),
    ("ServiceReview", "availableActions"): Computed(_available, list),
    ("ReviewMetricSnapshot", "metric"): ToOne(METRIC, "metric"),
    ("ReviewFinding", "review"): ToOne(SERVICE_REVIEW, "review"),
    ("ReviewFinding", "raisedBy"): ToOne(PERSON, "raised_by"),
    ("ReviewFinding", "decidedBy"): ToOne(PERSON, "decided_by"),
    ("ReviewFinding", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("ReviewFinding", "suggestion"): _finding_suggestion(),
    ("Suggestion", "sourceFinding"): ToOne(REVIEW_FINDING, "source_finding"),
    ("Suggestion", "sourceAssessment"): ToOne(ASSESSMENT, "source_assessment"),
    ("BalanceAssessment", "suggestions"): ToMany(
        SUGGESTION, Suggestion.source_assessment_id,
        order=lambda args: [Suggestion.created_at.desc(), Suggestion.id.desc()],
    ),
    ("Initiative", "reviewFinding"): _initiative_finding(),
    ("Service", "viewerMayOpenReview"): Computed(_may_open, lambda: False),
    ("Service", "reviews"): ToMany(SERVICE_REVIEW, ServiceReview.service_id, order=_latest_first),
    ("Stakeholder", "reviews"): ToMany(
        SERVICE_REVIEW, ServiceReviewStakeholder.stakeholder_id, link=ServiceReviewStakeholder,
        link_target_column=ServiceReviewStakeholder.review_id, order=_latest_first,
    ),
    ("Stakeholder", "suggestions"): ToMany(
        SUGGESTION, _FEEDBACK_STAKEHOLDER,
        order=lambda args: [Suggestion.created_at.desc(), Suggestion.id.desc()],
    ),
}  # fmt: skip
