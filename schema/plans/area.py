"""The plans area: plans and the summaries of their initiatives."""

from schema.core.areas import Area
from schema.plans import relations, sources, types
from schema.plans.mutations import PlansMutation
from schema.plans.queries import PlansQuery, plans_list

AREA = Area(
    name="plans",
    queries=(PlansQuery,),
    mutations=(PlansMutation,),
    types=(types.Plan,),
    sources=(sources.PLAN,),
    relations=relations.RELATIONS,
    lists={"plans": plans_list},
)
