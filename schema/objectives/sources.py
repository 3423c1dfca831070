"""Where objectives come from (see schema/core/sources.py)."""

from __future__ import annotations

from schema.core.sources import Source
from schema.objectives import types as t
from server.models import Objective

OBJECTIVE = Source(
    "Objective",
    t.Objective,
    Objective,
    {
        "level": Objective.level,
        "title": Objective.title,
        "description": Objective.description,
        "created_at": Objective.created_at,
    },
    {"parent": Objective.parent_id},
)
