"""The collaboration area's root field: who may be mentioned on a thing."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.filters import search_pattern
from schema.core.ids import from_global_id
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import root_connection
from schema.people.sources import PERSON
from schema.people.types import Person
from server.domain.collaboration import comments
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
            lambda session: comments.mentionable(session, viewer, kind, pk)
        )
        conditions = [condition]
        if (pattern := search_pattern(search, "search")) is not None:
            conditions.append(
                PersonRow.name.ilike(pattern, escape="\\")
                | PersonRow.email.ilike(pattern, escape="\\")
            )
        return await root_connection(info, PERSON, conditions, [PersonRow.name, PersonRow.id])
