"""The root Mutation: each field takes one input object, calls one domain function and
returns its payload. Every rule lives in server/domain; this module only translates."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema import accounts as account_area
from schema import measure_inputs, measurement_imports, pending_changes
from schema.context import Context
from schema.ids import from_global_id
from schema.inputs import (
    ApproveInitiativeInput,
    AssignRoleInput,
    CancelInitiativeInput,
    CompleteInitiativeInput,
    CreateApiTokenInput,
    CreateMetricInput,
    CreateObjectiveInput,
    CreateOfferingInput,
    CreatePersonInput,
    CreatePlanInput,
    CreateProcessInput,
    CreateServiceInput,
    DeactivatePersonInput,
    DecideBudgetInput,
    DeleteObjectiveInput,
    HoldInitiativeInput,
    LinkChildInitiativeInput,
    LinkObjectiveInput,
    PostStatusUpdateInput,
    ProposeInitiativeInput,
    RaiseCorrectiveActionInput,
    RecordMeasurementsInput,
    RejectInitiativeInput,
    RequestBudgetInput,
    ResumeInitiativeInput,
    RevokeApiTokenInput,
    StartInitiativeInput,
    UnassignRoleInput,
    UnlinkChildInitiativeInput,
    UnlinkObjectiveInput,
    UpdateInitiativeInput,
    UpdateMetricInput,
    UpdateObjectiveInput,
    UpdateOfferingInput,
    UpdatePersonInput,
    UpdatePlanInput,
    UpdateProcessInput,
    UpdateServiceInput,
)
from schema.payloads import (
    ApproveInitiativePayload,
    AssignRolePayload,
    CancelInitiativePayload,
    CompleteInitiativePayload,
    CreateApiTokenPayload,
    CreateMetricPayload,
    CreateObjectivePayload,
    CreateOfferingPayload,
    CreatePersonPayload,
    CreatePlanPayload,
    CreateProcessPayload,
    CreateServicePayload,
    DeactivatePersonPayload,
    DecideBudgetPayload,
    DeleteObjectivePayload,
    HoldInitiativePayload,
    LinkChildInitiativePayload,
    LinkObjectivePayload,
    PostStatusUpdatePayload,
    ProposeInitiativePayload,
    RaiseCorrectiveActionPayload,
    RecordMeasurementsPayload,
    RejectInitiativePayload,
    RequestBudgetPayload,
    ResumeInitiativePayload,
    RevokeApiTokenPayload,
    StartInitiativePayload,
    UnassignRolePayload,
    UnlinkChildInitiativePayload,
    UnlinkObjectivePayload,
    UpdateInitiativePayload,
    UpdateMetricPayload,
    UpdateObjectivePayload,
    UpdateOfferingPayload,
    UpdatePersonPayload,
    UpdatePlanPayload,
    UpdateProcessPayload,
    UpdateServicePayload,
    decode,
    run,
)
from server.domain.core.errors import RuleViolation
from server.domain.initiatives import children, transitions
from server.domain.initiatives import edits as initiatives
from server.domain.initiatives.edits import InitiativeFields
from server.domain.initiatives.lifecycle import Transition
from server.domain.metrics import corrective_actions, measurements
from server.domain.metrics import definitions as metric_definitions
from server.domain.objectives import edits as objectives
from server.domain.people import accounts, administration
from server.domain.plans import edits as plan_edits
from server.domain.services import edits as service_edits
from server.models.enums import TokenScope as TokenScopeValue


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
        return transitions.fire(
            session, viewer, _initiative_id(data), data.expected_version, transition, **options
        )

    return payload_class(**await run(info, work, "initiative", "Initiative"))


@strawberry.type(
    description="What can be changed: each mutation takes one input object, makes one change in "
    "its own transaction, and returns a payload with what changed and `errors` (all or nothing)."
)
class Mutation:
    @strawberry.mutation(
        description="Propose an initiative in a plan (any role; in a service or "
        "process plan, a role in that scope)."
    )
    async def propose_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            ProposeInitiativeInput,
            strawberry.argument(description="The plan and the new initiative's fields."),
        ],
    ) -> ProposeInitiativePayload:
        def work(session, viewer):
            plan_id = decode(input.plan_id, "Plan", "input.planId")
            return initiatives.propose(session, viewer, plan_id, _fields(input))

        return ProposeInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    @strawberry.mutation(description="Change an initiative's fields that its state allows.")
    async def update_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateInitiativeInput,
            strawberry.argument(
                description="The initiative, the version read, and the fields to change."
            ),
        ],
    ) -> UpdateInitiativePayload:
        def work(session, viewer):
            return initiatives.update(
                session, viewer, _initiative_id(input), input.expected_version, _fields(input)
            )

        return UpdateInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    @strawberry.mutation(description="Approve a proposed initiative (the plan's owner role).")
    async def approve_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            ApproveInitiativeInput,
            strawberry.argument(
                description="The initiative, the version read, and an optional reason."
            ),
        ],
    ) -> ApproveInitiativePayload:
        return await _transition(
            info, ApproveInitiativePayload, Transition.APPROVE, input, reason=input.reason
        )

    @strawberry.mutation(description="Reject a proposed initiative, with a reason.")
    async def reject_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            RejectInitiativeInput,
            strawberry.argument(description="The initiative, the version read, and why."),
        ],
    ) -> RejectInitiativePayload:
        return await _transition(
            info, RejectInitiativePayload, Transition.REJECT, input, reason=input.reason
        )

    @strawberry.mutation(
        description="Ask the steering committee for money for an approved initiative."
    )
    async def request_budget(
        self,
        info: Info[Context, None],
        input: Annotated[
            RequestBudgetInput,
            strawberry.argument(
                description="The initiative, the version read, the amount and why it is needed."
            ),
        ],
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
        self,
        info: Info[Context, None],
        input: Annotated[
            DecideBudgetInput,
            strawberry.argument(description="The initiative, the version read, and the decision."),
        ],
    ) -> DecideBudgetPayload:
        transition = Transition.FUND if input.approve else Transition.REJECT_BUDGET
        return await _transition(
            info, DecideBudgetPayload, transition, input, reason=input.reason, amount=input.amount
        )

    @strawberry.mutation(
        description="Start a funded initiative, or an approved one that needs no budget."
    )
    async def start_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            StartInitiativeInput,
            strawberry.argument(description="The initiative and the version read."),
        ],
    ) -> StartInitiativePayload:
        return await _transition(info, StartInitiativePayload, Transition.START, input)

    @strawberry.mutation(description="Put a running initiative on hold, with a reason.")
    async def hold_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            HoldInitiativeInput,
            strawberry.argument(description="The initiative, the version read, and why."),
        ],
    ) -> HoldInitiativePayload:
        return await _transition(
            info, HoldInitiativePayload, Transition.HOLD, input, reason=input.reason
        )

    @strawberry.mutation(description="Resume an initiative on hold.")
    async def resume_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            ResumeInitiativeInput,
            strawberry.argument(
                description="The initiative, the version read, and an optional reason."
            ),
        ],
    ) -> ResumeInitiativePayload:
        return await _transition(
            info, ResumeInitiativePayload, Transition.RESUME, input, reason=input.reason
        )

    @strawberry.mutation(description="Complete a running initiative with its outcome.")
    async def complete_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            CompleteInitiativeInput,
            strawberry.argument(
                description="The initiative, the version read, its outcome and a note."
            ),
        ],
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
        self,
        info: Info[Context, None],
        input: Annotated[
            CancelInitiativeInput,
            strawberry.argument(description="The initiative, the version read, and why."),
        ],
    ) -> CancelInitiativePayload:
        return await _transition(
            info, CancelInitiativePayload, Transition.CANCEL, input, reason=input.reason
        )

    @strawberry.mutation(description="Report progress on an initiative in progress or on hold.")
    async def post_status_update(
        self,
        info: Info[Context, None],
        input: Annotated[
            PostStatusUpdateInput,
            strawberry.argument(
                description="The initiative, its health, percent complete and a note."
            ),
        ],
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
        self,
        info: Info[Context, None],
        input: Annotated[
            LinkChildInitiativeInput,
            strawberry.argument(
                description="The strategic initiative and the child that executes it."
            ),
        ],
    ) -> LinkChildInitiativePayload:
        def work(session, viewer):
            return children.link_child(
                session,
                viewer,
                decode(input.parent_id, "Initiative", "input.parentId"),
                decode(input.child_id, "Initiative", "input.childId"),
                input.expected_version,
            )

        return LinkChildInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    @strawberry.mutation(description="Detach a child from the strategic initiative it executes.")
    async def unlink_child_initiative(
        self,
        info: Info[Context, None],
        input: Annotated[
            UnlinkChildInitiativeInput, strawberry.argument(description="The child to detach.")
        ],
    ) -> UnlinkChildInitiativePayload:
        def work(session, viewer):
            return children.unlink_child(
                session,
                viewer,
                decode(input.child_id, "Initiative", "input.childId"),
                input.expected_version,
            )

        return UnlinkChildInitiativePayload(**await run(info, work, "initiative", "Initiative"))

    # -- people, roles and tokens ------------------------------------------------------------

    @strawberry.mutation(description="Create a person (administrators).")
    async def create_person(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreatePersonInput,
            strawberry.argument(
                description="The new person's e-mail, name, password and administrator flag."
            ),
        ],
    ) -> CreatePersonPayload:
        prepared: dict[str, str | None] = {}

        async def before(session, viewer):
            administration.require_admin(viewer, "create people")
            prepared["hash"] = await account_area.new_password_for(
                info.context, session, None, input.email, input.password
            )

        def work(session, viewer):
            try:
                return accounts.create_person(
                    session,
                    accounts.Actor(viewer.person_id, viewer.name),
                    email=input.email,
                    name=input.name,
                    password_hash=prepared["hash"],
                    is_admin=input.is_admin,
                )
            except RuleViolation as violation:
                violation.field = f"input.{violation.field}" if violation.field else None
                raise

        return CreatePersonPayload(**await run(info, work, "person", "Person", before=before))

    @strawberry.mutation(
        description="Change a person's name, e-mail, administrator flag or password (a new "
        "password ends every session they have)."
    )
    async def update_person(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdatePersonInput,
            strawberry.argument(description="The person and the fields to change."),
        ],
    ) -> UpdatePersonPayload:
        prepared: dict[str, str | None] = {}

        async def before(session, viewer):
            administration.require_admin(viewer, "change people")
            person_id = decode(input.id, "Person", "input.id")
            prepared["hash"] = await account_area.new_password_for(
                info.context, session, person_id, input.email, input.password
            )

        def work(session, viewer):
            return administration.update_person(
                session,
                viewer,
                decode(input.id, "Person", "input.id"),
                name=input.name,
                email=input.email,
                is_admin=input.is_admin,
                password_hash=prepared["hash"],
            )

        return UpdatePersonPayload(**await run(info, work, "person", "Person", before=before))

    @strawberry.mutation(description="Stop a person signing in or using tokens (kept in history).")
    async def deactivate_person(
        self,
        info: Info[Context, None],
        input: Annotated[
            DeactivatePersonInput, strawberry.argument(description="The person to deactivate.")
        ],
    ) -> DeactivatePersonPayload:
        def work(session, viewer):
            return administration.deactivate_person(
                session, viewer, decode(input.id, "Person", "input.id")
            )

        return DeactivatePersonPayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(
        description="Lift a person's sign-in lock (after too many wrong passwords) and forget "
        "their failed attempts (administrators)."
    )
    async def unlock_person(
        self,
        info: Info[Context, None],
        input: Annotated[
            account_area.UnlockPersonInput, strawberry.argument(description="The locked person.")
        ],
    ) -> account_area.UnlockPersonPayload:
        return await account_area.unlock_person(info, input)

    @strawberry.mutation(
        description="Change your own password: the current one is required, the new one must "
        "pass the password policy. Your other sessions end; this one stays."
    )
    async def change_my_password(
        self,
        info: Info[Context, None],
        input: Annotated[
            account_area.ChangeMyPasswordInput,
            strawberry.argument(description="Your current and new password."),
        ],
    ) -> account_area.ChangeMyPasswordPayload:
        return await account_area.change_my_password(info, input)

    @strawberry.mutation(description="Sign one of your browser sessions out (`viewer.sessions`).")
    async def end_session(
        self,
        info: Info[Context, None],
        input: Annotated[
            account_area.EndSessionInput, strawberry.argument(description="The session to end.")
        ],
    ) -> account_area.EndSessionPayload:
        return await account_area.end_session(info, input)

    @strawberry.mutation(
        description="Sign out on every browser at once (optionally keeping this session)."
    )
    async def sign_out_everywhere(
        self,
        info: Info[Context, None],
        input: Annotated[
            account_area.SignOutEverywhereInput,
            strawberry.argument(description="Whether to keep this session."),
        ],
    ) -> account_area.SignOutEverywherePayload:
        return await account_area.sign_out_everywhere(info, input)

    @strawberry.mutation(
        description="Give a person a role, everywhere or for one service or process."
    )
    async def assign_role(
        self,
        info: Info[Context, None],
        input: Annotated[
            AssignRoleInput,
            strawberry.argument(description="The person, the role and an optional scope."),
        ],
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
        self,
        info: Info[Context, None],
        input: Annotated[
            UnassignRoleInput, strawberry.argument(description="The role assignment to take away.")
        ],
    ) -> UnassignRolePayload:
        def work(session, viewer):
            return administration.unassign_role(
                session, viewer, decode(input.id, "RoleAssignment", "input.id")
            )

        return UnassignRolePayload(**await run(info, work, "person", "Person"))

    @strawberry.mutation(description="Create an API token; its secret is in this reply only.")
    async def create_api_token(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateApiTokenInput,
            strawberry.argument(description="The token's name, scope, lifetime and person."),
        ],
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
            info,
            work,
            "token",
            "ApiToken",
            key=lambda issued: issued.token.id,
            extra=lambda issued: {"secret": issued.secret if issued else None},
        )
        return CreateApiTokenPayload(**result)

    @strawberry.mutation(description="Revoke one of your API tokens (administrators: anyone's).")
    async def revoke_api_token(
        self,
        info: Info[Context, None],
        input: Annotated[
            RevokeApiTokenInput, strawberry.argument(description="The token to revoke.")
        ],
    ) -> RevokeApiTokenPayload:
        def work(session, viewer):
            return administration.revoke_api_token(
                session, viewer, decode(input.id, "ApiToken", "input.id")
            )

        return RevokeApiTokenPayload(**await run(info, work, "token", "ApiToken"))

    # -- services, processes, plans, offerings (administrators) ----------------------------

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

    @strawberry.mutation(description="Change a service's name, description or lifecycle.")
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

    @strawberry.mutation(
        description="Create a strategic, security, continuity or skill development plan."
    )
    async def create_plan(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreatePlanInput,
            strawberry.argument(description="The new plan's kind, name and description."),
        ],
    ) -> CreatePlanPayload:
        def work(session, viewer):
            return plan_edits.create_plan(
                session, viewer, kind=input.kind, name=input.name, description=input.description
            )

        return CreatePlanPayload(**await run(info, work, "plan", "Plan"))

    @strawberry.mutation(description="Change a plan's name, description or confidentiality.")
    async def update_plan(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdatePlanInput, strawberry.argument(description="The plan and the fields to change.")
        ],
    ) -> UpdatePlanPayload:
        def work(session, viewer):
            return plan_edits.update_plan(
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

    @strawberry.mutation(description="Change an offering.")
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

    # -- measurements ---------------------------------------------------------------------

    @strawberry.mutation(
        description="Record up to 10,000 measurements at once: all of them, or none with every "
        "bad row reported (metric owners, and owners of linked initiatives)."
    )
    async def record_measurements(
        self,
        info: Info[Context, None],
        input: Annotated[
            RecordMeasurementsInput, strawberry.argument(description="The measurements to record.")
        ],
    ) -> RecordMeasurementsPayload:
        def work(session, viewer):
            rows = [
                measurements.Row(
                    metric_id=_metric_id(item.metric_id),
                    value=item.value,
                    taken_at=item.taken_at,
                    source=item.source,
                )
                for item in input.measurements
            ]
            return rows, measurements.record(session, viewer, rows)

        return RecordMeasurementsPayload(
            **await run(
                info,
                work,
                "metrics",
                "Metric",
                key=lambda result: result[1],
                extra=lambda result: {"recorded": len(result[0]) if result else None},
            )
        )

    # -- objectives, metrics and corrective actions (the 7-step improvement process) ----------

    @strawberry.mutation(
        description="Create an objective below one of a higher level (administrators and the "
        "steering committee)."
    )
    async def create_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateObjectiveInput,
            strawberry.argument(
                description="The new objective's level, title, description and parent."
            ),
        ],
    ) -> CreateObjectivePayload:
        def work(session, viewer):
            fields, _ = measure_inputs.objective_fields(input)
            return objectives.create(session, viewer, fields)

        return CreateObjectivePayload(**await run(info, work, "objective", "Objective"))

    @strawberry.mutation(description="Change an objective's title, description, level or parent.")
    async def update_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateObjectiveInput,
            strawberry.argument(description="The objective and the fields to change."),
        ],
    ) -> UpdateObjectivePayload:
        def work(session, viewer):
            fields, moved = measure_inputs.objective_fields(input)
            return objectives.update(
                session, viewer, decode(input.id, "Objective", "input.id"), fields, moved
            )

        return UpdateObjectivePayload(**await run(info, work, "objective", "Objective"))

    @strawberry.mutation(
        description="Delete an objective with no objectives below it; its links go with it."
    )
    async def delete_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            DeleteObjectiveInput, strawberry.argument(description="The objective to delete.")
        ],
    ) -> DeleteObjectivePayload:
        def work(session, viewer):
            deleted = objectives.remove(session, viewer, decode(input.id, "Objective", "input.id"))
            return deleted.parent_id

        result = await run(
            info, work, "parent", "Objective", key=lambda parent_id: parent_id or 0,
            extra=lambda parent_id: {"deleted_objective_id": input.id},
        )  # fmt: skip
        if result["errors"]:
            result["deleted_objective_id"] = None
        return DeleteObjectivePayload(**result)

    @strawberry.mutation(description="Trace a metric or an initiative to an objective it serves.")
    async def link_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            LinkObjectiveInput,
            strawberry.argument(description="The objective and the metric or initiative to link."),
        ],
    ) -> LinkObjectivePayload:
        def work(session, viewer):
            return objectives.set_link(
                session, viewer, *measure_inputs.link_target(input), linked=True
            )

        return LinkObjectivePayload(**await run(info, work, "objective", "Objective"))

    @strawberry.mutation(description="Remove a metric's or an initiative's link to an objective.")
    async def unlink_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            UnlinkObjectiveInput,
            strawberry.argument(
                description="The objective and the metric or initiative to unlink."
            ),
        ],
    ) -> UnlinkObjectivePayload:
        def work(session, viewer):
            return objectives.set_link(
                session, viewer, *measure_inputs.link_target(input), linked=False
            )

        return UnlinkObjectivePayload(**await run(info, work, "objective", "Objective"))

    @strawberry.mutation(
        description="Define a metric (administrators and whoever maintains the plan it is in)."
    )
    async def create_metric(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateMetricInput,
            strawberry.argument(description="The new metric's definition and links."),
        ],
    ) -> CreateMetricPayload:
        def work(session, viewer):
            values = measure_inputs.metric_values(input, creating=True)
            return metric_definitions.create(session, viewer, values)

        return CreateMetricPayload(**await run(info, work, "metric", "Metric"))

    @strawberry.mutation(
        description="Change a metric's definition (its owner, its plan's owner, administrators). "
        "A new target for a metric that judges approved, open work is held as a pending change "
        "for that work's approver (see `Metric.pendingChanges`); the other fields change now."
    )
    async def update_metric(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateMetricInput,
            strawberry.argument(description="The metric and the fields to change."),
        ],
    ) -> UpdateMetricPayload:
        def work(session, viewer):
            values = measure_inputs.metric_values(input, creating=False)
            metric_id = decode(input.id, "Metric", "input.id")
            return metric_definitions.update(session, viewer, metric_id, values)

        return UpdateMetricPayload(**await run(info, work, "metric", "Metric"))

    @strawberry.mutation(
        description="From a metric off target (amber or red), propose a corrective initiative "
        "in its service's, else its process's, else the strategic plan, linked back to it."
    )
    async def raise_corrective_action(
        self,
        info: Info[Context, None],
        input: Annotated[
            RaiseCorrectiveActionInput,
            strawberry.argument(
                description="The off-target metric, and optionally a title and description."
            ),
        ],
    ) -> RaiseCorrectiveActionPayload:
        def work(session, viewer):
            return corrective_actions.raise_corrective_action(
                session,
                viewer,
                decode(input.metric_id, "Metric", "input.metricId"),
                input.title,
                input.description,
            )

        return RaiseCorrectiveActionPayload(**await run(info, work, "initiative", "Initiative"))

    # -- changes to what was approved -------------------------------------------------------

    @strawberry.mutation(
        description="Ask to change the approved budget of a funded, running or held initiative "
        "(its owner, the plan's owner). The steering committee decides with "
        "`decidePendingChange`; until then the approved budget stays in force."
    )
    async def propose_budget_change(
        self,
        info: Info[Context, None],
        input: Annotated[
            pending_changes.ProposeBudgetChangeInput,
            strawberry.argument(description="The initiative, the new budget and why."),
        ],
    ) -> pending_changes.ProposeBudgetChangePayload:
        return await pending_changes.propose_budget_change(info, input)

    @strawberry.mutation(
        description="Accept (the new value takes effect) or reject (with a reason) a pending "
        "change: a budget by the steering committee, a metric's target by the owner role of "
        "the plan whose approved work it judges."
    )
    async def decide_pending_change(
        self,
        info: Info[Context, None],
        input: Annotated[
            pending_changes.DecidePendingChangeInput,
            strawberry.argument(description="The pending change, the decision and a reason."),
        ],
    ) -> pending_changes.DecidePendingChangePayload:
        return await pending_changes.decide_pending_change(info, input)

    # -- measurement imports ----------------------------------------------------------------

    @strawberry.mutation(
        description="Upload a CSV file of measurements (its text) to check it: every bad line "
        "is reported and nothing is kept, or the import waits for its uploader to start it."
    )
    async def create_measurement_import(
        self,
        info: Info[Context, None],
        input: Annotated[
            measurement_imports.CreateMeasurementImportInput,
            strawberry.argument(description="The file's name and text."),
        ],
    ) -> measurement_imports.CreateMeasurementImportPayload:
        return await measurement_imports.create(info, input)

    @strawberry.mutation(
        description="Start a checked import (its uploader only): it runs in the background, "
        "writing every row or none; follow it with `measurementImport(id)`."
    )
    async def start_measurement_import(
        self,
        info: Info[Context, None],
        input: Annotated[
            measurement_imports.StartMeasurementImportInput,
            strawberry.argument(description="The import to start."),
        ],
    ) -> measurement_imports.StartMeasurementImportPayload:
        return await measurement_imports.start(info, input)


def _metric_id(global_id: str) -> int | None:
    """The metric's database id, or None so the row is reported as an unknown metric."""
    decoded = from_global_id(global_id)
    return decoded[1] if decoded and decoded[0] == "Metric" else None
