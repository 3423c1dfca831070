"""The objectives area of the web door: the tree of objectives with its coverage lists, and one
objective's dashboard, with the forms that create, edit, delete and link them."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.objectives.objectives import (
    ACTIONS,
    create_objective,
    objective_action,
    objective_page,
    objectives_page,
)

OBJECTIVE = {"objective_id": "Objective"}

ROUTES = [
    page("/objectives", objectives_page, needs=SIGNED_IN, name="objectives"),
    page("/objectives", create_objective, needs=SIGNED_IN, methods=["POST"]),
    page(
        "/objectives/{objective_id}",
        objective_page,
        needs=SIGNED_IN,
        name="objective",
        params=OBJECTIVE,
    ),
    page(
        "/objectives/{objective_id}/{action}",
        objective_action,
        needs=SIGNED_IN,
        methods=["POST"],
        params={**OBJECTIVE, "action": ACTIONS},
    ),
]
