"""The objectives tree: vision, strategies, tactical and operational goals."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.nodes import Node
from schema.core.pagination import Connection, page
from schema.initiatives.filters import initiative_page
from schema.metrics.filters import metric_page
from schema.objectives.enums import ObjectiveLevel

if TYPE_CHECKING:
    from schema.initiatives.types import Initiative
    from schema.metrics.types import Metric

# Types of other areas, resolved when the schema is built.
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
MetricRef = Annotated["Metric", strawberry.lazy("schema.metrics.types")]


@strawberry.type(description="A node of the tree vision > strategy > tactical > operational.")
class Objective(Node):
    level: ObjectiveLevel = strawberry.field(description="Its level in the tree.")
    title: str = strawberry.field(description="A short name (at most 200 characters).")
    description: str = strawberry.field(
        description="What the objective means; empty when nothing was written."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    parent: Objective | None = strawberry.field(
        description="The objective directly above it; null only for a vision."
    )

    children: Connection[Objective] = page("The objectives directly below this one.")

    metrics: Connection[MetricRef] = metric_page(
        "Metrics that show progress towards this objective."
    )

    initiatives: Connection[InitiativeRef] = initiative_page(
        "Initiatives that serve this objective."
    )
