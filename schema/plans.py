"""Plans: the type, and the root list (one statement for the page, one for the total)."""

from __future__ import annotations

import strawberry
from sqlalchemy import func, select
from strawberry.types import Info

from schema.context import Context
from schema.enums import PlanKind
from schema.ids import to_global_id
from schema.pagination import Connection, connection, decode_cursor, page_size
from schema.people import Role
from schema.services import Process, Service
from server.domain.visibility import visible_plans
from server.models import Initiative
from server.models import Plan as PlanRow
from server.models import Process as ProcessRow
from server.models import Role as RoleRow
from server.models import Service as ServiceRow


@strawberry.type(description="A register of initiatives of one kind, owned by a role.")
class Plan:
    id: strawberry.ID
    name: str
    kind: PlanKind
    description: str
    confidential: bool
    owner_role: Role
    service: Service | None = strawberry.field(
        description="The service a service improvement plan is for."
    )
    process: Process | None = strawberry.field(
        description="The process a process improvement plan is for."
    )
    initiative_count: int


async def resolve_plans(
    info: Info[Context, None], first: int | None = None, after: str | None = None
) -> Connection[Plan]:
    viewer = info.context.require_viewer()
    limit = page_size(first)
    after_id = decode_cursor(after)
    session = info.context.session
    visible = visible_plans(viewer)
    initiative_count = (
        select(func.count(Initiative.id))
        .where(Initiative.plan_id == PlanRow.id)
        .correlate(PlanRow)
        .scalar_subquery()
    )
    statement = (
        select(
            PlanRow.id,
            PlanRow.name,
            PlanRow.kind,
            PlanRow.description,
            PlanRow.confidential,
            RoleRow.id.label("role_id"),
            RoleRow.slug.label("role_slug"),
            RoleRow.name.label("role_name"),
            ServiceRow.id.label("service_id"),
            ServiceRow.name.label("service_name"),
            ServiceRow.lifecycle.label("service_lifecycle"),
            ProcessRow.id.label("process_id"),
            ProcessRow.name.label("process_name"),
            initiative_count.label("initiative_count"),
        )
        .join(RoleRow, RoleRow.id == PlanRow.owner_role_id)
        .outerjoin(ServiceRow, ServiceRow.id == PlanRow.service_id)
        .outerjoin(ProcessRow, ProcessRow.id == PlanRow.process_id)
        .where(visible)
        .order_by(PlanRow.id)
        .limit(limit + 1)
    )
    if after_id is not None:
        statement = statement.where(PlanRow.id > after_id)
    rows = (await session.execute(statement)).all()
    total = await session.scalar(select(func.count(PlanRow.id)).where(visible))
    page = rows[:limit]
    return connection(
        [_plan(row) for row in page],
        [row.id for row in page],
        total=total or 0,
        has_next=len(rows) > limit,
        has_previous=after_id is not None,
    )


def _plan(row) -> Plan:
    return Plan(
        id=strawberry.ID(to_global_id("Plan", row.id)),
        name=row.name,
        kind=row.kind,
        description=row.description,
        confidential=row.confidential,
        owner_role=Role(
            id=strawberry.ID(to_global_id("Role", row.role_id)),
            slug=row.role_slug,
            name=row.role_name,
        ),
        service=(
            Service(
                id=strawberry.ID(to_global_id("Service", row.service_id)),
                name=row.service_name,
                lifecycle=row.service_lifecycle,
            )
            if row.service_id is not None
            else None
        ),
        process=(
            Process(
                id=strawberry.ID(to_global_id("Process", row.process_id)), name=row.process_name
            )
            if row.process_id is not None
            else None
        ),
        initiative_count=row.initiative_count,
    )
