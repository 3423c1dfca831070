"""The plans area of the web door: the list of plans, and a plan's page (a table or a board of
its initiatives, with filters and a CSV export)."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.plans.plan import plan_page
from server.web.plans.plans import plans

ROUTES = [
    page("/plans", plans, needs=SIGNED_IN, name="plans"),
    page("/plans/{plan_id}", plan_page, needs=SIGNED_IN, name="plan", params={"plan_id": "Plan"}),
]
