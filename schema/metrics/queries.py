"""The metrics' root fields: metrics, measurements, the gap analysis and `metricStats`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.enums import OrderDirection
from schema.core.filters import DirectionArgument, order_clause
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import arguments, list_page
from schema.core.sources import Source
from schema.metrics import gaps, stats
from schema.metrics.filters import (
    METRIC_ORDER,
    MeasurementFilter,
    MetricFilterArgument,
    MetricOrderArgument,
    MetricOrderBy,
    measurement_conditions,
    metric_conditions,
)
from schema.metrics.gaps import GapAnalysis
from schema.metrics.sources import MEASUREMENT, METRIC
from schema.metrics.stats import MetricGroupBy, MetricStatsGroup
from schema.metrics.types import Measurement, Metric
from server.models import Measurement as MeasurementRow
from server.models import Metric as MetricRow


@strawberry.type
class MetricsQuery:
    @strawberry.field(description="Metrics the viewer may see.")
    async def metrics(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: MetricFilterArgument = None,
        order_by: MetricOrderArgument = MetricOrderBy.ID,
        direction: DirectionArgument = OrderDirection.ASC,
    ) -> Connection[Metric]:
        return await list_page(info, metrics_list)

    @strawberry.field(description="Measurements of visible metrics, in time order.")
    async def measurements(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            MeasurementFilter | None,
            strawberry.argument(description="Only the measurements that match; null: all."),
        ] = None,
    ) -> Connection[Measurement]:
        return await list_page(info, measurements_list)

    @strawberry.field(
        description="The gap analysis: metrics that should be measured but cannot be, metrics "
        "measured but serving no objective, objectives nothing measures (`first` of each)."
    )
    async def gap_analysis(
        self,
        info: Info[Context, None],
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many of each group to list, 0 to {gaps.MAX_GAP_ITEMS}; "
                "`totalCount` counts them all."
            ),
        ] = 100,
    ) -> GapAnalysis:
        return await gaps.gap_analysis(info, first)

    @strawberry.field(
        description="Metrics counted by status (red, amber, green, no data), grouped; each "
        "metric counts as its `status.rag` says. Same filter as `metrics`."
    )
    async def metric_stats(
        self,
        info: Info[Context, None],
        filter: MetricFilterArgument = None,
        group_by: Annotated[
            list[MetricGroupBy] | None,
            strawberry.argument(
                description="What to group by, in this order; null or empty: one group of all."
            ),
        ] = None,
    ) -> list[MetricStatsGroup]:
        args = arguments(info)
        groups = [g.value if isinstance(g, Enum) else g for g in args.get("group_by") or []]
        return await stats.metric_stats(
            info, metric_conditions(args.get("filter")), list(dict.fromkeys(groups))
        )


def metrics_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    return (
        METRIC,
        metric_conditions(args.get("filter")),
        order_clause(METRIC_ORDER, MetricRow.id, args),
    )


def measurements_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    return (
        MEASUREMENT,
        measurement_conditions(args.get("filter")),
        [MeasurementRow.taken_at, MeasurementRow.id],
    )
