"""Where plans come from (see schema/core/sources.py)."""

from __future__ import annotations

from schema.core.sources import Source
from schema.plans import types as t
from server.domain.core import visibility
from server.models import Plan

PLAN = Source(
    "Plan",
    t.Plan,
    Plan,
    {
        "name": Plan.name,
        "kind": Plan.kind,
        "description": Plan.description,
        "confidential": Plan.confidential,
        "created_at": Plan.created_at,
    },
    {"owner_role": Plan.owner_role_id, "service": Plan.service_id, "process": Plan.process_id},
    visibility.visible_plans,
)
