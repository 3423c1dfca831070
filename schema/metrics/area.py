"""The metrics area: metrics, measurements, the gap analysis and statistics, corrective
actions, and the changes of targets and budgets waiting for an approver."""

from schema.core.areas import Area
from schema.metrics import pending_changes, relations, sources, stats, types
from schema.metrics.mutations import MetricsMutation
from schema.metrics.queries import MetricsQuery, measurements_list, metrics_list

AREA = Area(
    name="metrics",
    queries=(MetricsQuery,),
    mutations=(MetricsMutation,),
    types=(types.Metric, types.Measurement, types.PendingChange),
    sources=(sources.METRIC, sources.MEASUREMENT, sources.PENDING_CHANGE),
    relations=relations.RELATIONS | pending_changes.RELATIONS | stats.RELATIONS,
    lists={"metrics": metrics_list, "measurements": measurements_list},
)
