"""`search`: one query across the register, ranked, marked, and only what the viewer may see
(server/domain/search/index.py holds the index and its rules)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from schema.core.context import Context
from schema.core.ids import to_global_id
from schema.core.nodes import load_objects
from schema.core.pagination import After, First, Window, make_connection
from schema.core.planner import Planner
from schema.search.types import (
    SearchHit,
    SearchHitConnection,
    SearchKind,
    SearchKindCount,
    TextPart,
)
from server.domain.core.errors import RuleViolation
from server.domain.search import index

PAGES = {
    "Initiative": "/initiatives/", "Suggestion": "/suggestions/", "Metric": "/metrics/",
    "Service": "/services/", "Process": "/processes/", "Objective": "/objectives/",
    "Stakeholder": "/stakeholders/", "Person": "/people/",
}  # fmt: skip


def _link(kind: str, pk: int, is_admin: bool) -> str | None:
    if kind == "Person" and not is_admin:
        return None  # only administrators have people's pages
    return f"{PAGES[kind]}{to_global_id(kind, pk)}"


def _node_selections(planner: Planner) -> list[Any]:
    """What the query asks of each hit's `node`."""
    hit_sets, _ = planner.connection_parts(planner.field_nodes, "SearchHit")
    fields = planner.collect("SearchHit", hit_sets)
    return [n.selection_set for nodes in fields.values() for n in nodes if n.name.value == "node"]


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Search the register: initiatives, suggestions, metrics, services, "
        "processes, objectives, stakeholders and people whose words match, best first, with "
        "the words marked; only what the viewer may see. Every word must match, the last also "
        "as the start of a word; letters are compared without case or accents."
    )
    async def search(
        self,
        info: Info[Context, None],
        query: Annotated[
            str, strawberry.argument(description="The words to look for (at most 200 characters).")
        ],
        kinds: Annotated[
            list[SearchKind] | None,
            strawberry.argument(description="Only these kinds; all when null or empty."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> SearchHitConnection:
        viewer = info.context.require_viewer()
        window = Window.from_args({"first": first, "after": after})
        offset, limit = window.fetch_limit(None)
        wanted = [k.value for k in kinds] if kinds else None
        session = info.context.session
        try:
            found = await session.run_sync(
                lambda sync: index.search(sync, viewer, query, wanted, offset, limit)
            )
        except RuleViolation as problem:
            raise GraphQLError(f"`query`: {problem.message}.") from None
        planner = Planner(info)
        ids: dict[str, set[int]] = {}
        for hit in found.hits:
            ids.setdefault(hit.kind, set()).add(hit.object_id)
        objects = await load_objects(planner, ids, _node_selections(planner))
        hits = [
            SearchHit(
                kind=SearchKind(hit.kind),
                node=objects[(hit.kind, hit.object_id)],
                title=[TextPart(text=t, matched=m) for t, m in hit.title],
                snippet=[TextPart(text=t, matched=m) for t, m in hit.snippet],
                link=_link(hit.kind, hit.object_id, viewer.is_admin),
            )
            for hit in found.hits
            if (hit.kind, hit.object_id) in objects
        ]
        page = make_connection(hits, window, found.total, True)
        return SearchHitConnection(
            edges=page.edges, nodes=page.nodes, page_info=page.page_info,
            total_count=page.total_count,
            counts=[SearchKindCount(kind=SearchKind(k), count=n) for k, n in found.counts.items()],
        )  # fmt: skip
