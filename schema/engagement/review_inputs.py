"""The inputs of the service reviews' mutations, and the plain values server/domain takes from
them."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.core.mutations import decode
from schema.engagement.enums import FindingOutcome
from schema.engagement.inputs import EXPECTED_VERSION
from schema.plans.enums import PlanKind
from server.domain.engagement.reviews import Outcome, ReviewFields


@strawberry.input(description="A new service review, opened as a draft.")
class OpenServiceReviewInput:
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    period_start: date = strawberry.field(description="The first day of the period it covers.")
    period_end: date = strawberry.field(
        description="The last day of the period it covers (at most two years after the first)."
    )
    scheduled_on: date | None = input_field(
        "The day it is planned for (within two years of today); left out: the service's next "
        "review date, else today."
    )
    person_ids: list[strawberry.ID] | None = input_field(
        "The people taking part (global ids, at most 50)."
    )
    stakeholder_ids: list[strawberry.ID] | None = input_field(
        "The stakeholders taking part (global ids, at most 50)."
    )
    notes: str | None = input_field("Notes, e.g. the agenda; at most 10,000 characters.")


@strawberry.input(
    description="Changes to a review that is not closed; once held, only its notes and who took "
    "part change."
)
class UpdateServiceReviewInput:
    id: strawberry.ID = strawberry.field(description="The review's global id.")
    period_start: date | None = input_field("The period's new first day" + UNCHANGED)
    period_end: date | None = input_field("The period's new last day" + UNCHANGED)
    scheduled_on: date | None = input_field("The new planned day" + UNCHANGED)
    person_ids: list[strawberry.ID] | None = input_field(
        "Everyone taking part, replacing the list" + UNCHANGED
    )
    stakeholder_ids: list[strawberry.ID] | None = input_field(
        "Every stakeholder taking part, replacing the list" + UNCHANGED
    )
    notes: str | None = input_field("The new notes" + UNCHANGED)
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(
    description="The review took place: the service's metrics and the period's satisfaction are "
    "frozen on it."
)
class HoldServiceReviewInput:
    id: strawberry.ID = strawberry.field(description="The review's global id.")
    held_on: date | None = input_field(
        "The day it was held (not in the future, not before the period); left out: today."
    )
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(description="Close a held review whose every finding has its outcome.")
class CloseServiceReviewInput:
    id: strawberry.ID = strawberry.field(description="The review's global id.")
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(description="Something a review found (while a draft or once held).")
class AddReviewFindingInput:
    review_id: strawberry.ID = strawberry.field(description="The review's global id.")
    title: str = strawberry.field(description="A short name, at most 200 characters.")
    description: str | None = input_field("What was found, at most 10,000 characters.")


@strawberry.input(
    description="What becomes of a held review's finding: IMPROVEMENT (a proposed initiative in "
    "the service's improvement plan), SUGGESTION (to the plan of `planKind`), or NO_ACTION "
    "(with the reason in `note`)."
)
class ResolveReviewFindingInput:
    finding_id: strawberry.ID = strawberry.field(description="The finding's global id.")
    outcome: FindingOutcome = strawberry.field(description="What becomes of it.")
    note: str | None = input_field(
        "The reason (required for NO_ACTION) or a note, at most 2,000 characters."
    )
    title: str | None = input_field(
        "The initiative's or suggestion's title, at most 200 characters; the finding's if left out."
    )
    plan_kind: PlanKind | None = input_field(
        "For SUGGESTION: the kind of plan it goes to (STRATEGIC for a gap in the portfolio, a "
        "PROCESS_IMPROVEMENT plan with `processId`, or the security, continuity or skills plan)."
    )
    process_id: strawberry.ID | None = input_field(
        "For a suggestion to a process's improvement plan: the process (global id)."
    )


@strawberry.input(description="Take back a finding noted by mistake (one without an outcome).")
class RemoveReviewFindingInput:
    finding_id: strawberry.ID = strawberry.field(description="The finding's global id.")


def _ids(values: list[strawberry.ID] | None, type_name: str, field: str) -> list[int] | None:
    if values is None:
        return None
    return [pk for pk in (decode(value, type_name, field) for value in values) if pk is not None]


def review_fields(data: Any) -> ReviewFields:
    return ReviewFields(
        service_id=decode(getattr(data, "service_id", None), "Service", "input.serviceId"),
        period_start=data.period_start,
        period_end=data.period_end,
        scheduled_on=data.scheduled_on,
        person_ids=_ids(data.person_ids, "Person", "input.personIds"),
        stakeholder_ids=_ids(data.stakeholder_ids, "Stakeholder", "input.stakeholderIds"),
        notes=data.notes,
    )


def review_id(global_id: str, field: str = "input.id") -> int | None:
    return decode(global_id, "ServiceReview", field)


def finding_id(global_id: str) -> int | None:
    return decode(global_id, "ReviewFinding", "input.findingId")


def outcome(data: ResolveReviewFindingInput) -> Outcome:
    return Outcome(
        outcome=data.outcome,
        note=data.note,
        title=data.title,
        plan_kind=data.plan_kind,
        process_id=decode(data.process_id, "Process", "input.processId"),
    )
