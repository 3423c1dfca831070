"""Mutations: each takes one input object and returns a payload with the changed object and
`errors` for the user. Every rule lives in server/domain; this module only translates.

One transaction per mutation: the domain function runs in the request's session, then the
mutation commits, or rolls back and writes nothing when any rule says no.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from graphql import FieldNode
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from strawberry.types import Info

from schema import sources as s
from schema import types as t
from schema.context import Context
from schema.enums import (
    ExecutionMode,
    FourDimension,
    Health,
    OfferingKind,
    Outcome,
    PlanKind,
    Priority,
    ServiceLifecycle,
    TokenScope,
    ValueChainActivity,
)
from schema.ids import from_global_id
from schema.planner import Plan, prefetch
from server.domain import accounts, administration, initiatives
from server.domain.errors import RuleViolation
from server.domain.initiatives import InitiativeFields
from server.domain.lifecycle import Transition
from server.domain.viewer import Viewer
from server.models.enums import TokenScope as TokenScopeValue


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
) -> dict[str, Any]:
    """Run one domain change in its own transaction, then load what it changed for the reply."""
    context = info.context
    viewer = context.require_viewer()
    session = context.session
    changed = None
    values: dict[str, Any] = {}
    try:
        if not viewer.may_write:
            raise READ_ONLY
        changed = await session.run_sync(lambda sync: work(sync, viewer))
        values = extra(changed) if extra else {}
        pk = key(changed)
        await session.commit()
    except RuleViolation as violation:
        await session.rollback()
        return {payload_field: None, "errors": [_error(violation)], **_empty(extra)}
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
    obj = await load_for_payload(info, type_name, pk, payload_field)
    return {payload_field: obj, "errors": [], **values}


def _empty(extra) -> dict:
    return {"secret": None} if extra else {}


async def load_for_payload(info: Info, type_name: str, pk: int, payload_field: str):
    """The changed object as the API shows it, with what the payload selection asks below it."""
    plan = Plan(info)
    source = s.SOURCES[type_name]
    rows = await plan.rows(
        source.select().where(source.pk == pk, *source.conditions(info.context.viewer))
    )
    if not rows:
        return None
    obj = source.build(rows[0])
    payload_type = plan.raw.return_type.of_type.name
    fields = plan.collect(payload_type, [node.selection_set for node in plan.field_nodes])
    nodes: list[FieldNode] = [n for ns in fields.values() for n in ns
                              if n.name.value == payload_field]  # fmt: skip
    await prefetch(plan, type_name, [obj], [node.selection_set for node in nodes])
    return obj


def payload(name: str, field: str, field_type: Any, extra: dict | None = None) -> type:
    annotations = {field: field_type | None, "errors": list[UserError], **(extra or {})}
    namespace = {"__annotations__": annotations, "__doc__": f"The result of {name[:-7]}."}
    return strawberry.type(type(name, (), namespace))


# -- inputs --------------------------------------------------------------------------------------


@strawberry.input(description="A new initiative, proposed in a plan.")
class ProposeInitiativeInput:
    plan_id: strawberry.ID
    title: str
    description: str | None = None
    rationale: str | None = None
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Defaults to the person proposing."
    )
    priority: Priority | None = None
    execution_mode: ExecutionMode | None = None
    value_chain_activity: ValueChainActivity | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    currency: str | None = None
    budget_requested: Decimal | None = strawberry.field(
        default=None, description="An estimate; the formal request comes with requestBudget."
    )
    dimensions: list[FourDimension] | None = None
    tags: list[str] | None = None
    objective_ids: list[strawberry.ID] | None = None


@strawberry.input(description="Changes to an initiative; fields left out stay as they are.")
class UpdateInitiativeInput:
    id: strawberry.ID
    expected_version: int
    title: str | None = None
    description: str | None = None
    rationale: str | None = None
    owner_id: strawberry.ID | None = None
    priority: Priority | None = None
    execution_mode: ExecutionMode | None = None
    value_chain_activity: ValueChainActivity | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    currency: str | None = None
    budget_requested: Decimal | None = None
    dimensions: list[FourDimension] | None = None
    tags: list[str] | None = None
    objective_ids: list[strawberry.ID] | None = None


@strawberry.input
class ApproveInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str | None = None


@strawberry.input
class RejectInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str


@strawberry.input
class RequestBudgetInput:
    id: strawberry.ID
    expected_version: int
    amount: Decimal
    justification: str
    currency: str | None = None


@strawberry.input(description="Fund the pending request (amount ≤ requested) or reject it.")
class DecideBudgetInput:
    id: strawberry.ID
    expected_version: int
    approve: bool
    amount: Decimal | None = strawberry.field(
        default=None, description="When approving; defaults to the amount requested."
    )
    reason: str | None = strawberry.field(default=None, description="Required when rejecting.")


@strawberry.input
class StartInitiativeInput:
    id: strawberry.ID
    expected_version: int


@strawberry.input
class HoldInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str


@strawberry.input
class ResumeInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str | None = None


@strawberry.input
class CompleteInitiativeInput:
    id: strawberry.ID
    expected_version: int
    outcome: Outcome
    note: str = ""


@strawberry.input
class CancelInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str


@strawberry.input
class PostStatusUpdateInput:
    initiative_id: strawberry.ID
    health: Health
    percent_complete: int
    note: str = ""


@strawberry.input
class LinkChildInitiativeInput:
    parent_id: strawberry.ID
    child_id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The child's version, to refuse a stale change."
    )


@strawberry.input
class UnlinkChildInitiativeInput:
    child_id: strawberry.ID
    expected_version: int | None = None


@strawberry.input
class CreatePersonInput:
    email: str
    name: str
    password: str | None = strawberry.field(
        default=None, description="At least 10 characters; leave out for token-only people."
    )
    is_admin: bool = False


@strawberry.input
class UpdatePersonInput:
    id: strawberry.ID
    name: str | None = None
    email: str | None = None
    is_admin: bool | None = None


@strawberry.input
class DeactivatePersonInput:
    id: strawberry.ID


@strawberry.input(description="Give a person a role, optionally scoped to a service or process.")
class AssignRoleInput:
    person_id: strawberry.ID
    role_id: strawberry.ID
    service_id: strawberry.ID | None = None
    process_id: strawberry.ID | None = None


@strawberry.input
class UnassignRoleInput:
    id: strawberry.ID = strawberry.field(description="The role assignment's id.")


@strawberry.input
class CreateApiTokenInput:
    name: str
    scope: TokenScope = TokenScopeValue.READ
    expires_in_days: int | None = None
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="Administrators may make tokens for others; default: yourself."
    )


@strawberry.input
class RevokeApiTokenInput:
    id: strawberry.ID


@strawberry.input
class CreateServiceInput:
    name: str
    lifecycle: ServiceLifecycle
    description: str = ""
    plan_name: str | None = strawberry.field(
        default=None, description="Its improvement plan's name; default '<name> improvement plan'."
    )


@strawberry.input
class UpdateServiceInput:
    id: strawberry.ID
    name: str | None = None
    description: str | None = None
    lifecycle: ServiceLifecycle | None = None


@strawberry.input
class CreateProcessInput:
    name: str
    description: str = ""
    plan_name: str | None = None


@strawberry.input
class UpdateProcessInput:
    id: strawberry.ID
    name: str | None = None
    description: str | None = None


@strawberry.input
class CreatePlanInput:
    kind: PlanKind
    name: str
    description: str = ""


@strawberry.input
class UpdatePlanInput:
    id: strawberry.ID
    name: str | None = None
    description: str | None = None
    confidential: bool | None = None


@strawberry.input
class CreateOfferingInput:
    service_id: strawberry.ID
    name: str
    kind: OfferingKind
    description: str = ""


@strawberry.input
class UpdateOfferingInput:
    id: strawberry.ID
    name: str | None = None
    kind: OfferingKind | None = None
    description: str | None = None


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
CreateServicePayload = payload("CreateServicePayload", "service", t.Service)
UpdateServicePayload = payload("UpdateServicePayload", "service", t.Service)
CreateProcessPayload = payload("CreateProcessPayload", "process", t.Process)
UpdateProcessPayload = payload("UpdateProcessPayload", "process", t.Process)
CreatePlanPayload = payload("CreatePlanPayload", "plan", t.Plan)
UpdatePlanPayload = payload("UpdatePlanPayload", "plan", t.Plan)
CreateOfferingPayload = payload("CreateOfferingPayload", "offering", t.Offering)
UpdateOfferingPayload = payload("UpdateOfferingPayload", "offering", t.Offering)


def _fields(data: Any) -> InitiativeFields:
    return InitiativeFields(
        title=data.title,
        description=data.description,
        rationale=data.rationale,
        owner_id=decode(data.owner_id, "Person", "input.ownerId"),
        priority=data.priority,
        execution_mode=data.execution_mode,
        value_chain_activity=data.value_chain_activity,
        planned_start=data.planned_start,
        planned_end=data.planned_end,
        currency=data.currency,
        budget_requested=data.budget_requested,
        dimensions=data.dimensions,
        tags=data.tags,
        objective_ids=(
            None
            if data.objective_ids is None
            else [decode(i, "Objective", "input.objectiveIds") for i in data.objective_ids]
        ),
    )


def _initiative_id(data: Any) -> int:
    return decode(data.id, "Initiative", "input.id")


async def _transition(info, payload_class, transition: Transition, data: Any, **options):
    def work(session, viewer):
        return initiatives.fire(
            session, viewer, _initiative_id(data), data.expected_version, transition, **options
        )

    return payload_class(**await run(info, work, "initiative", "Initiative"))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Propose an initiative in a plan (any role; in a service or "
        "process plan, a role in that scope)."
    )
    async def propose_initiative(
        self, info: Info[Context, None], input: ProposeInitiativeInput
    ) -> ProposeInitiativePayload:
        def work(session, viewer):
            plan_id = decode(input.plan_id, "Plan", "input.planId")
            return initiatives.propose(session, viewer, plan_id, _fields(input))

        return ProposeInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    @strawberry.mutation(description="Change an initiative's fields that its state allows.")
    async def update_initiative(
        self, info: Info[Context, None], input: UpdateInitiativeInput
    ) -> UpdateInitiativePayload:
        def work(session, viewer):
            return initiatives.update(
                session, viewer, _initiative_id(input), input.expected_version, _fields(input)
            )

        return UpdateInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    @strawberry.mutation(description="Approve a proposed initiative (the plan's owner role).")
    async def approve_initiative(
        self, info: Info[Context, None], input: ApproveInitiativeInput
    ) -> ApproveInitiativePayload:
        return await _transition(
            info, ApproveInitiativePayload, Transition.APPROVE, input, reason=input.reason
        )

    @strawberry.mutation(description="Reject a proposed initiative, with a reason.")
    async def reject_initiative(
        self, info: Info[Context, None], input: RejectInitiativeInput
    ) -> RejectInitiativePayload:
        return await _transition(
            info, RejectInitiativePayload, Transition.REJECT, input, reason=input.reason
        )

    @strawberry.mutation(
        description="Ask the steering committee for money for an approved initiative."
    )
    async def request_budget(
        self, info: Info[Context, None], input: RequestBudgetInput
    ) -> RequestBudgetPayload:
        return await _transition(
            info,
            RequestBudgetPayload,
            Transition.REQUEST_BUDGET,
            input,
            reason=input.justification,
            amount=input.amount,
            currency=input.currency,
        )

    @strawberry.mutation(
        description="Fund (up to the amount requested) or reject the pending "
        "budget request (steering committee)."
    )
    async def decide_budget(
        self, info: Info[Context, None], input: DecideBudgetInput
    ) -> DecideBudgetPayload:
        transition = Transition.FUND if input.approve else Transition.REJECT_BUDGET
        return await _transition(
            info, DecideBudgetPayload, transition, input, reason=input.reason, amount=input.amount
        )

    @strawberry.mutation(
        description="Start a funded initiative, or an approved one that needs no budget."
    )
    async def start_initiative(
        self, info: Info[Context, None], input: StartInitiativeInput
    ) -> StartInitiativePayload:
        return await _transition(info, StartInitiativePayload, Transition.START, input)

    @strawberry.mutation(description="Put a running initiative on hold, with a reason.")
    async def hold_initiative(
        self, info: Info[Context, None], input: HoldInitiativeInput
    ) -> HoldInitiativePayload:
        return await _transition(
            info, HoldInitiativePayload, Transition.HOLD, input, reason=input.reason
        )

    @strawberry.mutation(description="Resume an initiative on hold.")
    async def resume_initiative(
        self, info: Info[Context, None], input: ResumeInitiativeInput
    ) -> ResumeInitiativePayload:
        return await _transition(
            info, ResumeInitiativePayload, Transition.RESUME, input, reason=input.reason
        )

    @strawberry.mutation(description="Complete a running initiative with its outcome.")
    async def complete_initiative(
        self, info: Info[Context, None], input: CompleteInitiativeInput
    ) -> CompleteInitiativePayload:
        return await _transition(
            info,
            CompleteInitiativePayload,
            Transition.COMPLETE,
            input,
            reason=input.note,
            outcome=input.outcome,
        )

    @strawberry.mutation(
        description="Cancel an initiative that is not yet completed, with a reason."
    )
    async def cancel_initiative(
        self, info: Info[Context, None], input: CancelInitiativeInput
    ) -> CancelInitiativePayload:
        return await _transition(
            info, CancelInitiativePayload, Transition.CANCEL, input, reason=input.reason
        )

    @strawberry.mutation(description="Report progress on an initiative in progress or on hold.")
    async def post_status_update(
        self, info: Info[Context, None], input: PostStatusUpdateInput
    ) -> PostStatusUpdatePayload:
        def work(session, viewer):
            return initiatives.post_status_update(
                session,
                viewer,
                decode(input.initiative_id, "Initiative", "input.initiativeId"),
                input.health,
                input.percent_complete,
                input.note,
            )

        return PostStatusUpdatePayload(**await run(info, work, "statusUpdate", "StatusUpdate"))

    @strawberry.mutation(
        description="Execute a strategic initiative through one in a subordinate plan."
    )
    async def link_child_initiative(
        self, info: Info[Context, None], input: LinkChildInitiativeInput
    ) -> LinkChildInitiativePayload:
        def work(session, viewer):
            return initiatives.link_child(
                session,
                viewer,
                decode(input.parent_id, "Initiative", "input.parentId"),
                decode(input.child_id, "Initiative", "input.childId"),
                input.expected_version,
            )

        return LinkChildInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    @strawberry.mutation(description="Detach a child from the strategic initiative it executes.")
    async def unlink_child_initiative(
        self, info: Info[Context, None], input: UnlinkChildInitiativeInput
    ) -> UnlinkChildInitiativePayload:
        def work(session, viewer):
            return initiatives.unlink_child(
                session,
                viewer,
                decode(input.child_id, "Initiative", "input.childId"),
                input.expected_version,
            )

        return UnlinkChildInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    # -- people, roles and tokens ------------------------------------------------------------

    @strawberry.mutation(description="Create a person (administrators).")
    async def create_person(
        self, info: Info[Context, None], input: CreatePersonInput
    ) -> CreatePersonPayload:
        def work(session, viewer):
            administration.require_admin(viewer, "create people")
            try:
                return accounts.create_person(
                    session,
                    accounts.Actor(viewer.person_id, viewer.name),
                    email=input.email,
                    name=input.name,
                    password=input.password,
                    is_admin=input.is_admin,
                )
            except RuleViolation as violation:
                violation.field = f"input.{violation.field}" if violation.field else None
                raise

        return CreatePersonPayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(description="Change a person's name, e-mail or administrator flag.")
    async def update_person(
        self, info: Info[Context, None], input: UpdatePersonInput
    ) -> UpdatePersonPayload:
        def work(session, viewer):
            return administration.update_person(
                session,
                viewer,
                decode(input.id, "Person", "input.id"),
                name=input.name,
                email=input.email,
                is_admin=input.is_admin,
            )

        return UpdatePersonPayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(description="Stop a person signing in or using tokens (kept in history).")
    async def deactivate_person(
        self, info: Info[Context, None], input: DeactivatePersonInput
    ) -> DeactivatePersonPayload:
        def work(session, viewer):
            return administration.deactivate_person(
                session, viewer, decode(input.id, "Person", "input.id")
            )

        return DeactivatePersonPayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(
        description="Give a person a role, everywhere or for one service or process."
    )
    async def assign_role(
        self, info: Info[Context, None], input: AssignRoleInput
    ) -> AssignRolePayload:
        def work(session, viewer):
            return administration.assign_role(
                session,
                viewer,
                decode(input.person_id, "Person", "input.personId"),
                decode(input.role_id, "Role", "input.roleId"),
                decode(input.service_id, "Service", "input.serviceId"),
                decode(input.process_id, "Process", "input.processId"),
            )

        return AssignRolePayload(**await run(info, work, "roleAssignment", "RoleAssignment"))

    @strawberry.mutation(description="Take a role assignment away.")
    async def unassign_role(
        self, info: Info[Context, None], input: UnassignRoleInput
    ) -> UnassignRolePayload:
        def work(session, viewer):
            return administration.unassign_role(
                session, viewer, decode(input.id, "RoleAssignment", "input.id")
            )

        return UnassignRolePayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(description="Create an API token; its secret is in this reply only.")
    async def create_api_token(
        self, info: Info[Context, None], input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        def work(session, viewer):
            person_id = decode(input.person_id, "Person", "input.personId") or viewer.person_id
            if person_id != viewer.person_id:
                administration.require_admin(viewer, "create tokens for others")
            person = session.get(accounts.Person, person_id)
            if person is None:
                raise RuleViolation("NOT_FOUND", "no person has this id", "input.personId")
            try:
                return accounts.create_api_token(
                    session,
                    accounts.Actor(viewer.person_id, viewer.name),
                    person=person,
                    name=input.name,
                    scope=TokenScopeValue(input.scope),
                    expires_in_days=input.expires_in_days,
                )
            except RuleViolation as violation:
                violation.field = f"input.{violation.field}" if violation.field else None
                raise

        result = await run(
            info, work, "token", "ApiToken",
            key=lambda issued: issued.token.id, extra=lambda issued: {"secret": issued.secret},
        )  # fmt: skip
        return CreateApiTokenPayload(**result)

    @strawberry.mutation(description="Revoke one of your API tokens (administrators: anyone's).")
    async def revoke_api_token(
        self, info: Info[Context, None], input: RevokeApiTokenInput
    ) -> RevokeApiTokenPayload:
        def work(session, viewer):
            return administration.revoke_api_token(
                session, viewer, decode(input.id, "ApiToken", "input.id")
            )

        return RevokeApiTokenPayload(**await run(info, work, "token", "ApiToken"))

    # -- services, processes, plans, offerings (administrators) ----------------------------

    @strawberry.mutation(description="Create a service with its service improvement plan.")
    async def create_service(
        self, info: Info[Context, None], input: CreateServiceInput
    ) -> CreateServicePayload:
        def work(session, viewer):
            return administration.create_service(
                session,
                viewer,
                name=input.name,
                description=input.description,
                lifecycle=input.lifecycle,
                plan_name=input.plan_name,
            )

        return CreateServicePayload(**await run(info, work, "service", "Service"))

    @strawberry.mutation(description="Change a service's name, description or lifecycle.")
    async def update_service(
        self, info: Info[Context, None], input: UpdateServiceInput
    ) -> UpdateServicePayload:
        def work(session, viewer):
            return administration.update_service(
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
        self, info: Info[Context, None], input: CreateProcessInput
    ) -> CreateProcessPayload:
        def work(session, viewer):
            return administration.create_process(
                session,
                viewer,
                name=input.name,
                description=input.description,
                plan_name=input.plan_name,
            )

        return CreateProcessPayload(**await run(info, work, "process", "Process"))

    @strawberry.mutation(description="Change a process's name or description.")
    async def update_process(
        self, info: Info[Context, None], input: UpdateProcessInput
    ) -> UpdateProcessPayload:
        def work(session, viewer):
            return administration.update_process(
                session,
                viewer,
                decode(input.id, "Process", "input.id"),
                name=input.name,
                description=input.description,
            )

        return UpdateProcessPayload(**await run(info, work, "process", "Process"))

    @strawberry.mutation(
        description="Create a strategic, security, continuity or skill development plan."
    )
    async def create_plan(
        self, info: Info[Context, None], input: CreatePlanInput
    ) -> CreatePlanPayload:
        def work(session, viewer):
            return administration.create_plan(
                session, viewer, kind=input.kind, name=input.name, description=input.description
            )

        return CreatePlanPayload(**await run(info, work, "plan", "Plan"))

    @strawberry.mutation(description="Change a plan's name, description or confidentiality.")
    async def update_plan(
        self, info: Info[Context, None], input: UpdatePlanInput
    ) -> UpdatePlanPayload:
        def work(session, viewer):
            return administration.update_plan(
                session,
                viewer,
                decode(input.id, "Plan", "input.id"),
                name=input.name,
                description=input.description,
                confidential=input.confidential,
            )

        return UpdatePlanPayload(**await run(info, work, "plan", "Plan"))

    @strawberry.mutation(description="Add an offering to a service.")
    async def create_offering(
        self, info: Info[Context, None], input: CreateOfferingInput
    ) -> CreateOfferingPayload:
        def work(session, viewer):
            return administration.create_offering(
                session,
                viewer,
                service_id=decode(input.service_id, "Service", "input.serviceId"),
                name=input.name,
                kind=input.kind,
                description=input.description,
            )

        return CreateOfferingPayload(**await run(info, work, "offering", "Offering"))

    @strawberry.mutation(description="Change an offering.")
    async def update_offering(
        self, info: Info[Context, None], input: UpdateOfferingInput
    ) -> UpdateOfferingPayload:
        def work(session, viewer):
            return administration.update_offering(
                session,
                viewer,
                decode(input.id, "Offering", "input.id"),
                name=input.name,
                kind=input.kind,
                description=input.description,
            )

        return UpdateOfferingPayload(**await run(info, work, "offering", "Offering"))
