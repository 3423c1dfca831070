"""Saved views in the API: a list page's filters and order kept under a name, one's own or
shared (server/domain/people/saved_views.py holds the rules). The pages list the views of the
page they show; a reporting tool may read them too."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.inputs import input_field
from schema.core.mutations import decode, payload, run
from schema.core.nodes import Node
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.relations import Computed, ToOne
from schema.core.roots import list_page
from schema.core.sources import Source
from schema.people.sources import PERSON
from server.domain.core import visibility
from server.domain.people import saved_views
from server.models import SavedView as SavedViewRow

if TYPE_CHECKING:
    from schema.people.types import Person

PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]


@strawberry.type(
    description="A list page's filters, search and order kept under a name: the viewer's own, "
    "or shared by someone with everyone."
)
class SavedView(Node):
    name: str = strawberry.field(description="What its owner called it.")
    path: str = strawberry.field(description="The page it is of, e.g. /metrics.")
    query: str = strawberry.field(
        description="The page's query string it keeps (without paging), e.g. status=IN_PROGRESS."
    )
    shared: bool = strawberry.field(description="Whether everyone signed in sees it.")
    created_at: datetime = strawberry.field(description="When it was saved.")
    owner: PersonRef | None = strawberry.field(description="Who saved it.")
    viewer_may_delete: bool = strawberry.field(
        description="Whether the viewer may delete it (its owner, administrators), with a token "
        "that may write."
    )


SAVED_VIEW = Source(
    "SavedView",
    SavedView,
    SavedViewRow,
    {
        "name": SavedViewRow.name,
        "path": SavedViewRow.path,
        "query": SavedViewRow.query,
        "shared": SavedViewRow.shared,
        "created_at": SavedViewRow.created_at,
    },
    {"owner": SavedViewRow.owner_id},
    visibility.visible_saved_views,
    visibility_per_person=True,  # one's own views are one's own
)


async def _may_delete(planner: Any, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(SavedViewRow.id, SavedViewRow.owner_id).where(planner.id_in(SavedViewRow.id, ids))
    )
    return {row.id: viewer.is_admin or row.owner_id == viewer.person_id for row in rows}


RELATIONS = {
    ("SavedView", "owner"): ToOne(PERSON, "owner"),
    ("SavedView", "viewerMayDelete"): Computed(_may_delete, lambda: False),
}


def views_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = [SavedViewRow.path == args["path"]] if args.get("path") else []
    return SAVED_VIEW, conditions, [SavedViewRow.name, SavedViewRow.id]


@strawberry.type
class SavedViewsQuery:
    @strawberry.field(
        description="Saved views the viewer sees (their own and the shared ones), by name; "
        "`path` narrows them to one page's."
    )
    async def saved_views(
        self,
        info: Info[Context, None],
        path: Annotated[
            str | None, strawberry.argument(description="Only the views of this page.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SavedView]:
        return await list_page(info, views_list)


@strawberry.input(description="Keep a list page's query under a name.")
class SaveViewInput:
    path: str = strawberry.field(description="The page, e.g. /metrics or /plans/UGxhbjox.")
    name: str = strawberry.field(
        description="What to call it, at most 80 characters; the viewer's view of the same name "
        "on the same page is replaced."
    )
    query: str = input_field("The page's query string, e.g. status=IN_PROGRESS&sort=title.", "")
    shared: bool = input_field("Whether everyone signed in sees it (default: only you).", False)


@strawberry.input(description="Delete a saved view.")
class DeleteSavedViewInput:
    id: strawberry.ID = strawberry.field(description="The view's global id.")


SaveViewPayload = payload(
    "SaveViewPayload", "view", SavedView, "The view as saved; null when refused."
)
DeleteSavedViewPayload = payload(
    "DeleteSavedViewPayload", "deleted_view_id", strawberry.ID,
    "The global id of the view deleted; null when refused.",
)  # fmt: skip


@strawberry.type
class SavedViewsMutation:
    @strawberry.mutation(
        description="Save a list page's filters and order under a name, for yourself or shared."
    )
    async def save_view(
        self,
        info: Info[Context, None],
        input: Annotated[
            SaveViewInput, strawberry.argument(description="The page, the name and the query.")
        ],
    ) -> SaveViewPayload:  # type: ignore[valid-type]
        def work(session, viewer):
            return saved_views.save_view(
                session, viewer, path=input.path, name=input.name, query=input.query,
                shared=input.shared,
            )  # fmt: skip

        return SaveViewPayload(**await run(info, work, "view", "SavedView"))  # type: ignore[no-any-return]

    @strawberry.mutation(description="Delete a saved view (its owner, administrators).")
    async def delete_saved_view(
        self,
        info: Info[Context, None],
        input: Annotated[DeleteSavedViewInput, strawberry.argument(description="The view.")],
    ) -> DeleteSavedViewPayload:  # type: ignore[valid-type]
        def work(session, viewer):
            return saved_views.delete_view(
                session, viewer, decode(input.id, "SavedView", "input.id")
            )

        async def deleted(context, pk):
            return input.id

        return DeleteSavedViewPayload(  # type: ignore[no-any-return]
            **await run(info, work, "deleted_view_id", "SavedView", key=lambda pk: pk,
                        load=deleted)
        )  # fmt: skip
