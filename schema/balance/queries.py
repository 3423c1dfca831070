"""The balance area's root fields: the assessments (of the organisation or a service), the
evidence for a period before it is scored, which tensions drift, and the guidelines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import ColumnElement, select
from strawberry.types import Info

from schema.balance.evidence import evidence_for
from schema.balance.sources import ASSESSMENT, GUIDELINE
from schema.balance.types import (
    BalanceAssessment,
    BalanceDrift,
    BalanceGuideline,
    BalanceIndicator,
)
from schema.core.context import Context
from schema.core.filters import database_ids
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.planner import Planner
from schema.core.roots import list_page, objects_in_order
from schema.core.sources import Source
from server.domain.balance import assessments
from server.domain.balance.evidence import Period
from server.domain.core import permissions
from server.models import BalanceAssessment as AssessmentRow
from server.models import BalanceGuideline as GuidelineRow
from server.models.enums import Tension

ServiceArgument = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="The service (global id); null: the whole organisation."),
]


@strawberry.input(description="Narrow a list of balance assessments: every field given must match.")
class BalanceAssessmentFilter:
    service: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only assessments of these services (global ids)."
    )
    organisation: bool | None = strawberry.field(
        default=None,
        description="true: only assessments of the whole organisation; false: only of services.",
    )
    since: date | None = strawberry.field(
        default=None, description="Only assessments made on or after this day."
    )
    until: date | None = strawberry.field(
        default=None, description="Only assessments made before this day."
    )


def assessment_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if (services := database_ids(f.get("service"), "Service", "service")) is not None:
        conditions.append(AssessmentRow.service_id.in_(services))
    if f.get("organisation") is not None:
        conditions.append(
            AssessmentRow.service_id.is_(None)
            if f["organisation"]
            else AssessmentRow.service_id.is_not(None)
        )
    if f.get("since") is not None:
        conditions.append(AssessmentRow.assessed_on >= f["since"])
    if f.get("until") is not None:
        conditions.append(AssessmentRow.assessed_on < f["until"])
    return conditions


def assessments_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    order = [AssessmentRow.assessed_on.desc(), AssessmentRow.id.desc()]
    return ASSESSMENT, assessment_conditions(args.get("filter")), order


def _service(global_id: str | None, argument: str = "serviceId") -> int | None:
    if global_id is None:
        return None
    (pk,) = database_ids([global_id], "Service", argument) or [None]
    return pk


@strawberry.type
class BalanceQuery:
    @strawberry.field(
        description="Balance assessments, the latest first; `filter` narrows them to the "
        "organisation or to services."
    )
    async def balance_assessments(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            BalanceAssessmentFilter | None,
            strawberry.argument(description="Only the assessments that match; null: all."),
        ] = None,
    ) -> Connection[BalanceAssessment]:
        return await list_page(info, assessments_list)

    @strawberry.field(
        description="What the data says about each tension over a period, for the organisation "
        "or one service: the evidence shown beside an assessment before it is scored."
    )
    async def balance_evidence(
        self,
        info: Info[Context, None],
        period_start: Annotated[date, strawberry.argument(description="The period's first day.")],
        period_end: Annotated[date, strawberry.argument(description="The period's last day.")],
        service_id: ServiceArgument = None,
    ) -> list[BalanceIndicator]:
        info.context.require_viewer()
        if period_end < period_start:
            raise GraphQLError("`periodEnd` must not be before `periodStart`.")
        if period_end - period_start > timedelta(days=366 * 2):
            raise GraphQLError("A period covers at most two years.")
        service = _service(service_id)
        period = Period(service, period_start, period_end)
        return (await evidence_for(Planner(info), [period]))[period]

    @strawberry.field(
        description="The tensions that drift for the organisation or one service: moved away "
        "from balance, the same way, in each of the last two intervals between assessments."
    )
    async def balance_drift(
        self, info: Info[Context, None], service_id: ServiceArgument = None
    ) -> list[BalanceDrift]:
        info.context.require_viewer()
        service = _service(service_id)
        rows = await Planner(info).rows(
            select(*(getattr(AssessmentRow, t.value) for t in Tension))
            .where(
                AssessmentRow.service_id.is_(None)
                if service is None
                else AssessmentRow.service_id == service
            )
            .order_by(AssessmentRow.assessed_on.desc(), AssessmentRow.id.desc())
            .limit(3)
        )
        history = list(reversed(rows))
        drifts = []
        for index, tension in enumerate(Tension):
            reason = assessments.drift(tension, [row[index] for row in history])
            if reason is not None:
                drifts.append(BalanceDrift(tension=tension, reason=reason))
        return drifts

    @strawberry.field(description="The guidelines agreed for resolving each tension, by tension.")
    async def balance_guidelines(self, info: Info[Context, None]) -> list[BalanceGuideline]:
        viewer = info.context.require_viewer()
        planner = Planner(info)
        rows = await planner.rows(
            select(GuidelineRow.id)
            .where(*GUIDELINE.conditions(viewer))
            .order_by(GuidelineRow.tension, GuidelineRow.id)
        )
        return await objects_in_order(
            planner, GUIDELINE, [row[0] for row in rows],
            [n.selection_set for n in planner.field_nodes],
        )  # fmt: skip

    @strawberry.field(
        description="Whether the viewer may record an assessment of the organisation (no "
        "`serviceId`) or of the service, with a token that may write."
    )
    def viewer_may_assess_balance(
        self, info: Info[Context, None], service_id: ServiceArgument = None
    ) -> bool:
        viewer = info.context.require_viewer()
        return viewer.may_write and permissions.may_assess_balance(viewer, _service(service_id))

    @strawberry.field(
        description="Whether the viewer may agree guidelines, with a token that may write."
    )
    def viewer_may_keep_guidelines(self, info: Info[Context, None]) -> bool:
        viewer = info.context.require_viewer()
        return viewer.may_write and permissions.may_keep_guidelines(viewer)
