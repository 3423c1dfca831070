"""The inputs of the people area's mutations: people, roles, API tokens, one's own account."""

from __future__ import annotations

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.people.enums import Theme, TokenScope
from server.models.enums import TokenScope as TokenScopeValue


@strawberry.input(description="A new person who can sign in or hold API tokens.")
class CreatePersonInput:
    email: str = strawberry.field(
        description="The e-mail address they sign in with; unique, kept in lower case."
    )
    name: str = strawberry.field(description="Their full name, at most 200 characters.")
    password: str | None = input_field(
        "At least 10 characters, not a common or easily guessed password, and not containing "
        "the e-mail address; leave out for token-only people."
    )
    is_admin: bool = input_field("Whether they are an administrator; default false.", False)


@strawberry.input(description="Changes to a person; fields left out stay as they are.")
class UpdatePersonInput:
    id: strawberry.ID = strawberry.field(description="The person's global id.")
    name: str | None = input_field("The new name" + UNCHANGED)
    email: str | None = input_field("The new e-mail address, unique" + UNCHANGED)
    is_admin: bool | None = input_field("Whether they are an administrator" + UNCHANGED)
    password: str | None = input_field(
        "A new password (the policy of createPerson); ends every session they have; "
        "null or left out: unchanged."
    )


@strawberry.input(description="A person to deactivate.")
class DeactivatePersonInput:
    id: strawberry.ID = strawberry.field(description="The person's global id.")


@strawberry.input(description="Give a person a role, optionally scoped to a service or process.")
class AssignRoleInput:
    person_id: strawberry.ID = strawberry.field(description="The person's global id.")
    role_id: strawberry.ID = strawberry.field(description="The role's global id.")
    service_id: strawberry.ID | None = input_field(
        "Scope the role to this service (global id); null: not scoped to a service."
    )
    process_id: strawberry.ID | None = input_field(
        "Scope the role to this process (global id), not with serviceId; null: not scoped to a "
        "process."
    )


@strawberry.input(description="A role assignment to take away.")
class UnassignRoleInput:
    id: strawberry.ID = strawberry.field(description="The role assignment's id.")


@strawberry.input(description="A new API token for a reporting tool.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="What the token is for, e.g. 'Quarterly report'.")
    scope: TokenScope = input_field(
        "Read only (READ, the default), or also change data.", TokenScopeValue.READ
    )
    expires_in_days: int | None = input_field(
        "It stops working after this many days, 1 to 3650; null: it never expires."
    )
    person_id: strawberry.ID | None = input_field(
        "Whose token (global id): administrators may make tokens for others; default: yourself."
    )


@strawberry.input(description="An API token to revoke: it stops working at once.")
class RevokeApiTokenInput:
    id: strawberry.ID = strawberry.field(description="The token's global id.")


@strawberry.input(description="Your current password, and the new one.")
class ChangeMyPasswordInput:
    current_password: str = strawberry.field(
        description="Your password now; a wrong one counts towards the sign-in throttle."
    )
    new_password: str = strawberry.field(
        description="At least 10 characters, not a common or easily guessed password, and not "
        "containing your e-mail address."
    )


@strawberry.input(description="One of your sessions (from `viewer.sessions`).")
class EndSessionInput:
    id: strawberry.ID = strawberry.field(description="The session's global id.")


@strawberry.input(description="End your sessions on every browser.")
class SignOutEverywhereInput:
    keep_this_session: bool = strawberry.field(
        default=False, description="Keep the session sending this request signed in."
    )


@strawberry.input(description="A person whose sign-in is locked after too many wrong passwords.")
class UnlockPersonInput:
    id: strawberry.ID = strawberry.field(description="The person's global id.")


@strawberry.input(description="How the pages look to you; what is left out stays as it is.")
class UpdateMyPreferencesInput:
    theme: Theme | None = input_field(
        "Light, dark, or as your system is set; kept for every browser you use" + UNCHANGED
    )
    locale: str | None = input_field(
        "The locale money, numbers and dates are written in, one of `viewer.preferences."
        'locales` (e.g. en_GB); "" to follow the browser again' + UNCHANGED
    )
