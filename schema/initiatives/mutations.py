"""The initiatives' mutations: proposing, editing, every lifecycle step, status updates and
children. Each takes one input object, calls one domain function and returns its payload;
every rule lives in server/domain, this module only translates."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.initiatives.inputs import (
    ApproveInitiativeInput,
    CancelInitiativeInput,
    CompleteInitiativeInput,
    DecideBudgetInput,
    HoldInitiativeInput,
    LinkChildInitiativeInput,
    PostStatusUpdateInput,
    ProposeInitiativeInput,
    RecordBenefitReviewInput,
    RejectInitiativeInput,
    RequestBudgetInput,
    ResumeInitiativeInput,
    StartInitiativeInput,
    UnlinkChildInitiativeInput,
    UpdateInitiativeInput,
)
from schema.initiatives.payloads import (
    ApproveInitiativePayload,
    CancelInitiativePayload,
    CompleteInitiativePayload,
    DecideBudgetPayload,
    HoldInitiativePayload,
    LinkChildInitiativePayload,
    PostStatusUpdatePayload,
    ProposeInitiativePayload,
    RecordBenefitReviewPayload,
    RejectInitiativePayload,
    RequestBudgetPayload,
    ResumeInitiativePayload,
    StartInitiativePayload,
    UnlinkChildInitiativePayload,
    UpdateInitiativePayload,
)
from server.domain.initiatives import benefit_reviews, children, transitions
from server.domain.initiatives import edits as initiatives
from server.domain.initiatives.edits import InitiativeFields
from server.domain.initiatives.lifecycle import Transition


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
        service_ids=(
            None
            if data.service_ids is None
            else [decode(i, "Service", "input.serviceIds") for i in data.service_ids]
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


@strawberry.type
class InitiativesMutation:
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

    @strawberry.mutation(
        description="Record whether a completed initiative's gains held (its owner or its plan's "
        "owner, once, some months after it completed); when they slipped, a corrective "
        "initiative is proposed in the same plan, linked to the same metrics and objectives."
    )
    async def record_benefit_review(
        self,
        info: Info[Context, None],
        input: Annotated[
            RecordBenefitReviewInput,
            strawberry.argument(description="The initiative, the outcome and what was found."),
        ],
    ) -> RecordBenefitReviewPayload:
        def work(session, viewer):
            return benefit_reviews.record(
                session, viewer, decode(input.initiative_id, "Initiative", "input.initiativeId"),
                input.outcome, input.note, input.reviewed_on,
            )  # fmt: skip

        return RecordBenefitReviewPayload(**await run(info, work, "benefitReview", "BenefitReview"))

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
                input.spent_to_date,
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
