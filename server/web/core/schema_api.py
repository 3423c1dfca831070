"""What the web door takes from the schema besides running documents through it: the request
context, global ids, paging limits, and the enums whose values its forms offer. Named in this one
module, so a move inside `schema/` changes one import block of the web door."""

from __future__ import annotations

from schema.context import Context
from schema.enums import (
    Direction,
    ExecutionMode,
    FourDimension,
    Health,
    InitiativeStatus,
    MeasurementFrequency,
    ObjectiveLevel,
    Priority,
    ServiceLifecycle,
    ValueChainActivity,
)
from schema.errors import is_unexpected
from schema.filters import InitiativeOrderBy
from schema.ids import from_global_id
from schema.limits import document_too_long
from schema.pagination import MAX_PAGE_SIZE, decode_cursor

__all__ = [
    "MAX_PAGE_SIZE",
    "Context",
    "Direction",
    "ExecutionMode",
    "FourDimension",
    "Health",
    "InitiativeOrderBy",
    "InitiativeStatus",
    "MeasurementFrequency",
    "ObjectiveLevel",
    "Priority",
    "ServiceLifecycle",
    "ValueChainActivity",
    "decode_cursor",
    "document_too_long",
    "from_global_id",
    "is_unexpected",
]
