"""The objectives area: the objectives tree, its coverage, and the links to metrics and
initiatives."""

from schema.core.areas import Area
from schema.objectives import queries, relations, sources, types
from schema.objectives.mutations import ObjectivesMutation
from schema.objectives.queries import ObjectivesQuery

AREA = Area(
    name="objectives",
    queries=(ObjectivesQuery,),
    mutations=(ObjectivesMutation,),
    types=(types.Objective,),
    sources=(sources.OBJECTIVE,),
    relations=relations.RELATIONS,
    lists={
        "objectives": queries.objectives_list,
        "initiativesWithoutObjective": queries.initiatives_without_objective_list,
    },
)
