"""Portfolio decisions, how far a service meets its agreed service levels, and the steering
committee's meetings."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.nodes import Node
from schema.core.pagination import Connection, page
from schema.portfolio.enums import DecisionStatus, PortfolioMove
from server.domain.core.markdown import to_html

if TYPE_CHECKING:
    from schema.initiatives.types import Initiative
    from schema.people.types import Person
    from schema.services.types import Service

InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]


@strawberry.type(
    description="One move of a service through the portfolio: the case for it, and the steering "
    "committee's decision."
)
class PortfolioDecision(Node):
    move: PortfolioMove = strawberry.field(description="The move.")
    status: DecisionStatus = strawberry.field(description="Where the decision stands.")
    case: str = strawberry.field(description="Why the move was proposed.")
    decision_note: str = strawberry.field(
        description="The committee's reason (rejected) or note (approved); may be empty."
    )
    created_at: datetime = strawberry.field(description="When it was proposed.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion`."
    )
    service: ServiceRef = strawberry.field(description="The service that moves.")
    initiative: InitiativeRef | None = strawberry.field(
        description="The strategic initiative that builds the service (a charter), when the "
        "viewer may see it."
    )
    proposed_by: PersonRef | None = strawberry.field(description="Who proposed it.")
    decided_by: PersonRef | None = strawberry.field(description="Who decided it.")
    viewer_may_decide: bool = strawberry.field(
        description="Whether the viewer may decide it now (the steering committee, while it is "
        "proposed), with a token that may write."
    )


@strawberry.type(description="How a service meets the service levels agreed for it.")
class ServiceLevelAttainment:
    met: int = strawberry.field(description="How many of its service levels are on target.")
    total: int = strawberry.field(description="How many service levels it has.")


@strawberry.type(
    description="A meeting of the steering committee: when it met, who attended and what it "
    "decided there (published to every signed-in person, as minutes)."
)
class SteeringMeeting(Node):
    held_on: date = strawberry.field(description="The day it met.")
    decisions: str = strawberry.field(
        description="What it decided there, as written (Markdown); may be empty."
    )
    notes: str = strawberry.field(description="Any other notes (Markdown); may be empty.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    updated_at: datetime = strawberry.field(description="When its record last changed.")
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion`."
    )
    recorded_by: PersonRef | None = strawberry.field(description="Who recorded it.")
    attendees: Connection[PersonRef] = page("The people who attended, by name.")
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may change this record (the steering committee), with a "
        "token that may write."
    )

    @strawberry.field(description="`decisions` as safe HTML.")
    def decisions_html(self) -> str:
        return to_html(self.__dict__.get("decisions") or "")

    @strawberry.field(description="`notes` as safe HTML.")
    def notes_html(self) -> str:
        return to_html(self.__dict__.get("notes") or "")
