"""Mutation payloads and the runner every mutation uses: one transaction, user errors.

A mutation runs one domain function in the request's session, then commits, or rolls back
and writes nothing when any rule says no; the payload carries the changed object, loaded
through the planner like any query, and `errors`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

import strawberry
from graphql import FieldNode
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from schema import sources as s
from schema import types as t
from schema.context import Context
from schema.ids import from_global_id
from schema.planner import Plan, prefetch
from server.domain.errors import RuleViolation, RuleViolations
from server.domain.viewer import Viewer


@strawberry.enum(description="What kind of problem a user error is.")
class UserErrorCode(Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    DUPLICATE = "DUPLICATE"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    CONFLICT = "CONFLICT"


@strawberry.type(description="A problem with a mutation's input; nothing was changed.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="The path of the input field at fault, e.g. ['input', 'title']."
    )
    message: str
    code: UserErrorCode


def _error(violation: RuleViolation) -> UserError:
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
    extra: Callable[[Any], dict] | None = None,
    before: Callable[[AsyncSession, Viewer], Awaitable[None]] | None = None,
) -> dict[str, Any]:
    """Run one domain change in its own transaction, then load what it changed for the reply.
    `before` runs first, on the event loop, for work that must not block it (a password is
    checked and hashed in the password pool); its rule violations are the payload's errors."""
    context = info.context
    viewer = context.require_viewer()
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
        return {payload_field: None, "errors": [_error(violation)], **_empty(extra)}
    except RuleViolations as problems:
        await session.rollback()
        errors = [_error(violation) for violation in problems.violations]
        return {payload_field: None, "errors": errors, **_empty(extra)}
    except StaleDataError:
        await session.rollback()
        return {
            payload_field: None,
            "errors": [
                _error(RuleViolation("CONFLICT", "Someone changed this at the same moment; "
                                     "reload it and try again.", "input.expectedVersion"))
            ],
        }  # fmt: skip
    except IntegrityError as error:
        await session.rollback()
        log.warning("mutation refused by a database constraint: %s", error.orig)
        return {
            payload_field: None,
            "errors": [
                _error(RuleViolation("DUPLICATE", "This clashes with a change made at the same "
                                     "moment; reload and try again."))
            ],
        }  # fmt: skip
    objects = await load_for_payload(
        info, type_name, pk if isinstance(pk, list) else [pk], payload_field
    )
    if isinstance(pk, list):
        return {payload_field: objects, "errors": [], **values}
    return {payload_field: objects[0] if objects else None, "errors": [], **values}


def _empty(extra) -> dict:
    """The extra payload fields' values when a mutation is refused."""
    return {name: None for name in extra(None)} if extra else {}


async def load_for_payload(info: Info, type_name: str, pks: list[int], payload_field: str):
    """The changed objects as the API shows them (in the order given), with what the payload
    selection asks below them, loaded by level like any query."""
    plan = Plan(info)
    source = s.SOURCES[type_name]
    payload_type = plan.raw.return_type.of_type.name
    fields = plan.collect(payload_type, [node.selection_set for node in plan.field_nodes])
    graphql_name = to_camel_case(payload_field)  # pending_change: pendingChange
    nodes: list[FieldNode] = [
        node for found in fields.values() for node in found if node.name.value == graphql_name
    ]
    selection = [node.selection_set for node in nodes]
    layout = plan.layout(source, selection)
    rows = await plan.rows(
        source.select(layout=layout).where(
            source.pk.in_(pks), *source.conditions(info.context.viewer)
        )
    )
    found = {row[0]: source.build(row, layout) for row in rows}
    objects = [found[pk] for pk in pks if pk in found]
    await prefetch(plan, type_name, objects, selection)
    return objects


def payload(name: str, field: str, field_type: Any, extra: dict | None = None) -> type:
    annotations = {field: field_type | None, "errors": list[UserError], **(extra or {})}
    namespace = {"__annotations__": annotations, "__doc__": f"The result of {name[:-7]}."}
    return strawberry.type(type(name, (), namespace))


