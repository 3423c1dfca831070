"""The root Query: global look-ups, every list as a connection, and the aggregates."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, func, select
from strawberry.types import Info

from schema import measurement_imports, measures
from schema import sources as s
from schema.context import Context
from schema.enums import (
    Health,
    InitiativeStatus,
    ObjectiveLevel,
    OrderDirection,
    PlanKind,
    Priority,
    ServiceLifecycle,
)
from schema.filters import (
    INITIATIVE_ORDER,
    METRIC_ORDER,
    AuditLogFilter,
    DirectionArgument,
    InitiativeFilterArgument,
    InitiativeOrderArgument,
    InitiativeOrderBy,
    MeasurementFilter,
    MetricFilterArgument,
    MetricOrderArgument,
    MetricOrderBy,
    audit_conditions,
    initiative_conditions,
    measurement_conditions,
    metric_conditions,
    order_clause,
    search_pattern,
)
from schema.ids import from_global_id, to_global_id
from schema.measures import GapAnalysis, MetricGroupBy, MetricStatsGroup
from schema.pagination import After, Before, Connection, First, Last, Window, make_connection
from schema.planner import Planner, prefetch
from schema.types import (
    ApiToken,
    AuditEntry,
    Initiative,
    Measurement,
    Metric,
    Node,
    Objective,
    Person,
    Process,
    Role,
    Service,
    Viewer,
)
from schema.types import Plan as PlanType
from server.domain.core import permissions
from server.models import ApiToken as ApiTokenRow
from server.models import AuditEntry as AuditRow
from server.models import Initiative as InitiativeRow
from server.models import Measurement as MeasurementRow
from server.models import Metric as MetricRow
from server.models import Objective as ObjectiveRow
from server.models import Person as PersonRow
from server.models import Plan as PlanRow
from server.models import Service as ServiceRow
from server.models import StatusUpdate as StatusUpdateRow

MAX_NODES = 500


async def root_connection(
    info: Info[Context, None],
    source: s.Source,
    conditions: list[ColumnElement[bool]],
    order: list,
) -> Connection[Any]:
    """Load one page of a root list (plus its total when asked), then everything below it."""
    info.context.require_viewer()
    planner = Planner(info)
    args = planner.arguments("Query", planner.field_nodes[0])
    window = Window.from_args(args)
    where = [*source.conditions(planner.viewer), *conditions]
    inner_sets, wants_total = planner.connection_parts(planner.field_nodes, source.type_name)
    total = None
    if wants_total or window.needs_total:
        total = await info.context.session.scalar(
            select(func.count()).select_from(source.model).where(*where)
        )
    offset, limit = window.fetch_limit(total)
    layout = planner.layout(source, inner_sets)
    statement = source.select(layout=layout).where(*where).order_by(*order).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    objects = [source.build(row, layout) for row in await planner.rows(statement)]
    connection = make_connection(objects, window, total, total_known=total is not None)
    await prefetch(planner, source.type_name, connection.nodes, inner_sets)
    return connection


def _raw(info: Info) -> dict[str, Any]:
    planner = Planner(info)
    return planner.arguments("Query", planner.field_nodes[0])


def _values(items) -> list[str]:
    return [item.value if isinstance(item, Enum) else item for item in items]


@strawberry.enum(description="What initiativeStats groups by.")
class InitiativeGroupBy(Enum):
    STATUS = strawberry.enum_value("status", description="By lifecycle state: sets `status`.")
    PLAN = strawberry.enum_value("plan", description="By plan: sets `plan`.")
    PLAN_KIND = strawberry.enum_value("plan_kind", description="By kind of plan: sets `planKind`.")
    HEALTH = strawberry.enum_value(
        "health", description="By the latest status update's health: sets `health`."
    )
    OWNER = strawberry.enum_value("owner", description="By owner: sets `owner`.")
    PRIORITY = strawberry.enum_value("priority", description="By priority: sets `priority`.")


@strawberry.type(description="One group of initiatives; the fields not grouped by are null.")
class InitiativeStatsGroup:
    status: InitiativeStatus | None = strawberry.field(
        description="The group's lifecycle state; null unless grouped by STATUS."
    )
    plan_kind: PlanKind | None = strawberry.field(
        description="The group's kind of plan; null unless grouped by PLAN_KIND."
    )
    health: Health | None = strawberry.field(
        description="The group's health in the latest status updates; null unless grouped by "
        "HEALTH, or for initiatives with no update yet."
    )
    priority: Priority | None = strawberry.field(
        description="The group's priority; null unless grouped by PRIORITY."
    )
    count: int = strawberry.field(description="How many initiatives the group holds.")
    budget_requested_sum: Decimal = strawberry.field(
        description="Their requested budgets added up, a decimal string; amounts in different "
        "currencies are added as they are (`Plan.budgetTotals` keeps currencies apart)."
    )
    budget_approved_sum: Decimal = strawberry.field(
        description="Their approved budgets added up, a decimal string; amounts in different "
        "currencies are added as they are."
    )
    plan: PlanType | None = strawberry.field(
        description="The group's plan; null unless grouped by PLAN."
    )
    owner: Person | None = strawberry.field(
        description="The group's owner; null unless grouped by OWNER, or for initiatives "
        "without one."
    )


def _money(value: Any) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return Decimal(f"{value:.2f}")


GROUP_COLUMNS = {
    "status": InitiativeRow.status,
    "plan": InitiativeRow.plan_id,
    "plan_kind": PlanRow.kind,
    "owner": InitiativeRow.owner_id,
    "priority": InitiativeRow.priority,
}


async def initiative_stats(
    info: Info[Context, None], filter: dict | None, group_by: list[str]
) -> list[InitiativeStatsGroup]:
    viewer = info.context.require_viewer()
    where = [*s.INITIATIVE.conditions(viewer), *initiative_conditions(filter)]
    if "health" in group_by:  # the newest status update's health, per initiative
        latest_health = (
            select(StatusUpdateRow.health)
            .where(StatusUpdateRow.initiative_id == InitiativeRow.id)
            .order_by(StatusUpdateRow.posted_at.desc(), StatusUpdateRow.id.desc())
            .limit(1)
            .correlate(InitiativeRow)
            .scalar_subquery()
        )
        source = (
            select(
                *(GROUP_COLUMNS[name].label(name) for name in GROUP_COLUMNS),
                latest_health.label("health"),
                InitiativeRow.budget_requested.label("requested"),
                InitiativeRow.budget_approved.label("approved"),
            )
            .join(PlanRow, PlanRow.id == InitiativeRow.plan_id)
            .where(*where)
            .subquery()
        )
        keys = [source.c[name] for name in group_by]
        statement = select(
            *keys,
            func.count().label("count"),
            func.sum(source.c.requested).label("requested"),
            func.sum(source.c.approved).label("approved"),
        )
    else:  # no subquery: group the initiatives directly
        keys = [GROUP_COLUMNS[name] for name in group_by]
        statement = select(
            *(key.label(name) for key, name in zip(keys, group_by, strict=True)),
            func.count().label("count"),
            func.sum(InitiativeRow.budget_requested).label("requested"),
            func.sum(InitiativeRow.budget_approved).label("approved"),
        ).select_from(InitiativeRow)
        if "plan_kind" in group_by:
            statement = statement.join(PlanRow, PlanRow.id == InitiativeRow.plan_id)
        statement = statement.where(*where)
    statement = statement.group_by(*keys).order_by(*keys)
    planner = Planner(info)
    groups = []
    for row in await planner.rows(statement):
        values = dict(zip(group_by, row[: len(group_by)], strict=True))
        group = object.__new__(InitiativeStatsGroup)
        group.__dict__.update(
            status=values.get("status"),
            plan_kind=values.get("plan_kind"),
            health=values.get("health"),
            priority=values.get("priority"),
            count=row.count,
            budget_requested_sum=_money(row.requested),
            budget_approved_sum=_money(row.approved),
            plan=None,
            owner=None,
            _pk=None,
            _fk={"plan": values.get("plan"), "owner": values.get("owner")},
            _prefetch={},
        )
        groups.append(group)
    await prefetch(
        planner,
        "InitiativeStatsGroup",
        groups,
        [node.selection_set for node in planner.field_nodes],
    )
    return groups


async def load_nodes(info: Info[Context, None], ids: list[str]) -> list[Any]:
    """Objects for global ids, in the same order; None for unknown, hidden or malformed ids."""
    viewer = info.context.require_viewer()
    planner = Planner(info)
    wanted: dict[str, set[int]] = {}
    for global_id in ids:
        decoded = from_global_id(global_id)
        if decoded and decoded[0] in s.SOURCES:
            wanted.setdefault(decoded[0], set()).add(decoded[1])
    found: dict[tuple[str, int], Any] = {}
    for type_name, pks in wanted.items():
        source = s.SOURCES[type_name]
        selection = [n.selection_set for n in planner.field_nodes]
        layout = planner.layout(source, selection)
        statement = source.select(layout=layout).where(
            source.pk.in_(pks), *source.conditions(viewer)
        )
        objects = [source.build(row, layout) for row in await planner.rows(statement)]
        found.update({(type_name, obj._pk): obj for obj in objects})
        await prefetch(planner, type_name, objects, [n.selection_set for n in planner.field_nodes])
    result = []
    for global_id in ids:
        decoded = from_global_id(global_id)
        result.append(found.get(decoded) if decoded else None)
    return result


@strawberry.type(
    description="What can be read: every list as a connection, look-ups by id, and the "
    "aggregates; everything as the viewer may see it."
)
class Query:
    @strawberry.field(description="Any object by its global id; null when missing or hidden.")
    async def node(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> Node | None:
        return (await load_nodes(info, [id]))[0]

    @strawberry.field(description="Objects by global ids, in order; null for missing or hidden.")
    async def nodes(
        self,
        info: Info[Context, None],
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description=f"Global ids, at most {MAX_NODES}."),
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            from graphql import GraphQLError

            raise GraphQLError(f"`ids` is limited to {MAX_NODES} ids per request (got {len(ids)}).")
        return await load_nodes(info, list(ids))

    @strawberry.field(description="Who is asking: the signed-in person or the token's owner.")
    def viewer(self, info: Info[Context, None]) -> Viewer:
        viewer = info.context.require_viewer()
        return Viewer(
            id=strawberry.ID(to_global_id("Person", viewer.person_id)),
            name=viewer.name,
            email=viewer.email,
            is_admin=viewer.is_admin,
            roles=sorted({grant.role for grant in viewer.grants}),
        )

    @strawberry.field(description="Everyone who can sign in, by name.")
    async def people(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Text found in the name or e-mail, in any case."),
        ] = None,
    ) -> Connection[Person]:
        args = _raw(info)
        conditions = []
        if (pattern := search_pattern(args.get("search"), "search")) is not None:
            conditions.append(
                PersonRow.name.ilike(pattern, escape="\\")
                | PersonRow.email.ilike(pattern, escape="\\")
            )
        return await root_connection(info, s.PERSON, conditions, [PersonRow.name, PersonRow.id])

    @strawberry.field(description="The roles, built-in ones first.")
    async def roles(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Role]:
        return await root_connection(info, s.ROLE, [], [s.ROLE.pk])

    @strawberry.field(description="Services, by name.")
    async def services(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        lifecycle: Annotated[
            list[ServiceLifecycle] | None,
            strawberry.argument(description="Only services in these lifecycle states."),
        ] = None,
    ) -> Connection[Service]:
        args = _raw(info)
        conditions = []
        if args.get("lifecycle") is not None:
            conditions.append(ServiceRow.lifecycle.in_(_values(args["lifecycle"])))
        return await root_connection(info, s.SERVICE, conditions, [ServiceRow.name, s.SERVICE.pk])

    @strawberry.field(description="Processes, by name.")
    async def processes(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Process]:
        return await root_connection(info, s.PROCESS, [], [s.PROCESS.fields["name"], s.PROCESS.pk])

    @strawberry.field(description="The plans the viewer may see, oldest first.")
    async def plans(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        kind: Annotated[
            list[PlanKind] | None, strawberry.argument(description="Only plans of these kinds.")
        ] = None,
    ) -> Connection[PlanType]:
        args = _raw(info)
        conditions = []
        if args.get("kind") is not None:
            conditions.append(PlanRow.kind.in_(_values(args["kind"])))
        return await root_connection(info, s.PLAN, conditions, [PlanRow.id])

    @strawberry.field(description="Initiatives across the visible plans.")
    async def initiatives(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: InitiativeFilterArgument = None,
        order_by: InitiativeOrderArgument = InitiativeOrderBy.ID,
        direction: DirectionArgument = OrderDirection.ASC,
    ) -> Connection[Initiative]:
        args = _raw(info)
        return await root_connection(
            info,
            s.INITIATIVE,
            initiative_conditions(args.get("filter")),
            order_clause(INITIATIVE_ORDER, InitiativeRow.id, args),
        )

    @strawberry.field(description="Metrics the viewer may see.")
    async def metrics(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: MetricFilterArgument = None,
        order_by: MetricOrderArgument = MetricOrderBy.ID,
        direction: DirectionArgument = OrderDirection.ASC,
    ) -> Connection[Metric]:
        args = _raw(info)
        return await root_connection(
            info,
            s.METRIC,
            metric_conditions(args.get("filter")),
            order_clause(METRIC_ORDER, MetricRow.id, args),
        )

    @strawberry.field(description="Measurements of visible metrics, in time order.")
    async def measurements(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            MeasurementFilter | None,
            strawberry.argument(description="Only the measurements that match; null: all."),
        ] = None,
    ) -> Connection[Measurement]:
        args = _raw(info)
        return await root_connection(
            info,
            s.MEASUREMENT,
            measurement_conditions(args.get("filter")),
            [MeasurementRow.taken_at, MeasurementRow.id],
        )

    @strawberry.field(description="Objectives; `level` narrows to one or more levels.")
    async def objectives(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        level: Annotated[
            list[ObjectiveLevel] | None,
            strawberry.argument(description="Only objectives of these levels."),
        ] = None,
    ) -> Connection[Objective]:
        args = _raw(info)
        conditions = []
        if args.get("level") is not None:
            conditions.append(ObjectiveRow.level.in_(_values(args["level"])))
        return await root_connection(info, s.OBJECTIVE, conditions, [ObjectiveRow.id])

    @strawberry.field(
        description="Changes, newest first: administrators see all, others what "
        "concerns the plans they can see."
    )
    async def audit_log(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            AuditLogFilter | None,
            strawberry.argument(description="Only the changes that match; null: all."),
        ] = None,
    ) -> Connection[AuditEntry]:
        args = _raw(info)
        return await root_connection(
            info,
            s.AUDIT_ENTRY,
            audit_conditions(args.get("filter")),
            [AuditRow.at.desc(), AuditRow.id.desc()],
        )

    @strawberry.field(
        description="Counts and budget sums of the initiatives the filter matches, grouped; "
        "computed in SQL with the same filter as `initiatives`."
    )
    async def initiative_stats(
        self,
        info: Info[Context, None],
        filter: InitiativeFilterArgument = None,
        group_by: Annotated[
            list[InitiativeGroupBy] | None,
            strawberry.argument(
                description="What to group by, in this order; null or empty: one group of all."
            ),
        ] = None,
    ) -> list[InitiativeStatsGroup]:
        args = _raw(info)
        groups = [g.value if isinstance(g, Enum) else g for g in args.get("group_by") or []]
        return await initiative_stats(info, args.get("filter"), list(dict.fromkeys(groups)))

    @strawberry.field(
        description="API tokens, newest first, revoked ones included: the viewer's own, or "
        "(administrators) the person named."
    )
    async def api_tokens(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        person: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Whose tokens, by global id (administrators; others see only their "
                "own); null: the viewer's own."
            ),
        ] = None,
    ) -> Connection[ApiToken]:
        viewer = info.context.require_viewer()
        owner = viewer.person_id
        if person is not None:
            decoded = from_global_id(person)
            owner = decoded[1] if decoded and decoded[0] == "Person" else 0
        return await root_connection(
            info,
            s.API_TOKEN,
            [ApiTokenRow.person_id == owner],
            [ApiTokenRow.created_at.desc(), ApiTokenRow.id.desc()],
        )

    # -- the 7-step improvement process: gaps, coverage, metric statistics -------------------

    @strawberry.field(
        description="The gap analysis: metrics that should be measured but cannot be, metrics "
        "measured but serving no objective, objectives nothing measures (`first` of each)."
    )
    async def gap_analysis(
        self,
        info: Info[Context, None],
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many of each group to list, 0 to {measures.MAX_GAP_ITEMS}; "
                "`totalCount` counts them all."
            ),
        ] = 100,
    ) -> GapAnalysis:
        return await measures.gap_analysis(info, first)

    @strawberry.field(
        description="Objectives with no metric and no initiative on them or below them, in "
        "tree order."
    )
    async def objectives_nobody_works_on(self, info: Info[Context, None]) -> list[Objective]:
        return await measures.objectives_nobody_works_on(info)

    @strawberry.field(description="Visible initiatives linked to no objective.")
    async def initiatives_without_objective(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: InitiativeFilterArgument = None,
    ) -> Connection[Initiative]:
        args = _raw(info)
        return await root_connection(
            info,
            s.INITIATIVE,
            [measures.serves_no_objective(), *initiative_conditions(args.get("filter"))],
            [InitiativeRow.id],
        )

    @strawberry.field(
        description="Whether the viewer may create, edit and delete objectives and link work "
        "to them (administrators and the steering committee, with a read-write token)."
    )
    def viewer_may_manage_objectives(self, info: Info[Context, None]) -> bool:
        viewer = info.context.require_viewer()
        return viewer.may_write and permissions.may_manage_objectives(viewer)

    @strawberry.field(
        description="Metrics counted by status (red, amber, green, no data), grouped; each "
        "metric counts as its `status.rag` says. Same filter as `metrics`."
    )
    async def metric_stats(
        self,
        info: Info[Context, None],
        filter: MetricFilterArgument = None,
        group_by: Annotated[
            list[MetricGroupBy] | None,
            strawberry.argument(
                description="What to group by, in this order; null or empty: one group of all."
            ),
        ] = None,
    ) -> list[MetricStatsGroup]:
        args = _raw(info)
        groups = [g.value if isinstance(g, Enum) else g for g in args.get("group_by") or []]
        return await measures.metric_stats(
            info, metric_conditions(args.get("filter")), list(dict.fromkeys(groups))
        )

    # -- measurement imports ----------------------------------------------------------------

    @strawberry.field(
        description="A measurement import by id: its preview, counts and progress; null when "
        "missing or not yours (administrators see every import)."
    )
    async def measurement_import(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The import's global id.")],
    ) -> measurement_imports.MeasurementImport | None:
        return await measurement_imports.measurement_import(info, id)
