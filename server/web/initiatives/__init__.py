"""The initiatives area of the web door: an initiative's page with the forms on it (each runs
one mutation: its actions, and linking and unlinking a strategic initiative's children), and the
propose and edit forms."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.initiatives.children import link_child, unlink_child
from server.web.initiatives.forms import edit_page, propose_page
from server.web.initiatives.initiative import ACTIONS, initiative_action, initiative_page

INITIATIVE = {"initiative_id": "Initiative"}

ROUTES = [
    page(
        "/initiatives/{initiative_id}",
        initiative_page,
        needs=SIGNED_IN,
        name="initiative",
        params=INITIATIVE,
    ),
    page(
        "/initiatives/{initiative_id}/actions/{action}",
        initiative_action,
        needs=SIGNED_IN,
        methods=["POST"],
        params={**INITIATIVE, "action": ACTIONS},
    ),
    page(
        "/initiatives/{initiative_id}/children",
        link_child,
        needs=SIGNED_IN,
        methods=["POST"],
        params=INITIATIVE,
    ),
    page(
        "/initiatives/{initiative_id}/children/{child_id}/unlink",
        unlink_child,
        needs=SIGNED_IN,
        methods=["POST"],
        params={**INITIATIVE, "child_id": "Initiative"},
    ),
    page(
        "/plans/{plan_id}/propose",
        propose_page,
        needs=SIGNED_IN,
        methods=["GET", "POST"],
        params={"plan_id": "Plan"},
    ),
    page(
        "/initiatives/{initiative_id}/edit",
        edit_page,
        needs=SIGNED_IN,
        methods=["GET", "POST"],
        params=INITIATIVE,
    ),
]
