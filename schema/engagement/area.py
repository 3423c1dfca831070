"""The engagement area: suggestions to the plans (the open improvement register), and the
stakeholders with the services they use."""

from schema.core.areas import Area
from schema.engagement import queries, relations, sources, types
from schema.engagement.mutations import EngagementMutation
from schema.engagement.queries import EngagementQuery

AREA = Area(
    name="engagement",
    queries=(EngagementQuery,),
    mutations=(EngagementMutation,),
    types=(types.Suggestion, types.Stakeholder, types.Feedback),
    sources=(sources.SUGGESTION, sources.STAKEHOLDER, sources.FEEDBACK),
    relations=relations.RELATIONS,
    lists={
        "suggestions": queries.suggestions_list,
        "stakeholders": queries.stakeholders_list,
        "feedback": queries.feedback_list,
    },
)
