"""The one way a mutation runs, and what every payload shares: user errors.

A mutation runs one domain function in the request's session, then commits, or rolls back
and writes nothing when any rule says no; the payload carries the changed object, loaded
through the planner like any query, and `errors`. Each area's payloads module makes its
payload types with `payload`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

import strawberry
from graphql import FieldNode, get_named_type
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from schema.core.context import Context
from schema.core.ids import from_global_id
from schema.core.planner import Planner, prefetch
from schema.core.sources import SOURCES
from server.domain.core.errors import RuleViolation, RuleViolations
from server.domain.core.viewer import Viewer


@strawberry.enum(description="What kind of problem a user error is.")
class UserErrorCode(Enum):
    INVALID = strawberry.enum_value(
        "INVALID", description="A value is missing, malformed or out of range; `field` names it."
    )
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND",
        description="An id names nothing the viewer may see (hidden and missing look the same).",
    )
    FORBIDDEN = strawberry.enum_value(
        "FORBIDDEN",
        description="The viewer's roles do not allow it, or the API token may only read.",
    )
    DUPLICATE = strawberry.enum_value(
        "DUPLICATE",
        description="It would clash with what exists, e.g. a name already taken; or with a "
        "change made at the same moment.",
    )
    INVALID_TRANSITION = strawberry.enum_value(
        "INVALID_TRANSITION",
        description="The lifecycle does not allow this step from the current state; the "
        "message says where it can go.",
    )
    CONFLICT = strawberry.enum_value(
        "CONFLICT",
        description="It changed since it was read, or at the same moment: read it again (send "
        "its new `version` as `expectedVersion`) and retry.",
    )


@strawberry.type(description="A problem with a mutation's input; nothing was changed.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="The path of the input field at fault, e.g. ['input', 'title']; null when "
        "the problem is not one field's."
    )
    message: str = strawberry.field(
        description="What is wrong and how to put it right, in words for a person."
    )
    code: UserErrorCode = strawberry.field(description="What kind of problem it is.")


def user_error(violation: RuleViolation) -> UserError:
    return UserError(
        field=violation.field.split(".") if violation.field else None,
        message=violation.message,
        code=UserErrorCode(violation.code),
    )


log = logging.getLogger("steward.mutations")


READ_ONLY = RuleViolation(
    "FORBIDDEN", "This API token may only read; create a read-write token to make changes."
)


def decode(global_id: str | None, type_name: str, field: str) -> int | None:
    """The database id behind a global id of the expected type; unknown ids are not found."""
    if global_id is None:
        return None
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        raise RuleViolation("NOT_FOUND", f"no {type_name.lower()} has this id", field)
    return decoded[1]


async def run(
    info: Info[Context, None],
    work: Callable[[Session, Viewer], Any],
    payload_field: str,
    type_name: str,
    *,
    key: Callable[[Any], int] = lambda changed: changed.id,
    extra: Callable[[Any], dict[str, Any]] | None = None,
    before: Callable[[AsyncSession, Viewer], Awaitable[None]] | None = None,
    load: Callable[[Context, int], Awaitable[Any]] | None = None,
    clash: str = "DUPLICATE",
) -> dict[str, Any]:
    """Run one domain change in its own transaction, then load what it changed for the reply.
    `before` runs first, on the event loop, for work that must not block it (a password is
    checked and hashed in the password pool); its rule violations are the payload's errors.
    `load` loads the changed object itself, for a type the planner has no source for; `clash`
    is the code of the error when a database constraint refuses the change."""
    context = info.context
    viewer = context.require_viewer()
    await context.begin_writes()
    session = context.session
    changed = None
    values: dict[str, Any] = {}
    try:
        if not viewer.may_write:
            raise READ_ONLY
        if before is not None:
            await before(session, viewer)
        changed = await session.run_sync(lambda sync: work(sync, viewer))
        values = extra(changed) if extra else {}
        pk = key(changed)
        await session.commit()
    except RuleViolation as violation:
        await session.rollback()
        return {payload_field: None, "errors": [user_error(violation)], **_empty(extra)}
    except RuleViolations as problems:
        await session.rollback()
        errors = [user_error(violation) for violation in problems.violations]
        return {payload_field: None, "errors": errors, **_empty(extra)}
    except StaleDataError:
        await session.rollback()
        return {
            payload_field: None,
            "errors": [
                user_error(RuleViolation("CONFLICT", "Someone changed this at the same moment; "
                                     "reload it and try again.", "input.expectedVersion"))
            ],
        }  # fmt: skip
    except IntegrityError as error:
        await session.rollback()
        log.warning("mutation refused by a database constraint: %s", error.orig)
        return {
            payload_field: None,
            "errors": [
                user_error(RuleViolation(clash, "This clashes with a change made at the same "
                                     "moment; reload and try again."))
            ],
        }  # fmt: skip
    if load is not None:
        return {payload_field: await load(context, pk), "errors": [], **values}
    objects = await load_for_payload(
        info, type_name, pk if isinstance(pk, list) else [pk], payload_field
    )
    if isinstance(pk, list):
        return {payload_field: objects, "errors": [], **values}
    return {payload_field: objects[0] if objects else None, "errors": [], **values}


def _empty(extra: Callable[[Any], dict[str, Any]] | None) -> dict[str, Any]:
    """The extra payload fields' values when a mutation is refused."""
    return {name: None for name in extra(None)} if extra else {}


async def load_for_payload(
    info: Info[Context, Any], type_name: str, pks: list[int], payload_field: str
) -> list[Any]:
    """The changed objects as the API shows them (in the order given), with what the payload
    selection asks below them, loaded by level like any query."""
    planner = Planner(info)
    source = SOURCES[type_name]
    payload_type = get_named_type(planner.raw.return_type).name  # the payload of `Payload!`
    fields = planner.collect(payload_type, [node.selection_set for node in planner.field_nodes])
    graphql_name = to_camel_case(payload_field)  # pending_change: pendingChange
    nodes: list[FieldNode] = [
        node for found in fields.values() for node in found if node.name.value == graphql_name
    ]
    selection = [node.selection_set for node in nodes]
    layout = planner.layout(source, selection)
    rows = await planner.rows(
        source.select(layout=layout).where(
            source.pk.in_(pks), *source.conditions(info.context.viewer)
        )
    )
    found = {row[0]: source.build(row, layout) for row in rows}
    objects = [found[pk] for pk in pks if pk in found]
    await prefetch(planner, type_name, objects, selection)
    return objects


ERRORS = "Why the change was refused, one entry per problem; empty when it was made."


def payload(
    name: str,
    field: str,
    field_type: Any,
    description: str,
    extra: dict[str, tuple[Any, str]] | None = None,
) -> type:
    """The payload type `<Verb><Noun>Payload`: the changed object (described by `description`),
    the user errors, and maybe `extra` fields, each given as (type, description)."""
    mutation = name[0].lower() + name[1 : -len("Payload")]
    extra = extra or {}
    annotations = {
        field: field_type | None,
        "errors": list[UserError],
        **{key: kind for key, (kind, _) in extra.items()},
    }
    namespace = {
        "__annotations__": annotations,
        field: strawberry.field(description=description),
        "errors": strawberry.field(description=ERRORS),
        **{key: strawberry.field(description=text) for key, (_, text) in extra.items()},
    }
    changed = to_camel_case(field)
    return strawberry.type(
        type(name, (), namespace),
        description=f"The result of `{mutation}`: `{changed}` and no errors; when refused, "
        f"`{changed}` is null, `errors` says why, and nothing was changed.",
    )
