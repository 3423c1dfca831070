"""The plans area of the web door: the list of plans, and a plan's page (a table or a board of
its initiatives, with filters, exports and a change to many at once), the roadmap, and
administrators' forms to create and edit plans."""

from __future__ import annotations

from server.web.core.routing import ADMIN, SIGNED_IN, page
from server.web.plans.plan import bulk_change, plan_page
from server.web.plans.plan_forms import create_plan, edit_plan_page, new_plan_page, update_plan
from server.web.plans.plans import plans
from server.web.plans.roadmap import plan_roadmap, roadmap

PLAN = {"plan_id": "Plan"}

# /plans/new comes before /plans/{plan_id}, which would take it for an id.
ROUTES = [
    page("/plans", plans, needs=SIGNED_IN, name="plans"),
    page("/plans/new", new_plan_page, needs=ADMIN, name="new_plan"),
    page("/plans/new", create_plan, needs=ADMIN, methods=["POST"]),
    page("/plans/{plan_id}/edit", edit_plan_page, needs=ADMIN, name="edit_plan", params=PLAN),
    page("/plans/{plan_id}/edit", update_plan, needs=ADMIN, methods=["POST"], params=PLAN),
    page("/roadmap", roadmap, needs=SIGNED_IN, name="roadmap"),
    page("/plans/{plan_id}/roadmap", plan_roadmap, needs=SIGNED_IN, name="plan_roadmap",
         params={"plan_id": "Plan"}),
    page("/plans/{plan_id}", plan_page, needs=SIGNED_IN, name="plan", params={"plan_id": "Plan"}),
    page("/plans/{plan_id}/bulk", bulk_change, needs=SIGNED_IN, methods=["POST"],
         name="bulk_change", params={"plan_id": "Plan"}),
]  # fmt: skip
