"""The collaboration area's root field: who may be mentioned on a thing."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select
from strawberry.types import Info

from schema.collaboration.sources import NOTIFICATION
from schema.core.context import Context
from schema.core.filters import search_pattern
from schema.core.ids import from_global_id
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import root_connection
from schema.people.sources import PERSON
from schema.people.types import Person
from server.domain.collaboration import audience, mail
from server.domain.core import visibility
from server.models import Notification as NotificationRow
from server.models import Person as PersonRow


@strawberry.type
class CollaborationQuery:
    @strawberry.field(
        description="The people who may be mentioned in a comment on a thing: those who may see "
        "it, by name; with `search`, those whose name or e-mail holds the text (an autocomplete)."
    )
    async def mentionable(
        self,
        info: Info[Context, None],
        subject: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="The initiative, suggestion, metric, service review or balance "
                "assessment (global id)."
            ),
        ],
        search: Annotated[
            str | None, strawberry.argument(description="Text in the name or e-mail, any case.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Person]:
        viewer = info.context.require_viewer()
        decoded = from_global_id(subject)
        kind, pk = decoded if decoded else ("", 0)
        condition = await info.context.session.run_sync(
            lambda session: audience.mentionable(session, viewer, kind, pk)
        )
        conditions = [condition]
        if (pattern := search_pattern(search, "search")) is not None:
            conditions.append(
                PersonRow.name.ilike(pattern, escape="\\")
                | PersonRow.email.ilike(pattern, escape="\\")
            )
        return await root_connection(info, PERSON, conditions, [PersonRow.name, PersonRow.id])


async def load_notifications(info: Info[Context, None], unread: bool | None) -> Any:
    """`Viewer.notifications`: the viewer's own, newest first."""
    conditions = []
    if unread is not None:
        read = NotificationRow.read_at.is_(None)
        conditions.append(read if unread else ~read)
    return await root_connection(
        info, NOTIFICATION, conditions,
        [NotificationRow.created_at.desc(), NotificationRow.id.desc()], parent="Viewer",
    )  # fmt: skip


async def unread_count(info: Info[Context, None]) -> int:
    """`Viewer.unreadNotificationCount`: one count, for the header."""
    viewer = info.context.require_viewer()
    condition = visibility.visible_notifications(viewer)
    count = await info.context.session.scalar(
        select(func.count())
        .select_from(NotificationRow)
        .where(NotificationRow.read_at.is_(None), *([] if condition is None else [condition]))
    )
    return int(count or 0)


async def load_mail_settings(info: Info[Context, None]) -> Any:
    """`Viewer.mail`: the viewer's choices, defaults filled in."""
    from schema.collaboration.types import MailPreference, MailSettings

    viewer = info.context.require_viewer()
    session = info.context.session
    chosen = await session.run_sync(lambda sync: mail.choices(sync, viewer.person_id))
    return MailSettings(
        enabled=mail.config_of(session.info) is not None,
        address=viewer.email,
        preferences=[
            MailPreference(kind=kind, delivery=delivery)  # type: ignore[arg-type]
            for kind, delivery in chosen.deliveries.items()
        ],
        digest_hour=chosen.digest_hour,
        time_zone=chosen.time_zone,
    )
