"""Turning the domain's vocabularies into GraphQL enums, and the enums every area shares."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, TypeVar

import strawberry

if TYPE_CHECKING:
    from strawberry.types.enum import StrawberryEnumDefinition

E = TypeVar("E", bound=type[Enum])


def described(cls: E, description: str, values: dict[str, str]) -> E:
    """A domain enum as a GraphQL enum, with a description of it and of each of its values (the
    domain's enums stay plain Python, so their values are described here)."""
    wrapped = strawberry.enum(cls, description=description)
    # strawberry.enum adds the definition to the class; its return type is the class given.
    definition: StrawberryEnumDefinition
    definition = wrapped.__strawberry_definition__  # type: ignore[attr-defined]
    names = [value.name for value in definition.values]
    if sorted(names) != sorted(values):
        raise ValueError(f"{definition.name}: describe exactly its values {names}")
    for value in definition.values:
        value.description = values[value.name]
    return wrapped


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Ascending: smallest, earliest or A first.")
    DESC = strawberry.enum_value("desc", description="Descending: largest, latest or Z first.")
