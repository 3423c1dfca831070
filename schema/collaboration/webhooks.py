"""Webhooks in the API, for administrators: the endpoints with their delivery log, the events
one may subscribe to, and the mutations that register, change and remove an endpoint
(server/domain/collaboration/webhooks.py holds every rule)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.ids import to_global_id
from schema.core.inputs import UNCHANGED, input_field
from schema.core.mutations import decode, payload, run
from server.domain.collaboration import webhooks
from server.models import Person
from server.models import WebhookDelivery as DeliveryRow
from server.models import WebhookEndpoint as EndpointRow

LOG_SIZE = 20


@strawberry.type(description="An event a webhook endpoint may be sent.")
class WebhookEvent:
    name: str = strawberry.field(description="Its name, e.g. initiative.changed.")
    description: str = strawberry.field(description="When it is sent.")


@strawberry.type(description="One event sent (or to be sent) to one endpoint: the delivery log.")
class WebhookDelivery:
    delivery_id: str = strawberry.field(
        description="The Steward-Delivery header: the same on every try."
    )
    event: str = strawberry.field(description="The event's name.")
    payload: str = strawberry.field(description="The JSON body sent.")
    created_at: datetime = strawberry.field(description="When the event happened.")
    attempts: int = strawberry.field(description="How many times it was tried.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When it is tried next; null once delivered or given up."
    )
    delivered_at: datetime | None = strawberry.field(
        description="When the endpoint answered 2xx; null until then."
    )
    failed_at: datetime | None = strawberry.field(
        description="When Steward gave up on it (after its last try); null otherwise."
    )
    last_status: int | None = strawberry.field(
        description="The HTTP status of the last answer; null when none came."
    )
    last_error: str = strawberry.field(description="Why the last try failed; empty if it did not.")


@strawberry.type(description="Where Steward POSTs the events chosen, signed (administrators).")
class WebhookEndpoint:
    id: strawberry.ID = strawberry.field(description="The endpoint's global id.")
    name: str = strawberry.field(description="What it is for.")
    url: str = strawberry.field(description="Where the events go.")
    events: list[str] = strawberry.field(description="The events it is sent.")
    acts_as_id: strawberry.ID | None = strawberry.field(
        description="The person whose visibility it gets (global id); null: only what everyone "
        "signed in sees, nothing confidential."
    )
    acts_as_name: str | None = strawberry.field(description="That person's name.")
    active: bool = strawberry.field(
        description="Whether events are sent; false once disabled (by hand, or after too many "
        "failures in a row, see `disabledReason`)."
    )
    failures: int = strawberry.field(description="Failed deliveries in a row.")
    disabled_reason: str = strawberry.field(description="Why it was disabled; empty if it was not.")
    created_at: datetime = strawberry.field(description="When it was registered.")
    version: int = strawberry.field(description="Changes on every change; for expectedVersion.")
    waiting: int = strawberry.field(description="Deliveries not yet delivered nor given up.")
    deliveries: list[WebhookDelivery] = strawberry.field(
        description=f"Its delivery log, newest first (the latest {LOG_SIZE})."
    )


def _delivery(row: DeliveryRow) -> WebhookDelivery:
    waiting = row.delivered_at is None and row.failed_at is None
    return WebhookDelivery(
        delivery_id=row.delivery_id, event=row.event, payload=row.payload,
        created_at=row.created_at, attempts=row.attempts,
        next_attempt_at=row.next_attempt_at if waiting else None,
        delivered_at=row.delivered_at, failed_at=row.failed_at, last_status=row.last_status,
        last_error=row.last_error,
    )  # fmt: skip


async def load_endpoints(info: Info[Context, None], pks: list[int] | None = None) -> list[Any]:
    """The endpoints (all, or these) with their latest deliveries: three statements however
    many there are. Nobody but administrators sees any."""
    viewer = info.context.require_viewer()
    if not viewer.is_admin:
        return []
    session = info.context.session
    query = select(EndpointRow, Person.name).outerjoin(Person, Person.id == EndpointRow.acts_as_id)
    if pks is not None:
        query = query.where(EndpointRow.id.in_(pks))
    rows = (await session.execute(query.order_by(EndpointRow.name, EndpointRow.id))).all()
    ids = [endpoint.id for endpoint, _ in rows]
    ranked = (
        select(DeliveryRow, func.row_number().over(partition_by=DeliveryRow.endpoint_id,
                                                   order_by=DeliveryRow.id.desc()).label("n"))
        .where(DeliveryRow.endpoint_id.in_(ids))
        .subquery()
    )  # fmt: skip
    log: dict[int, list[WebhookDelivery]] = {pk: [] for pk in ids}
    latest = (
        select(DeliveryRow)
        .join(ranked, ranked.c.id == DeliveryRow.id)
        .where(ranked.c.n <= LOG_SIZE)
        .order_by(DeliveryRow.id.desc())
    )
    for delivery in (await session.scalars(latest)).all():
        log[delivery.endpoint_id].append(_delivery(delivery))
    counted = await session.execute(
        select(DeliveryRow.endpoint_id, func.count())
        .where(DeliveryRow.endpoint_id.in_(ids), DeliveryRow.delivered_at.is_(None),
               DeliveryRow.failed_at.is_(None))
        .group_by(DeliveryRow.endpoint_id)
    )  # fmt: skip
    waiting = {endpoint_id: count for endpoint_id, count in counted}
    return [
        WebhookEndpoint(
            id=strawberry.ID(to_global_id("WebhookEndpoint", endpoint.id)),
            name=endpoint.name,
            url=endpoint.url,
            events=endpoint.events.split(","),
            acts_as_id=(
                strawberry.ID(to_global_id("Person", endpoint.acts_as_id))
                if endpoint.acts_as_id
                else None
            ),
            acts_as_name=person_name,
            active=endpoint.active,
            failures=endpoint.failures,
            disabled_reason=endpoint.disabled_reason,
            created_at=endpoint.created_at,
            version=endpoint.version,
            waiting=int(waiting.get(endpoint.id, 0)),
            deliveries=log[endpoint.id],
        )
        for endpoint, person_name in rows
    ]


@strawberry.type
class WebhookQuery:
    @strawberry.field(
        description="The webhook endpoints, by name, each with its delivery log (administrators; "
        "empty for anyone else)."
    )
    async def webhook_endpoints(self, info: Info[Context, None]) -> list[WebhookEndpoint]:
        return await load_endpoints(info)

    @strawberry.field(description="The events a webhook endpoint may be sent.")
    def webhook_events(self) -> list[WebhookEvent]:
        return [WebhookEvent(name=n, description=d) for n, d in webhooks.EVENTS.items()]


# -- mutations ---------------------------------------------------------------------------------


@strawberry.input(description="A new webhook endpoint.")
class CreateWebhookEndpointInput:
    name: str = strawberry.field(description="What it is for (at most 120 characters).")
    url: str = strawberry.field(description="Where to POST: an http:// or https:// address.")
    events: list[str] = strawberry.field(description="The events wanted (`webhookEvents`).")
    acts_as_id: strawberry.ID | None = input_field(
        "The person whose visibility it gets; none: only what everyone signed in sees."
    )


@strawberry.input(description="A change to a webhook endpoint.")
class UpdateWebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint's global id.")
    expected_version: int | None = input_field(
        "The `version` you read; if it changed since, nothing is changed."
    )
    name: str | None = input_field(f"What it is for{UNCHANGED}")
    url: str | None = input_field(f"Where to POST{UNCHANGED}")
    events: list[str] | None = input_field(f"The events wanted{UNCHANGED}")
    acts_as_id: strawberry.ID | None = input_field(
        f"The person whose visibility it gets{UNCHANGED}"
    )
    acts_as_nobody: bool | None = input_field(
        "True: it acts as nobody from now on (only what everyone signed in sees)."
    )
    active: bool | None = input_field(
        f"False disables it; true enables it again, its failures forgotten{UNCHANGED}"
    )
    new_secret: bool | None = input_field(
        "True: a new secret replaces the old one (returned this once)."
    )


@strawberry.input(description="The webhook endpoint to remove, with its delivery log.")
class DeleteWebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint's global id.")


SECRET = (str | None, "The signing secret, shown this once (keep it in the receiver); null "
          "unless it was just made.")  # fmt: skip
CreateWebhookEndpointPayload = payload(
    "CreateWebhookEndpointPayload", "endpoint", WebhookEndpoint,
    "The endpoint registered; null when refused.", {"secret": SECRET},
)  # fmt: skip
UpdateWebhookEndpointPayload = payload(
    "UpdateWebhookEndpointPayload", "endpoint", WebhookEndpoint,
    "The endpoint as changed; null when refused.", {"secret": SECRET},
)  # fmt: skip
DeleteWebhookEndpointPayload = payload(
    "DeleteWebhookEndpointPayload", "deleted_webhook_endpoint_id", strawberry.ID,
    "The global id of the endpoint removed; null when refused.",
)  # fmt: skip


async def _one(info: Info[Context, None], pk: int) -> Any:
    found = await load_endpoints(info, [pk])
    return found[0] if found else None


def _secret_of(made: Any) -> dict[str, Any]:
    """The payload's `secret`: the one just made, or none (also when refused)."""
    return {"secret": made[1] if made else None}


