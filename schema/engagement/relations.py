"""How the suggestions' relations load, each for all parents at once: their plan, service,
process, source metric, author and decider, the initiative and suggestion they joined, their
support, and what the viewer may do with each (server/domain/engagement/suggestions.py
decides); and the suggestions of a plan and of an initiative."""

from __future__ import annotations

from sqlalchemy import func, select

from schema.core.relations import Computed, Relation, ToMany, ToOne
from schema.engagement.filters import suggestion_filters, suggestion_order
from schema.engagement.sources import SUGGESTION
from schema.initiatives.sources import INITIATIVE
from schema.metrics.sources import METRIC
from schema.people.sources import PERSON
from schema.plans.sources import PLAN
from schema.services.sources import PROCESS, SERVICE
from server.domain.engagement import suggestions
from server.models import Plan, Suggestion, SuggestionSupport


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
