"""The governance area of the web door: a process's page, with the forms its owner uses to keep
its definition, activities, RACI and policies; and administrators' forms to register and rename
processes."""

from __future__ import annotations

from server.web.core.routing import ADMIN, SIGNED_IN, page
from server.web.governance import process_forms as forms
from server.web.governance import process_page as p

PROCESS = {"id": "Process"}
ACTIVITY = {"id": "Process", "activity_id": "ProcessActivity"}
POLICY = {"id": "Process", "policy_id": "ProcessPolicy"}

# /processes/new comes before /processes/{id}, which would take it for an id.
ROUTES = [
    page("/processes/new", forms.new_process_page, needs=ADMIN, name="new_process"),
    page("/processes/new", forms.create_process, needs=ADMIN, methods=["POST"]),
    page("/processes/{id}/edit", forms.edit_process_page, needs=ADMIN, name="edit_process",
         params=PROCESS),
    page("/processes/{id}/edit", forms.update_process, needs=ADMIN, methods=["POST"],
         params=PROCESS),
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