def _person(global_id: strawberry.ID | None) -> int | None:
    return None if global_id is None else decode(global_id, "Person", "input.actsAsId")


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Register a webhook endpoint (administrators); its signing secret comes "
        "back this once."
    )
    async def create_webhook_endpoint(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateWebhookEndpointInput, strawberry.argument(description="The endpoint.")
        ],
    ) -> CreateWebhookEndpointPayload:  # type: ignore[valid-type]
        def work(session, viewer):
            return webhooks.create(session, viewer, input.name, input.url, input.events,
                                   _person(input.acts_as_id))  # fmt: skip

        return CreateWebhookEndpointPayload(  # type: ignore[no-any-return]
            **await run(info, work, "endpoint", "WebhookEndpoint",
                        key=lambda made: made[0].id, extra=_secret_of,
                        load=lambda context, pk: _one(info, pk))
        )  # fmt: skip

    @strawberry.mutation(
        description="Change a webhook endpoint (administrators): its fields, enable or disable "
        "it, or give it a new secret."
    )
    async def update_webhook_endpoint(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateWebhookEndpointInput, strawberry.argument(description="What changes.")
        ],
    ) -> UpdateWebhookEndpointPayload:  # type: ignore[valid-type]
        def work(session, viewer):
            fields: dict[str, Any] = {
                name: value for name, value in (
                    ("name", input.name), ("url", input.url), ("events", input.events),
                    ("active", input.active),
                ) if value is not None
            }  # fmt: skip
            if input.acts_as_nobody:
                fields["acts_as_id"] = None
            elif input.acts_as_id is not None:
                fields["acts_as_id"] = _person(input.acts_as_id)
            return webhooks.update(
                session, viewer, decode(input.id, "WebhookEndpoint", "input.id"),
                input.expected_version, fields, bool(input.new_secret),
            )  # fmt: skip

        return UpdateWebhookEndpointPayload(  # type: ignore[no-any-return]
            **await run(info, work, "endpoint", "WebhookEndpoint",
                        key=lambda made: made[0].id, extra=_secret_of,
                        load=lambda context, pk: _one(info, pk))
        )  # fmt: skip

    @strawberry.mutation(description="Remove a webhook endpoint and its log (administrators).")
    async def delete_webhook_endpoint(
        self,
        info: Info[Context, None],
        input: Annotated[
            DeleteWebhookEndpointInput, strawberry.argument(description="The endpoint.")
        ],
    ) -> DeleteWebhookEndpointPayload:  # type: ignore[valid-type]
        def work(session, viewer):
            return webhooks.delete(session, viewer, decode(input.id, "WebhookEndpoint",
                                                           "input.id"))  # fmt: skip

        async def deleted(context, pk):
            return input.id

        return DeleteWebhookEndpointPayload(  # type: ignore[no-any-return]
            **await run(info, work, "deleted_webhook_endpoint_id", "WebhookEndpoint",
                        key=lambda pk: pk, load=deleted)
        )  # fmt: skip
