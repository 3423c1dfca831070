"""The governance area of the web door: a process's page, with the forms its owner uses to keep
its definition, activities, RACI and policies."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.governance import process_page as p

PROCESS = {"id": "Process"}
ACTIVITY = {"id": "Process", "activity_id": "ProcessActivity"}
POLICY = {"id": "Process", "policy_id": "ProcessPolicy"}

ROUTES = [
    page("/processes/{id}", p.process, needs=SIGNED_IN, name="process", params=PROCESS),
    page("/processes/{id}/definition", p.define, needs=SIGNED_IN, methods=["POST"],
         params=PROCESS),
    page("/processes/{id}/activities", p.add_activity, needs=SIGNED_IN, methods=["POST"],
         params=PROCESS),
    page("/processes/{id}/activities/{activity_id}", p.change_activity, needs=SIGNED_IN,
         methods=["POST"], params=ACTIVITY),
    page("/processes/{id}/activities/{activity_id}/remove", p.remove_activity, needs=SIGNED_IN,
         methods=["POST"], params=ACTIVITY),
    page("/processes/{id}/activities/{activity_id}/raci", p.set_raci, needs=SIGNED_IN,
         methods=["POST"], params=ACTIVITY),
    page("/processes/{id}/policies", p.add_policy, needs=SIGNED_IN, methods=["POST"],
         params=PROCESS),
    page("/processes/{id}/policies/{policy_id}", p.change_policy, needs=SIGNED_IN,
         methods=["POST"], params=POLICY),
]  # fmt: skip
