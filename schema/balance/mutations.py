"""The balance mutations: record and correct assessments (server/domain/balance/assessments.py
holds the rules), agree and change guidelines (server/domain/balance/guidelines.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.balance import inputs as i
from schema.balance import payloads as p
from schema.core.context import Context
from schema.core.mutations import decode, run
from server.domain.balance import assessments, guidelines


@strawberry.type
class BalanceMutation:
    @strawberry.mutation(
        description="Record where the organisation, or one service, stood on the four tensions "
        "over a period (the steering committee, the service strategy manager, administrators; "
        "for a service also its owner)."
    )
    async def record_balance_assessment(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.RecordBalanceAssessmentInput,
            strawberry.argument(description="The scope, the period, the scores and evidence."),
        ],
    ) -> p.RecordBalanceAssessmentPayload:
        def work(session, viewer):
            return assessments.record(session, viewer, i.assessment_fields(input))

        return p.RecordBalanceAssessmentPayload(
            **await run(info, work, "assessment", "BalanceAssessment")
        )

    @strawberry.mutation(description="Correct an assessment (who may record one).")
    async def update_balance_assessment(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateBalanceAssessmentInput,
            strawberry.argument(description="The assessment and the fields to change."),
        ],
    ) -> p.UpdateBalanceAssessmentPayload:
        def work(session, viewer):
            return assessments.update(
                session, viewer, decode(input.id, "BalanceAssessment", "input.id"),
                i.assessment_fields(input), input.expected_version,
            )  # fmt: skip

        return p.UpdateBalanceAssessmentPayload(
            **await run(info, work, "assessment", "BalanceAssessment")
        )

    @strawberry.mutation(
        description="Agree a guideline for resolving a tension (the steering committee, the "
        "service strategy manager, administrators)."
    )
    async def create_balance_guideline(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.CreateBalanceGuidelineInput,
            strawberry.argument(description="The tension, the rule, its owner and review day."),
        ],
    ) -> p.CreateBalanceGuidelinePayload:
        def work(session, viewer):
            return guidelines.create(session, viewer, i.guideline_fields(input))

        return p.CreateBalanceGuidelinePayload(
            **await run(info, work, "guideline", "BalanceGuideline")
        )

    @strawberry.mutation(
        description="Change a guideline (its owner; the steering committee, the service "
        "strategy manager and administrators, who may also hand it to someone else)."
    )
    async def update_balance_guideline(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateBalanceGuidelineInput,
            strawberry.argument(description="The guideline and the fields to change."),
        ],
    ) -> p.UpdateBalanceGuidelinePayload:
        def work(session, viewer):
            return guidelines.update(
                session, viewer, decode(input.id, "BalanceGuideline", "input.id"),
                i.guideline_fields(input), input.expected_version,
            )  # fmt: skip

        return p.UpdateBalanceGuidelinePayload(
            **await run(info, work, "guideline", "BalanceGuideline")
        )
