"""The people area: people, roles, API tokens, one's own account and sessions, the audit log."""

from schema.core.areas import Area
from schema.people import relations, sources, types
from schema.people.accounts import AccountsMutation
from schema.people.mutations import PeopleMutation
from schema.people.queries import PeopleQuery

AREA = Area(
    name="people",
    queries=(PeopleQuery,),
    mutations=(PeopleMutation, AccountsMutation),
    types=(types.Role, types.Person, types.RoleAssignment, types.AuditEntry, types.ApiToken),
    sources=(
        sources.ROLE,
        sources.PERSON,
        sources.ROLE_ASSIGNMENT,
        sources.API_TOKEN,
        sources.AUDIT_ENTRY,
    ),
    relations=relations.RELATIONS,
)
