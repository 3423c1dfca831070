"""The collaboration area: comments with mentions on the register's things."""

from schema.collaboration import relations, sources, types
from schema.collaboration.mutations import CollaborationMutation
from schema.collaboration.queries import CollaborationQuery
from schema.core.areas import Area

AREA = Area(
    name="collaboration",
    queries=(CollaborationQuery,),
    mutations=(CollaborationMutation,),
    types=(types.Comment,),
    sources=(sources.COMMENT,),
    relations=relations.RELATIONS,
)
