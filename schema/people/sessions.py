"""`Viewer.sessions`: the viewer's signed-in browser sessions."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.ids import to_global_id
from server.domain.people import sessions


@strawberry.type(
    description="A browser signed in as the viewer. It ends on signing out there, on "
    "`endSession` or `signOutEverywhere`, when the password changes, or when unused or old "
    "for longer than the server allows."
)
class Session:
    id: strawberry.ID = strawberry.field(description="The session's global id, for `endSession`.")
    created_at: datetime = strawberry.field(description="When it signed in.")
    last_seen_at: datetime = strawberry.field(
        description="When it was last used (recorded at most once a minute)."
    )
    user_agent: str = strawberry.field(description="The browser, as it named itself.")
    address: str = strawberry.field(description="The client address it signed in from.")
    current: bool = strawberry.field(description="Whether this request comes from it.")


async def load_sessions(info: Info[Context, None]) -> list[Session]:
    context = info.context
    viewer = context.require_viewer()
    now = datetime.now(UTC)
    rows = await context.session.run_sync(
        lambda sync: sessions.active_sessions(
            sync, viewer.person_id, now, context.session_lifetimes
        )
    )
    return [
        Session(
            id=strawberry.ID(to_global_id("Session", row.id)),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            user_agent=row.user_agent,
            address=row.address,
            current=row.id == viewer.session_id,
        )
        for row in rows
    ]
