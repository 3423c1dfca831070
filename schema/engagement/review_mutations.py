"""The service reviews' mutations: open a draft, change it, mark it held (the metrics and the
period's satisfaction are frozen), note findings and decide each one's outcome, close it
(server/domain/engagement/reviews.py holds every rule)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import run
from schema.engagement import payloads as p
from schema.engagement import review_inputs as i
from server.domain.engagement import reviews

RUNNERS = (
    "the service's owner, its improvement plan's maintainers, administrators, or the "
    "relationship owner of a stakeholder taking part"
)


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(
        description=f"Open a draft review of a service: the period it covers, the day it is "
        f"planned for, who takes part ({RUNNERS}). A service has at most one draft."
    )
    async def open_service_review(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.OpenServiceReviewInput,
            strawberry.argument(description="The service, the period and who takes part."),
        ],
    ) -> p.OpenServiceReviewPayload:
        def work(session, viewer):
            return reviews.open_review(session, viewer, i.review_fields(input))

        return p.OpenServiceReviewPayload(
            **await run(info, work, "service_review", "ServiceReview")
        )

    @strawberry.mutation(
        description="Change a review that is not closed: anything while a draft; once held, "
        "its notes and who took part."
    )
    async def update_service_review(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateServiceReviewInput,
            strawberry.argument(description="The review and the fields to change."),
        ],
    ) -> p.UpdateServiceReviewPayload:
        def work(session, viewer):
            return reviews.update_review(
                session, viewer, i.review_id(input.id), i.review_fields(input),
                input.expected_version,
            )  # fmt: skip

        return p.UpdateServiceReviewPayload(
            **await run(info, work, "service_review", "ServiceReview")
        )

    @strawberry.mutation(
        description="Mark a draft review held: the service's metrics (status, latest value, "
        "target, trend) and the satisfaction received in the period are frozen on it, and the "
        "service's next review moves one interval on."
    )
    async def hold_service_review(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.HoldServiceReviewInput,
            strawberry.argument(description="The review and the day it was held."),
        ],
    ) -> p.HoldServiceReviewPayload:
        def work(session, viewer):
            return reviews.hold_review(
                session, viewer, i.review_id(input.id), input.held_on, input.expected_version
            )

        return p.HoldServiceReviewPayload(
            **await run(info, work, "service_review", "ServiceReview")
        )

    @strawberry.mutation(description="Close a held review; refused while a finding has no outcome.")
    async def close_service_review(
        self,
        info: Info[Context, None],
        input: Annotated[i.CloseServiceReviewInput, strawberry.argument(description="The review.")],
    ) -> p.CloseServiceReviewPayload:
        def work(session, viewer):
            return reviews.close_review(
                session, viewer, i.review_id(input.id), input.expected_version
            )

        return p.CloseServiceReviewPayload(
            **await run(info, work, "service_review", "ServiceReview")
        )

    @strawberry.mutation(description="Note something a review found (a draft or held review).")
    async def add_review_finding(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.AddReviewFindingInput,
            strawberry.argument(description="The review and the finding."),
        ],
    ) -> p.AddReviewFindingPayload:
        def work(session, viewer):
            return reviews.add_finding(
                session, viewer, i.review_id(input.review_id, "input.reviewId"), input.title,
                input.description,
            )  # fmt: skip

        return p.AddReviewFindingPayload(**await run(info, work, "finding", "ReviewFinding"))

    @strawberry.mutation(
        description="Decide what becomes of a held review's finding, once: a proposed "
        "initiative in the service's improvement plan (IMPROVEMENT, linked back, affecting the "
        "service), a suggestion to another plan (SUGGESTION, from this finding, about the "
        "service), or noted with no action and a reason (NO_ACTION)."
    )
    async def resolve_review_finding(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.ResolveReviewFindingInput,
            strawberry.argument(description="The finding and its outcome."),
        ],
    ) -> p.ResolveReviewFindingPayload:
        def work(session, viewer):
            return reviews.resolve_finding(
                session, viewer, i.finding_id(input.finding_id), i.outcome(input)
            )

        return p.ResolveReviewFindingPayload(**await run(info, work, "finding", "ReviewFinding"))

    @strawberry.mutation(
        description="Take back a finding noted by mistake: one without an outcome, of a review "
        "that is not closed."
    )
    async def remove_review_finding(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.RemoveReviewFindingInput, strawberry.argument(description="The finding.")
        ],
    ) -> p.RemoveReviewFindingPayload:
        def work(session, viewer):
            return reviews.remove_finding(session, viewer, i.finding_id(input.finding_id))

        return p.RemoveReviewFindingPayload(
            **await run(info, work, "service_review", "ServiceReview")
        )