# -- payloads --------------------------------------------------------------------------------

ProposeInitiativePayload = payload("ProposeInitiativePayload", "initiative", t.Initiative)
UpdateInitiativePayload = payload("UpdateInitiativePayload", "initiative", t.Initiative)
ApproveInitiativePayload = payload("ApproveInitiativePayload", "initiative", t.Initiative)
RejectInitiativePayload = payload("RejectInitiativePayload", "initiative", t.Initiative)
RequestBudgetPayload = payload("RequestBudgetPayload", "initiative", t.Initiative)
DecideBudgetPayload = payload("DecideBudgetPayload", "initiative", t.Initiative)
StartInitiativePayload = payload("StartInitiativePayload", "initiative", t.Initiative)
HoldInitiativePayload = payload("HoldInitiativePayload", "initiative", t.Initiative)
ResumeInitiativePayload = payload("ResumeInitiativePayload", "initiative", t.Initiative)
CompleteInitiativePayload = payload("CompleteInitiativePayload", "initiative", t.Initiative)
CancelInitiativePayload = payload("CancelInitiativePayload", "initiative", t.Initiative)
LinkChildInitiativePayload = payload("LinkChildInitiativePayload", "initiative", t.Initiative)
UnlinkChildInitiativePayload = payload("UnlinkChildInitiativePayload", "initiative", t.Initiative)
PostStatusUpdatePayload = payload("PostStatusUpdatePayload", "statusUpdate", t.StatusUpdate)
CreatePersonPayload = payload("CreatePersonPayload", "person", t.Person)
UpdatePersonPayload = payload("UpdatePersonPayload", "person", t.Person)
DeactivatePersonPayload = payload("DeactivatePersonPayload", "person", t.Person)
UnassignRolePayload = payload("UnassignRolePayload", "person", t.Person)
AssignRolePayload = payload("AssignRolePayload", "roleAssignment", t.RoleAssignment)
CreateApiTokenPayload = payload(
    "CreateApiTokenPayload", "token", t.ApiToken, {"secret": str | None}
)
RevokeApiTokenPayload = payload("RevokeApiTokenPayload", "token", t.ApiToken)
RecordMeasurementsPayload = payload(
    "RecordMeasurementsPayload", "metrics", list[t.Metric], {"recorded": int | None}
)
CreateServicePayload = payload("CreateServicePayload", "service", t.Service)
UpdateServicePayload = payload("UpdateServicePayload", "service", t.Service)
CreateProcessPayload = payload("CreateProcessPayload", "process", t.Process)
UpdateProcessPayload = payload("UpdateProcessPayload", "process", t.Process)
CreatePlanPayload = payload("CreatePlanPayload", "plan", t.Plan)
UpdatePlanPayload = payload("UpdatePlanPayload", "plan", t.Plan)
CreateOfferingPayload = payload("CreateOfferingPayload", "offering", t.Offering)
UpdateOfferingPayload = payload("UpdateOfferingPayload", "offering", t.Offering)
CreateObjectivePayload = payload("CreateObjectivePayload", "objective", t.Objective)
UpdateObjectivePayload = payload("UpdateObjectivePayload", "objective", t.Objective)
DeleteObjectivePayload = payload(
    "DeleteObjectivePayload", "parent", t.Objective, {"deleted_objective_id": strawberry.ID | None}
)
LinkObjectivePayload = payload("LinkObjectivePayload", "objective", t.Objective)
UnlinkObjectivePayload = payload("UnlinkObjectivePayload", "objective", t.Objective)
CreateMetricPayload = payload("CreateMetricPayload", "metric", t.Metric)
UpdateMetricPayload = payload("UpdateMetricPayload", "metric", t.Metric)
RaiseCorrectiveActionPayload = payload("RaiseCorrectiveActionPayload", "initiative", t.Initiative)
