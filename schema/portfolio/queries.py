"""The portfolio area's root fields: its decisions, those waiting first, and the steering
committee's meetings, the latest first."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, case
from strawberry.types import Info

from schema.core.context import Context
from schema.core.filters import database_ids, enum_values
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import list_page
from schema.core.sources import Source
from schema.portfolio.enums import DecisionStatus
from schema.portfolio.sources import DECISION, MEETING
from schema.portfolio.types import PortfolioDecision, SteeringMeeting
from server.domain.core import permissions
from server.models import PortfolioDecision as DecisionRow
from server.models import SteeringMeeting as MeetingRow


@strawberry.input(description="Narrow a list of portfolio decisions: every field given must match.")
class PortfolioDecisionFilter:
    status: list[DecisionStatus] | None = strawberry.field(
        default=None, description="Only decisions in these states."
    )
    service: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only decisions about these services (global ids)."
    )


def decision_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    conditions: list[ColumnElement[bool]] = []
    if filter_args.get("status") is not None:
        conditions.append(DecisionRow.status.in_(enum_values(filter_args["status"])))
    if (services := database_ids(filter_args.get("service"), "Service", "service")) is not None:
        conditions.append(DecisionRow.service_id.in_(services))
    return conditions


def decisions_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    waiting_first = case((DecisionRow.status == "proposed", 0), else_=1)
    order = [waiting_first, DecisionRow.created_at.desc(), DecisionRow.id.desc()]
    return DECISION, decision_conditions(args.get("filter")), order


def meetings_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    return MEETING, [], [MeetingRow.held_on.desc(), MeetingRow.id.desc()]


@strawberry.type
class PortfolioQuery:
    @strawberry.field(
        description="Portfolio decisions: those waiting for the steering committee first, then "
        "the latest."
    )
    async def portfolio_decisions(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            PortfolioDecisionFilter | None,
            strawberry.argument(description="Only the decisions that match; null: all."),
        ] = None,
    ) -> Connection[PortfolioDecision]:
        return await list_page(info, decisions_list)

    @strawberry.field(
        description="Whether the viewer may decide portfolio moves (the steering committee), "
        "with a token that may write."
    )
    def viewer_may_decide_portfolio(self, info: Info[Context, None]) -> bool:
        viewer = info.context.require_viewer()
        return viewer.may_write and permissions.may_decide_portfolio(viewer)

    @strawberry.field(description="The steering committee's meetings, the latest first.")
    async def steering_meetings(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SteeringMeeting]:
        return await list_page(info, meetings_list)

    @strawberry.field(
        description="Whether the viewer may record the steering committee's meetings (the "
        "committee), with a token that may write."
    )
    def viewer_may_record_steering_meetings(self, info: Info[Context, None]) -> bool:
        viewer = info.context.require_viewer()
        return viewer.may_write and permissions.may_record_steering_meetings(viewer)
