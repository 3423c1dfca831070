"""Global object identification: the `Node` interface every object type with an id implements,
and the root fields `node` and `nodes` that fetch any of them by global id."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import Annotated, Any, cast

import strawberry
from graphql import GraphQLError, SelectionSetNode
from strawberry.types import Info

from schema.core.context import Context
from schema.core.ids import from_global_id
from schema.core.planner import BY_ID, BY_ROW, Planner, prefetch
from schema.core.sources import SOURCES, Layout, Source
from server import statement_batch


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
        if statement_batch.batching():
            objects = await _with_relations_alongside(
                planner, source, pks, planner.rows(statement), layout, selection_sets
            )
        else:
            objects = [source.build(row, layout) for row in await planner.rows(statement)]
            await prefetch(planner, type_name, objects, selection_sets)
        found.update({(type_name, obj._pk): obj for obj in objects})
    return found


async def _with_relations_alongside(
    planner: Planner,
    source: Source,
    pks: set[int],
    rows: Coroutine[Any, Any, Sequence[Any]],
    layout: Layout,
    selection_sets: list[SelectionSetNode | None],
) -> list[Any]:
    """The ids are known before the rows: the relations that need only the ids load beside the
    rows (on PostgreSQL, sent together), on stand-ins that then hand what they loaded to the
    objects the rows make; the relations that read the rows (foreign keys) load as soon as the
    rows are in. A stand-in whose row does not come (a hidden or missing object) is dropped
    with what it loaded."""
    stand_ins = {pk: _stand_in(source, pk) for pk in pks}

    async def objects_with_their_rows_relations() -> list[Any]:
        objects = [source.build(row, layout) for row in await rows]
        await prefetch(planner, source.type_name, objects, selection_sets, BY_ROW)
        return objects

    loads = await statement_batch.gather(
        objects_with_their_rows_relations(),
        prefetch(planner, source.type_name, list(stand_ins.values()), selection_sets, BY_ID),
    )
    objects = cast("list[Any]", loads[0])
    for obj in objects:
        loaded = stand_ins[obj._pk].__dict__
        obj._prefetch.update(loaded["_prefetch"])
        obj.__dict__.update(
            (name, value) for name, value in loaded.items() if name not in _STAND_IN_OWN
        )
    return objects


_STAND_IN_OWN = frozenset({"_pk", "_fk", "_prefetch"})


def _stand_in(source: Source, pk: int) -> Any:
    """An object of the source's type holding only its id, for relations to hang loads on."""
    stand_in: Any = object.__new__(source.cls)
    stand_in.__dict__.update(_pk=pk, _fk={}, _prefetch={})
    return stand_in


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
