"""The engagement area: suggestions to the plans (the open improvement register), the
stakeholders with the services they use, their feedback, and service reviews."""

from schema.core.areas import Area
from schema.engagement import queries, relations, review_relations, sources, types
from schema.engagement.mutations import EngagementMutation
from schema.engagement.queries import EngagementQuery
from schema.engagement.review_mutations import ReviewMutation

AREA = Area(
    name="engagement",
    queries=(EngagementQuery,),
    mutations=(EngagementMutation, ReviewMutation),
    types=(
        types.Suggestion,
        types.Stakeholder,
        types.Feedback,
        types.ServiceReview,
        types.ReviewFinding,
    ),
    sources=(
        sources.SUGGESTION,
        sources.STAKEHOLDER,
        sources.FEEDBACK,
        sources.SERVICE_REVIEW,
        sources.REVIEW_FINDING,
    ),
    relations={**relations.RELATIONS, **review_relations.RELATIONS},
    lists={
        "suggestions": queries.suggestions_list,
        "stakeholders": queries.stakeholders_list,
        "feedback": queries.feedback_list,
        "serviceReviews": queries.service_reviews_list,
    },
)
