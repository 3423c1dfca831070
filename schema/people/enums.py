"""The people area's vocabularies as GraphQL enums: token scopes, audit actions."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

TokenScope = described(
    enums.TokenScope,
    "What an API token may do.",
    {
        "READ": "Only read: every mutation is refused with FORBIDDEN (the default).",
        "READ_WRITE": "Read and change, with the permissions of the token's person.",
    },
)


AuditAction = described(
    enums.AuditAction,
    "What kind of change an audit entry records.",
    {
        "CREATE": "Something was created; `before` is null, `after` holds its fields.",
        "UPDATE": "Fields changed; `before` and `after` hold their old and new values.",
        "DELETE": "Something was deleted; `after` is null, `before` holds its last fields.",
        "TRANSITION": "An initiative took a lifecycle step; `after` holds the changed fields and "
        "the reason.",
    },
)


Theme = described(
    enums.Theme,
    "How the pages look to someone.",
    {
        "SYSTEM": "As the browser's system is set: light or dark (the default).",
        "LIGHT": "Always light.",
        "DARK": "Always dark.",
    },
)
