"""The portfolio's mutations: propose a move (a service's owner, the service strategy manager,
administrators), decide it (the steering committee), and state what a service costs and is
worth (server/domain/portfolio/decisions.py holds every rule); record the steering
committee's meetings (server/domain/portfolio/meetings.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.portfolio import inputs as i
from schema.portfolio import payloads as p
from server.domain.portfolio import decisions, meetings


def _today() -> date:
    return datetime.now(UTC).date()


def _people(ids: list[strawberry.ID] | None) -> list[int | None] | None:
    if ids is None:
        return None
    return [decode(pk, "Person", "input.attendeeIds") for pk in ids]


@strawberry.type
class PortfolioMutation:
    @strawberry.mutation(
        description="Propose that a service be chartered into the pipeline, go live or retire "
        "(its owner, the service strategy manager, administrators); the steering committee "
        "decides."
    )
    async def propose_portfolio_decision(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.ProposePortfolioDecisionInput,
            strawberry.argument(description="The service, the move and the case for it."),
        ],
    ) -> p.ProposePortfolioDecisionPayload:
        def work(session, viewer):
            return decisions.propose(
                session, viewer, decode(input.service_id, "Service", "input.serviceId"),
                input.move, input.case,
                decode(input.initiative_id, "Initiative", "input.initiativeId"),
            )  # fmt: skip

        return p.ProposePortfolioDecisionPayload(
            **await run(info, work, "decision", "PortfolioDecision")
        )

    @strawberry.mutation(
        description="Decide a proposed portfolio move (the steering committee): approved, the "
        "service moves; rejected, with the reason."
    )
    async def decide_portfolio_decision(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.DecidePortfolioDecisionInput,
            strawberry.argument(description="The decision, approve or not, and why."),
        ],
    ) -> p.DecidePortfolioDecisionPayload:
        def work(session, viewer):
            return decisions.decide(
                session, viewer, decode(input.id, "PortfolioDecision", "input.id"),
                input.approve, input.note, input.expected_version,
            )  # fmt: skip

        return p.DecidePortfolioDecisionPayload(
            **await run(info, work, "decision", "PortfolioDecision")
        )

    @strawberry.mutation(
        description="State what a service costs a year and what it is worth (its owner, the "
        "service strategy manager, administrators)."
    )
    async def quantify_service(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.QuantifyServiceInput,
            strawberry.argument(description="The service, its annual cost and its value."),
        ],
    ) -> p.QuantifyServicePayload:
        def work(session, viewer):
            given = input.annual_cost is not strawberry.UNSET
            return decisions.quantify(
                session, viewer, decode(input.service_id, "Service", "input.serviceId"),
                input.annual_cost if given else None, input.currency, input.value_statement,
                cost_given=given,
            )  # fmt: skip

        return p.QuantifyServicePayload(**await run(info, work, "service", "Service"))

    @strawberry.mutation(
        description="Record a meeting of the steering committee once held: the day, who "
        "attended and what was decided (the steering committee)."
    )
    async def record_steering_meeting(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.RecordSteeringMeetingInput,
            strawberry.argument(description="The day, the attendees, the decisions and notes."),
        ],
    ) -> p.RecordSteeringMeetingPayload:
        def work(session, viewer):
            return meetings.record(
                session, viewer, input.held_on, _people(input.attendee_ids) or [],
                input.decisions, input.notes, _today(),
            )  # fmt: skip

        return p.RecordSteeringMeetingPayload(**await run(info, work, "meeting", "SteeringMeeting"))

    @strawberry.mutation(
        description="Change a steering meeting's record: its day, attendees, decisions or notes "
        "(the steering committee)."
    )
    async def update_steering_meeting(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateSteeringMeetingInput,
            strawberry.argument(description="The meeting and the fields to change."),
        ],
    ) -> p.UpdateSteeringMeetingPayload:
        def work(session, viewer):
            return meetings.update(
                session, viewer, decode(input.id, "SteeringMeeting", "input.id"), _today(),
                held_on=input.held_on, attendee_ids=_people(input.attendee_ids),
                decisions=input.decisions, notes=input.notes,
                expected_version=input.expected_version,
            )  # fmt: skip

        return p.UpdateSteeringMeetingPayload(**await run(info, work, "meeting", "SteeringMeeting"))
