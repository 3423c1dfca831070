"""Services and processes, the scope a plan may be for."""

from __future__ import annotations

import strawberry

from schema.enums import ServiceLifecycle


@strawberry.type(description="Something the provider delivers.")
class Service:
    id: strawberry.ID
    name: str
    lifecycle: ServiceLifecycle


@strawberry.type(description="A practice with an owner, a manager and practitioners.")
class Process:
    id: strawberry.ID
    name: str
