"""Global object identification: the `Node` interface every object type with an id implements,
and the root fields `node` and `nodes` that fetch any of them by global id."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from graphql import GraphQLError, SelectionSetNode
from strawberry.types import Info

from schema.core.context import Context
from schema.core.ids import from_global_id
from schema.core.planner import Planner, prefetch
from schema.core.sources import SOURCES


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="The global id: opaque and stable; for `node(id:)` and mutation inputs."
    )


MAX_NODES = 500


async def load_objects(
    planner: Planner,
    wanted: dict[str, set[int]],
    selection_sets: list[SelectionSetNode | None],
) -> dict[tuple[str, int], Any]:
    """The objects of these types and ids the viewer may see, with what the selection sets ask
    of them loaded: one statement per type (and per relation selected), however many ids."""
    viewer = planner.info.context.require_viewer()
    found: dict[tuple[str, int], Any] = {}
    for type_name, pks in wanted.items():
        source = SOURCES.get(type_name)
        if source is None or not pks:
            continue
        layout = planner.layout(source, selection_sets)
        statement = source.select(layout=layout).where(
            source.pk.in_(pks), *source.conditions(viewer)
        )
        objects = [source.build(row, layout) for row in await planner.rows(statement)]
        found.update({(type_name, obj._pk): obj for obj in objects})
        await prefetch(planner, type_name, objects, selection_sets)
    return found


async def load_nodes(info: Info[Context, None], ids: list[str]) -> list[Node | None]:
    """Objects for global ids, in the same order; None for unknown, hidden or malformed ids."""
    info.context.require_viewer()
    planner = Planner(info)
    wanted: dict[str, set[int]] = {}
    for global_id in ids:
        decoded = from_global_id(global_id)
        if decoded and decoded[0] in SOURCES:
            wanted.setdefault(decoded[0], set()).add(decoded[1])
    selection = [n.selection_set for n in planner.field_nodes]
    found = await load_objects(planner, wanted, selection)
    result: list[Node | None] = []
    for global_id in ids:
        decoded = from_global_id(global_id)
        result.append(found.get(decoded) if decoded else None)
    return result


@strawberry.type
class NodeQuery:
    # strawberry.field(...) without a resolver is typed as returning Any.
    @strawberry.field(  # type: ignore[untyped-decorator]
        description="Any object by its global id; null when missing or hidden."
    )
    async def node(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> Node | None:
        return (await load_nodes(info, [id]))[0]

    # strawberry.field(...) without a resolver is typed as returning Any.
    @strawberry.field(  # type: ignore[untyped-decorator]
        description="Objects by global ids, in order; null for missing or hidden."
    )
    async def nodes(
        self,
        info: Info[Context, None],
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description=f"Global ids, at most {MAX_NODES}."),
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise GraphQLError(f"`ids` is limited to {MAX_NODES} ids per request (got {len(ids)}).")
        return await load_nodes(info, list(ids))
