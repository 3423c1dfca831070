"""The people area's root fields: the viewer, people, roles, the audit log, API tokens."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.enums import OrderDirection
from schema.core.filters import DirectionArgument, search_pattern
from schema.core.ids import from_global_id, to_global_id
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import arguments, root_connection
from schema.people.filters import (
    AuditLogDirectionArgument,
    AuditLogFilter,
    AuditLogOrderArgument,
    AuditLogOrderBy,
    PersonOrderArgument,
    PersonOrderBy,
    audit_conditions,
    audit_order,
    person_order,
)
from schema.people.sources import API_TOKEN, AUDIT_ENTRY, PERSON, ROLE
from schema.people.types import ApiToken, AuditEntry, Person, Role, Viewer
from server.models import ApiToken as ApiTokenRow
from server.models import Person as PersonRow


@strawberry.type
class PeopleQuery:
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

    @strawberry.field(
        description="Everyone who can sign in, by name unless `orderBy` and `direction` say "
        "otherwise."
    )
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
        order_by: PersonOrderArgument = PersonOrderBy.NAME,
        direction: DirectionArgument = OrderDirection.ASC,
    ) -> Connection[Person]:
        args = arguments(info)
        conditions = []
        if (pattern := search_pattern(args.get("search"), "search")) is not None:
            conditions.append(
                PersonRow.name.ilike(pattern, escape="\\")
                | PersonRow.email.ilike(pattern, escape="\\")
            )
        return await root_connection(info, PERSON, conditions, person_order(args))

    @strawberry.field(description="The roles, built-in ones first.")
    async def roles(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Role]:
        return await root_connection(info, ROLE, [], [ROLE.pk])

    @strawberry.field(
        description="Changes, newest first unless `orderBy` and `direction` say otherwise: "
        "administrators see all, others what concerns the plans they can see."
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
        order_by: AuditLogOrderArgument = AuditLogOrderBy.AT,
        direction: AuditLogDirectionArgument = OrderDirection.DESC,
    ) -> Connection[AuditEntry]:
        args = arguments(info)
        return await root_connection(
            info, AUDIT_ENTRY, audit_conditions(args.get("filter")), audit_order(args)
        )

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
            API_TOKEN,
            [ApiTokenRow.person_id == owner],
            [ApiTokenRow.created_at.desc(), ApiTokenRow.id.desc()],
        )
