"""How the relations of suggestions and stakeholders load, each for all parents at once.

A suggestion's plan, service, process, source metric, author and decider, the initiative and
suggestion it joined, its support, and what the viewer may do with it
(server/domain/engagement/suggestions.py decides); the suggestions of a plan and of an
initiative; a stakeholder's relationship owner and services, and a service's stakeholders."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from schema.core.planner import attribute_name, prefetch
from schema.core.relations import Computed, Relation, ToMany, ToOne, ToOneBy
from schema.engagement.filters import suggestion_filters, suggestion_order
from schema.engagement.sources import FEEDBACK, STAKEHOLDER, SUGGESTION
from schema.engagement.types import SatisfactionPeriod, StakeholderRelationship
from schema.initiatives.sources import INITIATIVE
from schema.metrics.sources import METRIC
from schema.people.sources import PERSON
from schema.plans.sources import PLAN
from schema.services.sources import PROCESS, SERVICE
from server.domain.core import permissions, visibility
from server.domain.engagement import feedback, review_cadence, suggestions
from server.models import (
    Feedback,
    Metric,
    Plan,
    Service,
    Stakeholder,
    StakeholderService,
    Suggestion,
    SuggestionSupport,
)


async def _support_counts(planner, ids: set[int]) -> dict[int, int]:
    rows = await planner.rows(
        select(SuggestionSupport.suggestion_id, func.count())
        .where(planner.id_in(SuggestionSupport.suggestion_id, ids))
        .group_by(SuggestionSupport.suggestion_id)
    )
    return {suggestion_id: count for suggestion_id, count in rows}


async def _supported_by_viewer(planner, ids: set[int]) -> set[int]:
    viewer = planner.viewer
    if viewer is None:
        return set()
    rows = await planner.rows(
        select(SuggestionSupport.suggestion_id).where(
            planner.id_in(SuggestionSupport.suggestion_id, ids),
            SuggestionSupport.person_id == viewer.person_id,
        )
    )
    return {row[0] for row in rows}


async def _available(planner, ids: set[int]) -> dict[int, list[str]]:
    """The steps each suggestion offers the viewer, from its state and its plan."""
    rows = await planner.rows(
        select(
            Suggestion.id,
            Suggestion.status,
            Suggestion.author_id,
            Plan.kind,
            Plan.service_id,
            Plan.process_id,
            Plan.confidential,
        )
        .join(Plan, Plan.id == Suggestion.plan_id)
        .where(planner.id_in(Suggestion.id, ids))
    )
    supported = await _supported_by_viewer(planner, ids)
    return {
        row.id: suggestions.available(planner.viewer, row, row, row.id in supported) for row in rows
    }


def _step_check(*steps: str):
    async def load(planner, ids: set[int]) -> dict[int, bool]:
        found = await _available(planner, ids)
        return {pk: any(step in offered for step in steps) for pk, offered in found.items()}

    return load


async def _viewer_supports(planner, ids: set[int]) -> dict[int, bool]:
    return {pk: True for pk in await _supported_by_viewer(planner, ids)}


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Suggestion", "plan"): ToOne(PLAN, "plan"),
    ("Suggestion", "service"): ToOne(SERVICE, "service"),
    ("Suggestion", "process"): ToOne(PROCESS, "process"),
    ("Suggestion", "sourceMetric"): ToOne(METRIC, "source_metric"),
    ("Suggestion", "author"): ToOne(PERSON, "author"),
    ("Suggestion", "decidedBy"): ToOne(PERSON, "decided_by"),
    ("Suggestion", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("Suggestion", "mergedInto"): ToOne(SUGGESTION, "merged_into"),
    ("Suggestion", "supportCount"): Computed(_support_counts, lambda: 0),
    ("Suggestion", "viewerSupports"): Computed(_viewer_supports, lambda: False),
    ("Suggestion", "viewerMaySupport"): Computed(
        _step_check("SUPPORT", "UNSUPPORT"), lambda: False
    ),
    ("Suggestion", "viewerMayEdit"): Computed(_step_check("EDIT"), lambda: False),
    ("Suggestion", "viewerMayTriage"): Computed(
        _step_check(*(step.upper() for step in suggestions.TRIAGE_STEPS)), lambda: False
    ),
    ("Suggestion", "availableActions"): Computed(_available, list),
    ("SuggestionCount", "plan"): ToOne(PLAN, "plan"),
    ("Plan", "suggestions"): ToMany(
        SUGGESTION, Suggestion.plan_id, filters=suggestion_filters, order=suggestion_order
    ),
    ("Initiative", "suggestions"): ToMany(
        SUGGESTION, Suggestion.initiative_id, filters=suggestion_filters, order=suggestion_order
    ),
}


class Relationships(Relation):
    """Stakeholder.services or Service.stakeholders: the relationships of each parent, one
    statement for all, then their stakeholders and services."""

    def __init__(self, parent_column, order) -> None:
        self.parent_column = parent_column
        self.order = order

    async def load(self, planner, parents: list, key: str, nodes) -> None:
        ids = {parent._pk for parent in parents}
        rows = await planner.rows(
            select(
                StakeholderService.stakeholder_id, StakeholderService.service_id,
                StakeholderService.since, StakeholderService.notes,
            )
            .join(Stakeholder, Stakeholder.id == StakeholderService.stakeholder_id)
            .join(Service, Service.id == StakeholderService.service_id)
            .where(planner.id_in(self.parent_column, ids))
            .order_by(self.parent_column, *self.order)
        )  # fmt: skip
        grouped: dict[int, list] = defaultdict(list)
        found = []
        parent_index = 0 if self.parent_column is StakeholderService.stakeholder_id else 1
        for row in rows:
            relationship = object.__new__(StakeholderRelationship)
            relationship.__dict__.update(
                since=row.since, notes=row.notes, stakeholder=None, service=None, _pk=None,
                _fk={"stakeholder": row.stakeholder_id, "service": row.service_id},
                _prefetch={},
            )  # fmt: skip
            grouped[row[parent_index]].append(relationship)
            found.append(relationship)
        attribute = attribute_name(nodes[0].name.value)
        for parent in parents:
            parent.__dict__[attribute] = grouped.get(parent._pk, [])
        await prefetch(planner, "StakeholderRelationship", found, [n.selection_set for n in nodes])


async def _stakeholders_viewer_may_edit(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(Stakeholder.id, Stakeholder.relationship_owner_id).where(
            planner.id_in(Stakeholder.id, ids)
        )
    )
    return {row.id: permissions.may_edit_stakeholder(viewer, row[1]) for row in rows}


RELATIONS.update(
    {
        ("Stakeholder", "relationshipOwner"): ToOne(PERSON, "relationship_owner"),
        ("Stakeholder", "services"): Relationships(
            StakeholderService.stakeholder_id, [Service.name]
        ),
        ("Stakeholder", "viewerMayEdit"): Computed(_stakeholders_viewer_may_edit, lambda: False),
        ("Service", "stakeholders"): Relationships(
            StakeholderService.service_id, [Stakeholder.name]
        ),
        ("StakeholderRelationship", "stakeholder"): ToOne(STAKEHOLDER, "stakeholder"),
        ("StakeholderRelationship", "service"): ToOne(SERVICE, "service"),
    }
)


def satisfaction_periods(rows) -> list[SatisfactionPeriod]:
    """SatisfactionPeriod objects from feedback rows (service, day given, score), ordered by
    service and month (server/domain/engagement/feedback.py, `by_month`, averages them)."""
    periods = []
    for service_id, month, average, responses in feedback.by_month(rows):
        period = object.__new__(SatisfactionPeriod)
        period.__dict__.update(
            month=month, average=average, responses=responses, service=None, _pk=None,
            _fk={"service": service_id}, _prefetch={},
        )  # fmt: skip
        periods.append(period)
    return periods


class Satisfaction(Relation):
    """Service.satisfaction: each service's feedback averaged by month (the values its
    satisfaction metric holds), oldest first, with the number of responses."""

    async def load(self, planner, parents: list, key: str, nodes) -> None:
        ids = {parent._pk for parent in parents}
        rows = await planner.rows(
            select(Feedback.service_id, Feedback.given_on, Feedback.score)
            .where(planner.id_in(Feedback.service_id, ids))
            .order_by(Feedback.service_id, Feedback.given_on)
        )
        found = satisfaction_periods(rows)
        grouped: dict[int, list] = defaultdict(list)
        for period in found:
            grouped[period._fk["service"]].append(period)
        for parent in parents:
            parent.__dict__["satisfaction"] = grouped.get(parent._pk, [])
        await prefetch(planner, "SatisfactionPeriod", found, [n.selection_set for n in nodes])


def _satisfaction_metric() -> ToOneBy:
    def query(planner, ids: set[int], layout):
        condition = visibility.visible_metrics(planner.viewer)
        return select(Metric.service_id, *layout.columns).where(
            planner.id_in(Metric.service_id, ids),
            Metric.derived_from == feedback.DERIVED_FROM,
            *([] if condition is None else [condition]),
        )

    return ToOneBy(METRIC, query)


async def _computed_from_feedback(planner, ids: set[int]) -> dict[int, bool]:
    rows = await planner.rows(
        select(Metric.id).where(planner.id_in(Metric.id, ids), Metric.derived_from.is_not(None))
    )
    return {row[0]: True for row in rows}


def _newest_first(args: dict) -> list:
    return [Feedback.given_on.desc(), Feedback.id.desc()]


RELATIONS.update(
    {
        ("Suggestion", "sourceFeedback"): ToOne(FEEDBACK, "source_feedback"),
        ("Stakeholder", "feedback"): ToMany(FEEDBACK, Feedback.stakeholder_id, order=_newest_first),
        ("Feedback", "service"): ToOne(SERVICE, "service"),
        ("Feedback", "stakeholder"): ToOne(STAKEHOLDER, "stakeholder"),
        ("Feedback", "person"): ToOne(PERSON, "person"),
        ("Feedback", "recordedBy"): ToOne(PERSON, "recorded_by"),
        ("Feedback", "suggestions"): ToMany(
            SUGGESTION, Suggestion.source_feedback_id, order=lambda args: [Suggestion.id]
        ),
        ("Service", "feedback"): ToMany(FEEDBACK, Feedback.service_id, order=_newest_first),
        ("Service", "satisfactionMetric"): _satisfaction_metric(),
        ("Service", "satisfaction"): Satisfaction(),
        ("SatisfactionPeriod", "service"): ToOne(SERVICE, "service"),
        ("Metric", "computedFromFeedback"): Computed(_computed_from_feedback, lambda: False),
        ("Metric", "agreedWith"): ToOne(STAKEHOLDER, "agreed_with"),
    }
)


async def _may_record_feedback(planner, ids: set[int]) -> dict[int, bool]:
    """Per service: whether the viewer may record feedback on it (for a business relationship
    manager: from a stakeholder of it whose relationship they own)."""
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    plans = {
        row.service_id: row
        for row in await planner.rows(
            select(Plan.service_id, Plan.kind, Plan.process_id, Plan.confidential).where(
                planner.id_in(Plan.service_id, ids)
            )
        )
    }
    owned = {
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
        service_id: permissions.may_record_feedback(
            viewer, service_id, plans.get(service_id),
            viewer.person_id if service_id in owned else None,
        )
        for service_id in ids
    }  # fmt: skip


RELATIONS[("Service", "viewerMayRecordFeedback")] = Computed(_may_record_feedback, lambda: False)


async def _review_overdue(planner, ids: set[int]) -> dict[int, bool]:
    today = review_cadence.today()
    rows = await planner.rows(
        select(Service.id, Service.next_review_on).where(planner.id_in(Service.id, ids))
    )
    return {row.id: row.next_review_on is not None and row.next_review_on < today for row in rows}


async def _may_plan_reviews(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    return {pk: permissions.may_plan_service_reviews(viewer, pk) for pk in ids}


RELATIONS[("Service", "reviewOverdue")] = Computed(_review_overdue, lambda: False)
RELATIONS[("Service", "viewerMayPlanReviews")] = Computed(_may_plan_reviews, lambda: False)
