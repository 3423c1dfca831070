"""Where each API type's rows come from: the columns, the visibility rule, the object builder.

Objects are instances of the Strawberry types with their attributes filled straight from Core
rows (no ORM objects, no dataclass __init__ on the read path). `_pk` keeps the database id;
`_fk` the foreign keys the planner follows; `_prefetch` the pages of connection fields. Each
area defines the sources of its types; `build_schema` installs them by type name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Select, SQLColumnExpression, select

from schema.core.ids import to_global_id
from server.domain.core.viewer import Viewer


@dataclass(frozen=True)
class Layout:
    """The columns one load selects: the id, then fields, then foreign keys, by name."""

    columns: tuple[SQLColumnExpression[Any], ...]
    names: tuple[str, ...]
    fk_names: tuple[str, ...]


@dataclass
class Source:
    """How to load one object type."""

    type_name: str
    cls: type
    model: Any
    fields: dict[str, SQLColumnExpression[Any]]  # attribute name -> column
    foreign_keys: dict[str, SQLColumnExpression[Any]] = field(default_factory=dict)
    visibility: Callable[[Viewer | None], ColumnElement[bool] | None] = lambda viewer: None
    builder: Callable[[Any], Any] | None = None
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)  # what the builder needs
    # The visibility rule reads who the viewer is (their own rows), not only what kind of
    # viewer: compiled statements, shared by kind of viewer, never read this source.
    visibility_per_person: bool = False

    def __post_init__(self) -> None:
        self.pk: SQLColumnExpression[Any] = self.model.id
        self._layouts: dict[frozenset[str] | None, Layout] = {}
        self.full = self.layout(None)
        self.columns = list(self.full.columns)

    def layout(self, wanted: frozenset[str] | None) -> Layout:
        """Only the columns a query asks for (None: all of them). Fewer columns mean less to
        send, convert and copy for every row of a large report."""
        cached = self._layouts.get(wanted)
        if cached is None:
            chosen = set(self.fields) if wanted is None else set(wanted)
            for name in list(chosen):
                chosen.update(self.requires.get(name, ()))
            names = tuple(name for name in self.fields if name in chosen)
            fk_names = tuple(name for name in self.foreign_keys if wanted is None or name in chosen)
            columns = (
                self.pk,
                *(self.fields[name] for name in names),
                *(self.foreign_keys[name] for name in fk_names),
            )
            cached = self._layouts[wanted] = Layout(columns, names, fk_names)
        return cached

    def select(
        self, *extra: SQLColumnExpression[Any], layout: Layout | None = None
    ) -> Select[*tuple[Any, ...]]:
        return select(*(layout or self.full).columns, *extra)

    def conditions(self, viewer: Viewer | None) -> list[ColumnElement[bool]]:
        condition = self.visibility(viewer)
        return [] if condition is None else [condition]

    def build(self, row: Sequence[Any], layout: Layout | None = None) -> Any:
        """An object from the first values of a row, as the layout says (extra columns may
        follow)."""
        layout = layout or self.full
        obj: Any = object.__new__(self.cls)
        values = obj.__dict__
        pk = row[0]
        values["_pk"] = pk
        values["id"] = strawberry.ID(to_global_id(self.type_name, pk))
        names = layout.names
        values.update(zip(names, row[1 : 1 + len(names)], strict=False))
        start = 1 + len(names)
        values["_fk"] = dict(zip(layout.fk_names, row[start : start + len(layout.fk_names)],
                                 strict=False))  # fmt: skip
        values["_prefetch"] = {}
        if self.builder is not None:
            self.builder(obj)
        return obj


# Every source by type name (for `node(id:)` and mutation payloads); `build_schema` fills it.
SOURCES: dict[str, Source] = {}


def install(sources: Iterable[Source]) -> None:
    """Register sources by type name; a type has one source."""
    for source in sources:
        if SOURCES.setdefault(source.type_name, source) is not source:
            raise ValueError(f"{source.type_name} has two sources")
