"""The collaboration area: comments with mentions on the register's things, and each person's
notifications (a node only to its own person)."""

from schema.collaboration import relations, sources, types
from schema.collaboration.mutations import CollaborationMutation
from schema.collaboration.queries import CollaborationQuery
from schema.collaboration.webhooks import WebhookMutation, WebhookQuery
from schema.core.areas import Area

AREA = Area(
    name="collaboration",
    queries=(CollaborationQuery, WebhookQuery),
    mutations=(CollaborationMutation, WebhookMutation),
    types=(types.Comment, types.Notification),
    sources=(sources.COMMENT, sources.NOTIFICATION),
    relations=relations.RELATIONS,
)
