"""Where services, offerings and processes come from (see schema/core/sources.py)."""

from __future__ import annotations

from schema.core.sources import Source
from schema.services import types as t
from server.models import Offering, Process, Service

SERVICE = Source(
    "Service",
    t.Service,
    Service,
    {
        "name": Service.name,
        "description": Service.description,
        "lifecycle": Service.lifecycle,
        "review_cadence": Service.review_cadence,
        "next_review_on": Service.next_review_on,
        "created_at": Service.created_at,
        "annual_cost": Service.annual_cost,
        "cost_currency": Service.cost_currency,
        "value_statement": Service.value_statement,
    },
)


OFFERING = Source(
    "Offering",
    t.Offering,
    Offering,
    {"name": Offering.name, "kind": Offering.kind, "description": Offering.description},
    {"service": Offering.service_id},
)


PROCESS = Source(
    "Process",
    t.Process,
    Process,
    {
        "name": Process.name,
        "description": Process.description,
        "purpose": Process.purpose,
        "scope": Process.scope,
        "definition_version": Process.definition_version,
        "created_at": Process.created_at,
    },
)
