"""What an area contributes to the schema, and how `build_schema` puts the areas together.

An area (schema/<area>/area.py) lists its root query fields, its mutations, its object types
with a global id, the sources those load from and its relations. Nothing registers itself on
import: `build_schema` installs the sources and relations of the areas it lists and composes
the root types from their classes, so the list of areas is the whole schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import strawberry
from strawberry.types import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from schema.core import planner, roots, sources
from schema.core.relations import Relation
from schema.core.roots import GroupedList, RootList
from schema.core.sources import Source


@dataclass(frozen=True)
class Area:
    name: str
    queries: tuple[type, ...] = ()  # Strawberry types whose fields are root query fields
    mutations: tuple[type, ...] = ()  # Strawberry types whose fields are mutations
    types: tuple[type, ...] = ()  # the types with a global id, which `node(id:)` may return
    sources: tuple[Source, ...] = ()
    relations: Mapping[tuple[str, str], Relation] = field(default_factory=dict)
    lists: Mapping[str, RootList] = field(default_factory=dict)  # root lists by field name
    grouped: Mapping[str, GroupedList] = field(default_factory=dict)  # grouped root lists


def install(areas: Iterable[Area]) -> None:
    """Register the areas' sources and relations with the planner (the same ones again on a
    second call: building the schema twice is harmless)."""
    for area in areas:
        sources.install(area.sources)
        planner.install(area.relations)
        roots.install(area.lists, area.grouped)


def compose(name: str, parts: Sequence[type], description: str, order: Sequence[str]) -> type:
    """One root type from the areas' classes (their fields, by inheritance), with the fields in
    `order` first, in that order, and any others after them in the order of `parts`."""
    root = strawberry.type(type(name, tuple(parts), {}), description=description)
    position = {graphql_name: index for index, graphql_name in enumerate(order)}
    definition = get_object_definition(root, strict=True)
    definition.fields.sort(
        key=lambda item: position.get(
            item.graphql_name or to_camel_case(item.python_name), len(position)
        )
    )
    return root


def in_order(types: Iterable[type], order: Sequence[str]) -> list[type]:
    """Strawberry types with the ones named in `order` first, in that order."""
    position = {name: index for index, name in enumerate(order)}
    return sorted(
        types,
        key=lambda kind: position.get(get_object_definition(kind, strict=True).name, len(position)),
    )
