"""The governance area: how each process is defined (purpose, scope, activities with their
procedures and RACI), the policies that govern it, and its definition as it stood on any day."""

from schema.core.areas import Area
from schema.governance import queries, relations, sources, types
from schema.governance.mutations import GovernanceMutation
from schema.governance.queries import GovernanceQuery

AREA = Area(
    name="governance",
    queries=(GovernanceQuery,),
    mutations=(GovernanceMutation,),
    types=(types.ProcessActivity, types.ProcessPolicy, types.ProcessDefinitionVersion),
    sources=(sources.ACTIVITY, sources.POLICY, sources.DEFINITION_VERSION),
    relations=relations.RELATIONS,
    lists={"processPolicies": queries.policies_list},
)
