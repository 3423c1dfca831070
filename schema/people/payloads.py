"""The payloads of the people area's mutations."""

from __future__ import annotations

import strawberry

from schema.core.mutations import payload
from schema.people.types import ApiToken, Person, Preferences, RoleAssignment

CreatePersonPayload = payload(
    "CreatePersonPayload", "person", Person, "The person added; null when refused."
)


UpdatePersonPayload = payload(
    "UpdatePersonPayload", "person", Person, "The person as changed; null when refused."
)


DeactivatePersonPayload = payload(
    "DeactivatePersonPayload", "person", Person, "The person, now deactivated; null when refused."
)


UnassignRolePayload = payload(
    "UnassignRolePayload", "person", Person,
    "The person who held the role, without it now; null when refused.",
)  # fmt: skip


AssignRolePayload = payload(
    "AssignRolePayload", "roleAssignment", RoleAssignment,
    "The role assignment made; null when refused.",
)  # fmt: skip


CreateApiTokenPayload = payload(
    "CreateApiTokenPayload", "token", ApiToken, "The token created; null when refused.",
    {
        "secret": (
            str | None,
            "The token's secret, to send as `Authorization: Bearer <secret>`: in this reply "
            "only, never shown again; null when refused.",
        )
    },
)  # fmt: skip


RevokeApiTokenPayload = payload(
    "RevokeApiTokenPayload", "token", ApiToken, "The token, now revoked; null when refused."
)


ChangeMyPasswordPayload = payload(
    "ChangeMyPasswordPayload", "person", Person, "You, with the new password in force."
)


EndSessionPayload = payload(
    "EndSessionPayload",
    "person",
    Person,
    "You, after the session ended.",
    {
        "ended_session_id": (
            strawberry.ID | None,
            "The global id of the session that ended; null when refused.",
        )
    },
)


SignOutEverywherePayload = payload(
    "SignOutEverywherePayload",
    "person",
    Person,
    "You, after your sessions ended.",
    {"ended_sessions": (int | None, "How many sessions ended; null when refused.")},
)


UnlockPersonPayload = payload(
    "UnlockPersonPayload", "person", Person, "The person, free to sign in again."
)


UpdateMyPreferencesPayload = payload(
    "UpdateMyPreferencesPayload", "preferences", Preferences,
    "Your preferences as they now stand; null when refused.",
)  # fmt: skip
