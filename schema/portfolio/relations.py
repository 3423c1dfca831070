"""How the portfolio's relations load, for all parents at once: a decision's service, people
and initiative and whether the viewer may decide it; a service's decisions, its pending one,
the moves the viewer may propose, its service levels met, and its open work."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from schema.core.relations import Computed, ToMany, ToOne, ToOneBy
from schema.initiatives.sources import INITIATIVE
from schema.people.sources import PERSON
from schema.portfolio.sources import DECISION
from schema.portfolio.types import ServiceLevelAttainment
from schema.services.sources import SERVICE
from server.domain.core import permissions, visibility
from server.domain.metrics.analysis import Rag
from server.domain.metrics.corrective_actions import analyse_metrics
from server.domain.portfolio import decisions
from server.models import (
    Initiative,
    InitiativeService,
    Metric,
    Person,
    Plan,
    PortfolioDecision,
    Service,
    SteeringMeetingAttendee,
)
from server.models.enums import DecisionStatus, InitiativeStatus

CLOSED = [InitiativeStatus.COMPLETED, InitiativeStatus.CANCELLED, InitiativeStatus.REJECTED]


async def _may_decide(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write or not permissions.may_decide_portfolio(viewer):
        return {}
    rows = await planner.rows(
        select(PortfolioDecision.id).where(
            planner.id_in(PortfolioDecision.id, ids),
            PortfolioDecision.status == DecisionStatus.PROPOSED,
        )
    )
    return {row[0]: True for row in rows}


async def _available_moves(planner, ids: set[int]) -> dict[int, list]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    waiting = {
        row[0]
        for row in await planner.rows(
            select(PortfolioDecision.service_id).where(
                planner.id_in(PortfolioDecision.service_id, ids),
                PortfolioDecision.status == DecisionStatus.PROPOSED,
            )
        )
    }
    rows = await planner.rows(
        select(Service.id, Service.lifecycle).where(planner.id_in(Service.id, ids))
    )
    return {
        row.id: decisions.moves_from(row.lifecycle)
        for row in rows
        if row.id not in waiting and permissions.may_propose_portfolio_move(viewer, row.id)
    }


async def _may_quantify(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    return {pk: permissions.may_propose_portfolio_move(viewer, pk) for pk in ids}


async def _service_levels(planner, ids: set[int]) -> dict[int, ServiceLevelAttainment]:
    condition = visibility.visible_metrics(planner.viewer)
    rows = await planner.rows(
        select(Metric).where(
            planner.id_in(Metric.service_id, ids),
            Metric.service_level.is_(True),
            *([] if condition is None else [condition]),
        )
    )
    metrics = [row[0] for row in rows]
    analysed = await planner.info.context.session.run_sync(
        lambda session: analyse_metrics(session, metrics)
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for metric in metrics:
        counts[metric.service_id][1] += 1
        if analysed[metric.id].rag is Rag.GREEN:
            counts[metric.service_id][0] += 1
    return {pk: ServiceLevelAttainment(met=counts[pk][0], total=counts[pk][1]) for pk in ids}


async def _open_work(planner, ids: set[int]) -> dict[int, int]:
    condition = visibility.visible_initiatives(planner.viewer)
    visible = [] if condition is None else [condition]
    counted: dict[int, set[int]] = defaultdict(set)
    for service_id, initiative_id in await planner.rows(
        select(Plan.service_id, Initiative.id)
        .join(Initiative, Initiative.plan_id == Plan.id)
        .where(planner.id_in(Plan.service_id, ids), Initiative.status.not_in(CLOSED), *visible)
    ):
        counted[service_id].add(initiative_id)
    for service_id, initiative_id in await planner.rows(
        select(InitiativeService.service_id, Initiative.id)
        .join(Initiative, Initiative.id == InitiativeService.initiative_id)
        .where(
            planner.id_in(InitiativeService.service_id, ids),
            Initiative.status.not_in(CLOSED),
            *visible,
        )
    ):
        counted[service_id].add(initiative_id)

    return {pk: len(counted.get(pk, ())) for pk in ids}


async def _may_edit_meeting(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    allowed = viewer is not None and viewer.may_write
    allowed = allowed and permissions.may_record_steering_meetings(viewer)
    return {pk: True for pk in ids} if allowed else {}


def _pending() -> ToOneBy:
    def query(planner, ids: set[int], layout):
        return select(PortfolioDecision.service_id, *layout.columns).where(
            planner.id_in(PortfolioDecision.service_id, ids),
            PortfolioDecision.status == DecisionStatus.PROPOSED,
        )

    return ToOneBy(DECISION, query)


RELATIONS = {
    ("PortfolioDecision", "service"): ToOne(SERVICE, "service"),
    ("PortfolioDecision", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("PortfolioDecision", "proposedBy"): ToOne(PERSON, "proposed_by"),
    ("PortfolioDecision", "decidedBy"): ToOne(PERSON, "decided_by"),
    ("PortfolioDecision", "viewerMayDecide"): Computed(_may_decide, lambda: False),
    ("SteeringMeeting", "recordedBy"): ToOne(PERSON, "recorded_by"),
    ("SteeringMeeting", "attendees"): ToMany(
        PERSON, SteeringMeetingAttendee.meeting_id, link=SteeringMeetingAttendee,
        link_target_column=SteeringMeetingAttendee.person_id,
        order=lambda args: [Person.name, Person.id],
    ),
    ("SteeringMeeting", "viewerMayEdit"): Computed(_may_edit_meeting, lambda: False),
    ("Service", "portfolioDecisions"): ToMany(
        DECISION, PortfolioDecision.service_id,
        order=lambda args: [PortfolioDecision.created_at.desc(), PortfolioDecision.id.desc()],
    ),
    ("Service", "pendingDecision"): _pending(),
    ("Service", "availableMoves"): Computed(_available_moves, list),
    ("Service", "viewerMayQuantify"): Computed(_may_quantify, lambda: False),
    ("Service", "serviceLevels"): Computed(
        _service_levels, lambda: ServiceLevelAttainment(met=0, total=0)
    ),
    ("Service", "openWorkCount"): Computed(_open_work, lambda: 0),
}  # fmt: skip
