"""The suggestions' mutations: anyone signed in submits, supports, edits and withdraws their
own; the owner of the plan a suggestion concerns accepts, declines, merges it or asks for more
information (server/domain/engagement/suggestions.py holds every rule); stakeholders and the
services they use (server/domain/engagement/stakeholders.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.engagement import inputs as i
from schema.engagement import payloads as p
from server.domain.engagement import (
    feedback,
    feedback_import,
    review_cadence,
    stakeholders,
    suggestions,
)


@strawberry.type
class EngagementMutation:
    @strawberry.mutation(
        description="Submit a suggestion to the plan it concerns (anyone signed in, with a "
        "role or without)."
    )
    async def submit_suggestion(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.SubmitSuggestionInput,
            strawberry.argument(description="The kind of plan, the idea and where it came from."),
        ],
    ) -> p.SubmitSuggestionPayload:
        def work(session, viewer):
            return suggestions.submit(session, viewer, i.suggestion_fields(input))

        return p.SubmitSuggestionPayload(**await run(info, work, "suggestion", "Suggestion"))

    @strawberry.mutation(
        description="Change an open suggestion's title or description (its author); an edit "
        "of one sent back for more information sends it back for triage."
    )
    async def edit_suggestion(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.EditSuggestionInput,
            strawberry.argument(description="The suggestion and the fields to change."),
        ],
    ) -> p.EditSuggestionPayload:
        def work(session, viewer):
            fields = i.suggestion_fields(input)
            return suggestions.edit(
                session, viewer, i.suggestion_id(input), fields, input.expected_version
            )

        return p.EditSuggestionPayload(**await run(info, work, "suggestion", "Suggestion"))

    @strawberry.mutation(
        description="Accept a suggestion (the owner of its plan): it becomes a proposed "
        "initiative in that plan, owned by you, crediting the suggester, linked both ways."
    )
    async def accept_suggestion(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.AcceptSuggestionInput,
            strawberry.argument(description="The suggestion, and the initiative's title."),
        ],
    ) -> p.AcceptSuggestionPayload:
        def work(session, viewer):
            return suggestions.accept(
                session, viewer, i.suggestion_id(input), input.title, input.note,
                input.expected_version,
            )  # fmt: skip

        return p.AcceptSuggestionPayload(**await run(info, work, "suggestion", "Suggestion"))

    @strawberry.mutation(description="Decline a suggestion with a reason (the owner of its plan).")
    async def decline_suggestion(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.DeclineSuggestionInput,
            strawberry.argument(description="The suggestion and the reason."),
        ],
    ) -> p.DeclineSuggestionPayload:
        def work(session, viewer):
            return suggestions.decline(
                session, viewer, i.suggestion_id(input), input.reason, input.expected_version
            )

        return p.DeclineSuggestionPayload(**await run(info, work, "suggestion", "Suggestion"))

    @strawberry.mutation(
        description="Merge a duplicate into another suggestion or an initiative of the same "
        "plan (the owner of its plan); its supporters and author then support the one it joined."
    )
    async def merge_suggestion(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.MergeSuggestionInput,
            strawberry.argument(description="The suggestion and what it duplicates."),
        ],
    ) -> p.MergeSuggestionPayload:
        def work(session, viewer):
            return suggestions.merge(
                session, viewer, i.suggestion_id(input),
                decode(input.into_suggestion_id, "Suggestion", "input.intoSuggestionId"),
                decode(input.into_initiative_id, "Initiative", "input.intoInitiativeId"),
                input.note, input.expected_version,
            )  # fmt: skip

        return p.MergeSuggestionPayload(**await run(info, work, "suggestion", "Suggestion"))

    @strawberry.mutation(
        description="Ask a suggestion's author for more information (the owner of its plan)."
    )
    async def request_suggestion_information(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.RequestSuggestionInformationInput,
            strawberry.argument(description="The suggestion and the question."),
        ],
    ) -> p.RequestSuggestionInformationPayload:
        def work(session, viewer):
            return suggestions.request_information(
                session, viewer, i.suggestion_id(input), input.question, input.expected_version
            )

        return p.RequestSuggestionInformationPayload(
            **await run(info, work, "suggestion", "Suggestion")
        )

    @strawberry.mutation(
        description="Support an open suggestion, or take the support back (one per person; "
        "not one's own)."
    )
    async def support_suggestion(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.SupportSuggestionInput,
            strawberry.argument(description="The suggestion, and whether to support it."),
        ],
    ) -> p.SupportSuggestionPayload:
        def work(session, viewer):
            return suggestions.support(session, viewer, i.suggestion_id(input), input.support)

        return p.SupportSuggestionPayload(**await run(info, work, "suggestion", "Suggestion"))

    @strawberry.mutation(description="Withdraw one's own open suggestion.")
    async def withdraw_suggestion(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.WithdrawSuggestionInput,
            strawberry.argument(description="The suggestion, and why."),
        ],
    ) -> p.WithdrawSuggestionPayload:
        def work(session, viewer):
            return suggestions.withdraw(
                session, viewer, i.suggestion_id(input), input.reason, input.expected_version
            )

        return p.WithdrawSuggestionPayload(**await run(info, work, "suggestion", "Suggestion"))

    @strawberry.mutation(
        description="Add a stakeholder (administrators and business relationship managers)."
    )
    async def create_stakeholder(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.CreateStakeholderInput,
            strawberry.argument(description="Its name, kind, contact and relationship owner."),
        ],
    ) -> p.CreateStakeholderPayload:
        def work(session, viewer):
            return stakeholders.create(session, viewer, i.stakeholder_fields(input))

        return p.CreateStakeholderPayload(**await run(info, work, "stakeholder", "Stakeholder"))

    @strawberry.mutation(
        description="Change a stakeholder (administrators, business relationship managers, its "
        "relationship owner)."
    )
    async def update_stakeholder(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateStakeholderInput,
            strawberry.argument(description="The stakeholder and the fields to change."),
        ],
    ) -> p.UpdateStakeholderPayload:
        def work(session, viewer):
            return stakeholders.update(
                session, viewer, decode(input.id, "Stakeholder", "input.id"),
                i.stakeholder_fields(input), input.expected_version,
            )  # fmt: skip

        return p.UpdateStakeholderPayload(**await run(info, work, "stakeholder", "Stakeholder"))

    @strawberry.mutation(
        description="Record that a stakeholder uses a service, or change since when and the "
        "notes (whoever may change the stakeholder)."
    )
    async def link_stakeholder_service(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.LinkStakeholderServiceInput,
            strawberry.argument(description="The stakeholder, the service, since and notes."),
        ],
    ) -> p.LinkStakeholderServicePayload:
        def work(session, viewer):
            return stakeholders.set_service(
                session, viewer,
                decode(input.stakeholder_id, "Stakeholder", "input.stakeholderId"),
                decode(input.service_id, "Service", "input.serviceId"),
                input.since, input.notes,
            )  # fmt: skip

        return p.LinkStakeholderServicePayload(
            **await run(info, work, "stakeholder", "Stakeholder")
        )

    @strawberry.mutation(
        description="Record that a stakeholder no longer uses a service (whoever may change the "
        "stakeholder)."
    )
    async def unlink_stakeholder_service(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UnlinkStakeholderServiceInput,
            strawberry.argument(description="The stakeholder and the service."),
        ],
    ) -> p.UnlinkStakeholderServicePayload:
        def work(session, viewer):
            return stakeholders.remove_service(
                session, viewer,
                decode(input.stakeholder_id, "Stakeholder", "input.stakeholderId"),
                decode(input.service_id, "Service", "input.serviceId"),
            )  # fmt: skip

        return p.UnlinkStakeholderServicePayload(
            **await run(info, work, "stakeholder", "Stakeholder")
        )

    @strawberry.mutation(
        description="Record stakeholder feedback on services, all of it or none (the service's "
        "owner, its improvement plan's maintainers, the stakeholder's business relationship "
        "manager); each service's satisfaction metric is computed again for the months touched."
    )
    async def record_feedback(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.RecordFeedbackInput, strawberry.argument(description="The feedback to record.")
        ],
    ) -> p.RecordFeedbackPayload:
        def work(session, viewer):
            return feedback.record(session, viewer, i.feedback_rows(input))

        return p.RecordFeedbackPayload(
            **await run(
                info,
                work,
                "feedback",
                "Feedback",
                key=lambda ids: ids,
                extra=lambda ids: {"recorded": len(ids) if ids is not None else None},
            )
        )

    @strawberry.mutation(
        description="Record the feedback of a CSV file, every line or none (the same rules as "
        "`recordFeedback`; each bad line reported with its number)."
    )
    async def import_feedback(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.ImportFeedbackInput, strawberry.argument(description="The file's text.")
        ],
    ) -> p.ImportFeedbackPayload:
        def work(session, viewer):
            return feedback_import.import_file(session, viewer, input.content)

        return p.ImportFeedbackPayload(
            **await run(
                info, work, "feedback", "Feedback",
                key=lambda result: result.ids,
                extra=lambda result: {
                    "recorded": result.recorded if result is not None else None
                },
            )
        )  # fmt: skip

    @strawberry.mutation(
        description="Set how often a service is reviewed with its stakeholders and when the "
        "next review is due (its owner, administrators); a review due within two weeks, or "
        "overdue, shows in the owner's My work."
    )
    async def set_service_review_cadence(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.SetServiceReviewCadenceInput,
            strawberry.argument(description="The service, the cadence and the next review."),
        ],
    ) -> p.SetServiceReviewCadencePayload:
        def work(session, viewer):
            return review_cadence.set_cadence(
                session, viewer, decode(input.service_id, "Service", "input.serviceId"),
                input.cadence, input.next_review_on,
            )  # fmt: skip

        return p.SetServiceReviewCadencePayload(**await run(info, work, "service", "Service"))
