"""The root fields of services and processes."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.filters import enum_values
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import list_page
from schema.core.sources import Source
from schema.services.enums import ServiceLifecycle
from schema.services.sources import PROCESS, SERVICE
from schema.services.types import Process, Service
from server.models import Service as ServiceRow


@strawberry.type
class ServicesQuery:
    @strawberry.field(description="Services, by name.")
    async def services(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        lifecycle: Annotated[
            list[ServiceLifecycle] | None,
            strawberry.argument(description="Only services in these lifecycle states."),
        ] = None,
    ) -> Connection[Service]:
        return await list_page(info, services_list)

    @strawberry.field(description="Processes, by name.")
    async def processes(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Process]:
        return await list_page(info, processes_list)


def services_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = []
    if args.get("lifecycle") is not None:
        conditions.append(ServiceRow.lifecycle.in_(enum_values(args["lifecycle"])))
    return SERVICE, conditions, [ServiceRow.name, SERVICE.pk]


def processes_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    return PROCESS, [], [PROCESS.fields["name"], PROCESS.pk]
