"""The people area: people, roles, API tokens, one's own account and sessions, saved views, the
audit log."""

from schema.core.areas import Area
from schema.people import relations, saved_views, sources, types
from schema.people.accounts import AccountsMutation
from schema.people.mutations import PeopleMutation
from schema.people.queries import PeopleQuery

AREA = Area(
    name="people",
    queries=(PeopleQuery, saved_views.SavedViewsQuery),
    mutations=(PeopleMutation, AccountsMutation, saved_views.SavedViewsMutation),
    types=(
        types.Role,
        types.Person,
        types.RoleAssignment,
        types.AuditEntry,
        types.ApiToken,
        saved_views.SavedView,
    ),
    sources=(
        sources.ROLE,
        sources.PERSON,
        sources.ROLE_ASSIGNMENT,
        sources.API_TOKEN,
        sources.AUDIT_ENTRY,
        saved_views.SAVED_VIEW,
    ),
    relations={**relations.RELATIONS, **saved_views.RELATIONS},
    lists={"savedViews": saved_views.views_list},
)
