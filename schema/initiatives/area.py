"""The initiatives area: initiatives, their lifecycle, budget requests and status updates."""

from schema.core.areas import Area
from schema.initiatives import cycle, relations, sources, stats, types
from schema.initiatives.bulk import BulkMutation
from schema.initiatives.mutations import InitiativesMutation
from schema.initiatives.queries import InitiativesQuery, initiatives_list

AREA = Area(
    name="initiatives",
    queries=(InitiativesQuery,),
    mutations=(InitiativesMutation, BulkMutation),
    types=(
        types.Initiative,
        types.InitiativeEvent,
        types.BudgetRequest,
        types.StatusUpdate,
        types.BenefitReview,
    ),
    sources=(
        sources.INITIATIVE,
        sources.INITIATIVE_EVENT,
        sources.BUDGET_REQUEST,
        sources.STATUS_UPDATE,
        sources.BENEFIT_REVIEW,
    ),
    relations={**relations.RELATIONS, **cycle.RELATIONS},
    lists={"initiatives": initiatives_list},
    grouped={"initiativeStats": stats.INITIATIVE_STATS},
)
