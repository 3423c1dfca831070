"""The inputs of the mutations of services, processes and offerings."""

from __future__ import annotations

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.services.enums import OfferingKind, ServiceLifecycle


@strawberry.input(description="A new service, registered with its service improvement plan.")
class CreateServiceInput:
    name: str = strawberry.field(description="The service's name; unique.")
    lifecycle: ServiceLifecycle = strawberry.field(description="Where the service is now.")
    description: str = input_field("What the service is and whom it serves.", "")
    plan_name: str | None = input_field(
        "Its improvement plan's name; default '<name> improvement plan'."
    )


@strawberry.input(description="Changes to a service; fields left out stay as they are.")
class UpdateServiceInput:
    id: strawberry.ID = strawberry.field(description="The service's global id.")
    name: str | None = input_field("The new name, unique" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)
    lifecycle: ServiceLifecycle | None = input_field(
        "Its lifecycle state as it stands; a different one is refused: a service moves through "
        "the portfolio only by a decision of the steering committee (`proposePortfolioDecision`)."
    )


@strawberry.input(description="A new process, registered with its process improvement plan.")
class CreateProcessInput:
    name: str = strawberry.field(description="The process's name; unique.")
    description: str = input_field("The process's purpose and scope.", "")
    plan_name: str | None = input_field(
        "Its improvement plan's name; default '<name> improvement plan'."
    )


@strawberry.input(description="Changes to a process; fields left out stay as they are.")
class UpdateProcessInput:
    id: strawberry.ID = strawberry.field(description="The process's global id.")
    name: str | None = input_field("The new name, unique" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)


@strawberry.input(description="A new offering of a service.")
class CreateOfferingInput:
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    name: str = strawberry.field(description="The offering's name; unique within the service.")
    kind: OfferingKind = strawberry.field(description="What the offering is made of.")
    description: str = input_field("What the offering provides.", "")


@strawberry.input(description="Changes to an offering; fields left out stay as they are.")
class UpdateOfferingInput:
    id: strawberry.ID = strawberry.field(description="The offering's global id.")
    name: str | None = input_field("The new name, unique within its service" + UNCHANGED)
    kind: OfferingKind | None = input_field("The new kind" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)
