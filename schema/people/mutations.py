"""The administrators' mutations of people, roles and API tokens (everyone's own tokens too)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.people.accounts import new_password_for
from schema.people.inputs import (
    AssignRoleInput,
    CreateApiTokenInput,
    CreatePersonInput,
    DeactivatePersonInput,
    RevokeApiTokenInput,
    UnassignRoleInput,
    UpdatePersonInput,
)
from schema.people.payloads import (
    AssignRolePayload,
    CreateApiTokenPayload,
    CreatePersonPayload,
    DeactivatePersonPayload,
    RevokeApiTokenPayload,
    UnassignRolePayload,
    UpdatePersonPayload,
)
from server.domain.core.errors import RuleViolation
from server.domain.people import accounts, administration
from server.models.enums import TokenScope as TokenScopeValue


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="Create a person (administrators).")
    async def create_person(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreatePersonInput,
            strawberry.argument(
                description="The new person's e-mail, name, password and administrator flag."
            ),
        ],
    ) -> CreatePersonPayload:
        prepared: dict[str, str | None] = {}

        async def before(session, viewer):
            administration.require_admin(viewer, "create people")
            prepared["hash"] = await new_password_for(
                info.context, session, None, input.email, input.password
            )

        def work(session, viewer):
            try:
                return accounts.create_person(
                    session,
                    accounts.Actor(viewer.person_id, viewer.name),
                    email=input.email,
                    name=input.name,
                    password_hash=prepared["hash"],
                    is_admin=input.is_admin,
                )
            except RuleViolation as violation:
                violation.field = f"input.{violation.field}" if violation.field else None
                raise

        return CreatePersonPayload(**await run(info, work, "person", "Person", before=before))

    @strawberry.mutation(
        description="Change a person's name, e-mail, administrator flag or password (a new "
        "password ends every session they have)."
    )
    async def update_person(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdatePersonInput,
            strawberry.argument(description="The person and the fields to change."),
        ],
    ) -> UpdatePersonPayload:
        prepared: dict[str, str | None] = {}

        async def before(session, viewer):
            administration.require_admin(viewer, "change people")
            person_id = decode(input.id, "Person", "input.id")
            prepared["hash"] = await new_password_for(
                info.context, session, person_id, input.email, input.password
            )

        def work(session, viewer):
            return administration.update_person(
                session,
                viewer,
                decode(input.id, "Person", "input.id"),
                name=input.name,
                email=input.email,
                is_admin=input.is_admin,
                password_hash=prepared["hash"],
            )

        return UpdatePersonPayload(**await run(info, work, "person", "Person", before=before))

    @strawberry.mutation(description="Stop a person signing in or using tokens (kept in history).")
    async def deactivate_person(
        self,
        info: Info[Context, None],
        input: Annotated[
            DeactivatePersonInput, strawberry.argument(description="The person to deactivate.")
        ],
    ) -> DeactivatePersonPayload:
        def work(session, viewer):
            return administration.deactivate_person(
                session, viewer, decode(input.id, "Person", "input.id")
            )

        return DeactivatePersonPayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(
        description="Give a person a role, everywhere or for one service or process."
    )
    async def assign_role(
        self,
        info: Info[Context, None],
        input: Annotated[
            AssignRoleInput,
            strawberry.argument(description="The person, the role and an optional scope."),
        ],
    ) -> AssignRolePayload:
        def work(session, viewer):
            return administration.assign_role(
                session,
                viewer,
                decode(input.person_id, "Person", "input.personId"),
                decode(input.role_id, "Role", "input.roleId"),
                decode(input.service_id, "Service", "input.serviceId"),
                decode(input.process_id, "Process", "input.processId"),
            )

        return AssignRolePayload(**await run(info, work, "roleAssignment", "RoleAssignment"))

    @strawberry.mutation(description="Take a role assignment away.")
    async def unassign_role(
        self,
        info: Info[Context, None],
        input: Annotated[
            UnassignRoleInput, strawberry.argument(description="The role assignment to take away.")
        ],
    ) -> UnassignRolePayload:
        def work(session, viewer):
            return administration.unassign_role(
                session, viewer, decode(input.id, "RoleAssignment", "input.id")
            )

        return UnassignRolePayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(description="Create an API token; its secret is in this reply only.")
    async def create_api_token(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateApiTokenInput,
            strawberry.argument(description="The token's name, scope, lifetime and person."),
        ],
    ) -> CreateApiTokenPayload:
        def work(session, viewer):
            person_id = decode(input.person_id, "Person", "input.personId") or viewer.person_id
            if person_id != viewer.person_id:
                administration.require_admin(viewer, "create tokens for others")
            person = session.get(accounts.Person, person_id)
            if person is None:
                raise RuleViolation("NOT_FOUND", "no person has this id", "input.personId")
            try:
                return accounts.create_api_token(
                    session,
                    accounts.Actor(viewer.person_id, viewer.name),
                    person=person,
                    name=input.name,
                    scope=TokenScopeValue(input.scope),
                    expires_in_days=input.expires_in_days,
                )
            except RuleViolation as violation:
                violation.field = f"input.{violation.field}" if violation.field else None
                raise

        result = await run(
            info,
            work,
            "token",
            "ApiToken",
            key=lambda issued: issued.token.id,
            extra=lambda issued: {"secret": issued.secret if issued else None},
        )
        return CreateApiTokenPayload(**result)

    @strawberry.mutation(description="Revoke one of your API tokens (administrators: anyone's).")
    async def revoke_api_token(
        self,
        info: Info[Context, None],
        input: Annotated[
            RevokeApiTokenInput, strawberry.argument(description="The token to revoke.")
        ],
    ) -> RevokeApiTokenPayload:
        def work(session, viewer):
            return administration.revoke_api_token(
                session, viewer, decode(input.id, "ApiToken", "input.id")
            )

        return RevokeApiTokenPayload(**await run(info, work, "token", "ApiToken"))
