"""The engagement area: suggestions to the plans (the open improvement register)."""

from schema.core.areas import Area
from schema.engagement import queries, relations, sources, types
from schema.engagement.mutations import EngagementMutation
from schema.engagement.queries import EngagementQuery

AREA = Area(
    name="engagement",
    queries=(EngagementQuery,),
    mutations=(EngagementMutation,),
    types=(types.Suggestion,),
    sources=(sources.SUGGESTION,),
    relations=relations.RELATIONS,
    lists={"suggestions": queries.suggestions_list},
)
