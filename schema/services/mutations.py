"""The mutations of services, processes and offerings (administrators; a service's owner also
describes their service and keeps its offerings)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.services.inputs import (
    CreateOfferingInput,
    CreateProcessInput,
    CreateServiceInput,
    UpdateOfferingInput,
    UpdateProcessInput,
    UpdateServiceInput,
)
from schema.services.payloads import (
    CreateOfferingPayload,
    CreateProcessPayload,
    CreateServicePayload,
    UpdateOfferingPayload,
    UpdateProcessPayload,
    UpdateServicePayload,
)
from server.domain.services import edits as service_edits


@strawberry.type
class ServicesMutation:
    @strawberry.mutation(description="Create a service with its service improvement plan.")
    async def create_service(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateServiceInput,
            strawberry.argument(
                description="The new service's name, lifecycle, description and plan name."
            ),
        ],
    ) -> CreateServicePayload:
        def work(session, viewer):
            return service_edits.create_service(
                session,
                viewer,
                name=input.name,
                description=input.description,
                lifecycle=input.lifecycle,
                plan_name=input.plan_name,
            )

        return CreateServicePayload(**await run(info, work, "service", "Service"))

    @strawberry.mutation(
        description="Change a service's name (administrators) or description (administrators "
        "and its owner); its lifecycle changes by portfolio decisions."
    )
    async def update_service(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateServiceInput,
            strawberry.argument(description="The service and the fields to change."),
        ],
    ) -> UpdateServicePayload:
        def work(session, viewer):
            return service_edits.update_service(
                session,
                viewer,
                decode(input.id, "Service", "input.id"),
                name=input.name,
                description=input.description,
                lifecycle=input.lifecycle,
            )

        return UpdateServicePayload(**await run(info, work, "service", "Service"))

    @strawberry.mutation(description="Create a process with its process improvement plan.")
    async def create_process(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateProcessInput,
            strawberry.argument(description="The new process's name, description and plan name."),
        ],
    ) -> CreateProcessPayload:
        def work(session, viewer):
            return service_edits.create_process(
                session,
                viewer,
                name=input.name,
                description=input.description,
                plan_name=input.plan_name,
            )

        return CreateProcessPayload(**await run(info, work, "process", "Process"))

    @strawberry.mutation(description="Change a process's name or description.")
    async def update_process(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateProcessInput,
            strawberry.argument(description="The process and the fields to change."),
        ],
    ) -> UpdateProcessPayload:
        def work(session, viewer):
            return service_edits.update_process(
                session,
                viewer,
                decode(input.id, "Process", "input.id"),
                name=input.name,
                description=input.description,
            )

        return UpdateProcessPayload(**await run(info, work, "process", "Process"))

    @strawberry.mutation(description="Add an offering to a service (administrators, its owner).")
    async def create_offering(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateOfferingInput,
            strawberry.argument(
                description="The service and the new offering's name, kind and description."
            ),
        ],
    ) -> CreateOfferingPayload:
        def work(session, viewer):
            return service_edits.create_offering(
                session,
                viewer,
                service_id=decode(input.service_id, "Service", "input.serviceId"),
                name=input.name,
                kind=input.kind,
                description=input.description,
            )

        return CreateOfferingPayload(**await run(info, work, "offering", "Offering"))

    @strawberry.mutation(description="Change an offering (administrators, its service's owner).")
    async def update_offering(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateOfferingInput,
            strawberry.argument(description="The offering and the fields to change."),
        ],
    ) -> UpdateOfferingPayload:
        def work(session, viewer):
            return service_edits.update_offering(
                session,
                viewer,
                decode(input.id, "Offering", "input.id"),
                name=input.name,
                kind=input.kind,
                description=input.description,
            )

        return UpdateOfferingPayload(**await run(info, work, "offering", "Offering"))
