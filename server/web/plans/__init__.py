"""The plans area of the web door: the list of plans, and a plan's page (a table or a board of
its initiatives, with filters, exports and a change to many at once), and the roadmap."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.plans.plan import bulk_change, plan_page
from server.web.plans.plans import plans
from server.web.plans.roadmap import plan_roadmap, roadmap

ROUTES = [
    page("/plans", plans, needs=SIGNED_IN, name="plans"),
    page("/roadmap", roadmap, needs=SIGNED_IN, name="roadmap"),
    page("/plans/{plan_id}/roadmap", plan_roadmap, needs=SIGNED_IN, name="plan_roadmap",
         params={"plan_id": "Plan"}),
    page("/plans/{plan_id}", plan_page, needs=SIGNED_IN, name="plan", params={"plan_id": "Plan"}),
    page("/plans/{plan_id}/bulk", bulk_change, needs=SIGNED_IN, methods=["POST"],
         name="bulk_change", params={"plan_id": "Plan"}),
]  # fmt: skip
