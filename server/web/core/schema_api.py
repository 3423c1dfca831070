"""What the web door takes from the schema besides running documents through it: the request
context, global ids, paging limits, and the enums whose values its forms offer. Named in this one
module, so a move inside `schema/` changes one import block of the web door."""

from __future__ import annotations

from schema.core.compiled_documents import CompiledDocuments
from schema.core.context import Context
from schema.core.errors import is_unexpected
from schema.core.ids import from_global_id, to_global_id
from schema.core.limits import document_too_long
from schema.core.pagination import MAX_PAGE_SIZE, decode_cursor
from schema.engagement.enums import StakeholderKind
from schema.initiatives.enums import (
    ExecutionMode,
    FourDimension,
    Health,
    InitiativeStatus,
    Priority,
    ValueChainActivity,
)
from schema.initiatives.filters import InitiativeOrderBy
from schema.metrics.enums import Direction, MeasurementFrequency, MetricPerspective
from schema.objectives.enums import ObjectiveLevel
from schema.plans.enums import PlanKind
from schema.services.enums import OfferingKind, ServiceLifecycle

__all__ = [
    "MAX_PAGE_SIZE",
    "CompiledDocuments",
    "Context",
    "Direction",
    "ExecutionMode",
    "FourDimension",
    "Health",
    "InitiativeOrderBy",
    "InitiativeStatus",
    "MeasurementFrequency",
    "MetricPerspective",
    "ObjectiveLevel",
    "OfferingKind",
    "PlanKind",
    "Priority",
    "ServiceLifecycle",
    "StakeholderKind",
    "ValueChainActivity",
    "decode_cursor",
    "document_too_long",
    "from_global_id",
    "is_unexpected",
    "to_global_id",
]
