"""The balance area: assessments of the four tensions of service operation (the organisation's
and each service's), their evidence and drift, and the guidelines for resolving them."""

from schema.balance import queries, relations, sources, types
from schema.balance.mutations import BalanceMutation
from schema.balance.queries import BalanceQuery
from schema.core.areas import Area

AREA = Area(
    name="balance",
    queries=(BalanceQuery,),
    mutations=(BalanceMutation,),
    types=(types.BalanceAssessment, types.BalanceGuideline),
    sources=(sources.ASSESSMENT, sources.GUIDELINE),
    relations=relations.RELATIONS,
    lists={"balanceAssessments": queries.assessments_list},
)
