"""The suggestions' mutations: anyone signed in submits, supports, edits and withdraws their
own; the owner of the plan a suggestion concerns accepts, declines, merges it or asks for more
information (server/domain/engagement/suggestions.py holds every rule)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.engagement import inputs as i
from schema.engagement import payloads as p
from server.domain.engagement import suggestions


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
