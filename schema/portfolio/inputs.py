"""The inputs of the portfolio's mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.portfolio.enums import PortfolioMove


@strawberry.input(description="Propose that a service move through the portfolio.")
class ProposePortfolioDecisionInput:
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    move: PortfolioMove = strawberry.field(description="The move.")
    case: str = strawberry.field(description="Why, for the steering committee (required).")
    initiative_id: strawberry.ID | None = input_field(
        "For a charter: the strategic initiative that builds the service (global id)."
    )


@strawberry.input(description="The steering committee's decision on a proposed move.")
class DecidePortfolioDecisionInput:
    id: strawberry.ID = strawberry.field(description="The decision's global id.")
    approve: bool = strawberry.field(description="true: the service moves; false: it does not.")
    note: str | None = input_field("The reason (required to reject) or a note.")
    expected_version: int | None = input_field(
        "The `version` you read; if it changed since, nothing is changed."
    )


@strawberry.input(description="What a service costs a year and what it is worth.")
class QuantifyServiceInput:
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    annual_cost: Decimal | None = input_field(
        "What it costs a year, in `currency` (at most two decimals); null: not known; left "
        "out: unchanged.",
        strawberry.UNSET,
    )
    currency: str | None = input_field("The cost's currency (ISO 4217, e.g. EUR).")
    value_statement: str | None = input_field(
        "What it is worth to the business, in words, at most 5,000 characters."
    )


@strawberry.input(description="A meeting of the steering committee, once held.")
class RecordSteeringMeetingInput:
    held_on: date = strawberry.field(
        description="The day it met: today or earlier, one meeting a day."
    )
    attendee_ids: list[strawberry.ID] = strawberry.field(
        description="The people who attended (global ids); at least one, at most 100."
    )
    decisions: str = input_field("What it decided there (Markdown), at most 20,000 characters.", "")
    notes: str = input_field("Any other notes (Markdown), at most 20,000 characters.", "")


@strawberry.input(description="Changes to a steering meeting's record; fields left out stay.")
class UpdateSteeringMeetingInput:
    id: strawberry.ID = strawberry.field(description="The meeting's global id.")
    held_on: date | None = input_field("The day it met" + UNCHANGED)
    attendee_ids: list[strawberry.ID] | None = input_field(
        "Everyone who attended, replacing the list" + UNCHANGED
    )
    decisions: str | None = input_field("What it decided there (Markdown)" + UNCHANGED)
    notes: str | None = input_field("Any other notes (Markdown)" + UNCHANGED)
    expected_version: int | None = input_field(
        "The `version` you read; if it changed since, nothing is changed."
    )
