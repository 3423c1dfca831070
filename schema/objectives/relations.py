"""How the objectives' relations load: the parent, the children, and the metrics and
initiatives linked to each."""

from __future__ import annotations

from schema.core.relations import Relation, ToMany, ToOne
from schema.initiatives.sources import initiatives_of
from schema.metrics.sources import metrics_of
from schema.objectives.sources import OBJECTIVE
from server.models import InitiativeObjective, MetricObjective, Objective

RELATIONS: dict[tuple[str, str], Relation] = {
    ("Objective", "parent"): ToOne(OBJECTIVE, "parent"),
    ("Objective", "children"): ToMany(
        OBJECTIVE, Objective.parent_id, order=lambda args: [Objective.id]
    ),
    ("Objective", "metrics"): metrics_of(
        MetricObjective.objective_id,
        link=MetricObjective,
        link_target_column=MetricObjective.metric_id,
    ),
    ("Objective", "initiatives"): initiatives_of(
        InitiativeObjective.objective_id,
        link=InitiativeObjective,
        link_target_column=InitiativeObjective.initiative_id,
    ),
}
