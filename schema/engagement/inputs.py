"""The inputs of the suggestions' and stakeholders' mutations, and the plain values
server/domain takes from them."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from schema.core.ids import from_global_id
from schema.core.inputs import UNCHANGED, input_field
from schema.core.mutations import decode
from schema.engagement.enums import FeedbackChannel, StakeholderKind, SuggestionSource
from schema.plans.enums import PlanKind
from schema.services.enums import ReviewCadence
from server.domain.engagement import feedback
from server.domain.engagement.stakeholders import StakeholderFields
from server.domain.engagement.suggestions import SuggestionFields

EXPECTED_VERSION = (
    "The `version` you read; if it changed since, nothing is changed and the error says who "
    "changed what. Leave it out to skip the check."
)


@strawberry.input(
    description="A new suggestion: it goes to the plan of the kind given (for a service or "
    "process improvement plan, the one of the service or process named)."
)
class SubmitSuggestionInput:
    kind: PlanKind = strawberry.field(
        description="The kind of plan it concerns: STRATEGIC for a gap in the portfolio or a new "
        "capability, SERVICE_IMPROVEMENT or PROCESS_IMPROVEMENT for one service or process "
        "(name it), or the security, continuity or skills plan."
    )
    title: str = strawberry.field(description="A short name, at most 200 characters.")
    description: str | None = input_field("The idea and why it matters, at most 10,000 characters.")
    service_id: strawberry.ID | None = input_field(
        "The service it concerns (global id); required for a service improvement plan."
    )
    process_id: strawberry.ID | None = input_field(
        "The process it concerns (global id); required for a process improvement plan."
    )
    source: SuggestionSource | None = input_field("Where the idea came from; OWN_IDEA if left out.")
    source_metric_id: strawberry.ID | None = input_field(
        "The metric it came from (global id), with source METRIC."
    )
    source_feedback_id: strawberry.ID | None = input_field(
        "The feedback it came from (global id), with source FEEDBACK; the suggestion is then "
        "about the feedback's service unless another is named."
    )
    source_assessment_id: strawberry.ID | None = input_field(
        "The balance assessment it came from (global id), with source BALANCE_ASSESSMENT; the "
        "suggestion is then about the service assessed, if one was, unless another is named."
    )


@strawberry.input(
    description="The author's changes to an open suggestion; an edit of one sent back for more "
    "information answers it."
)
class EditSuggestionInput:
    id: strawberry.ID = strawberry.field(description="The suggestion's global id.")
    title: str | None = input_field("The new title" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(description="Accept a suggestion: it becomes a proposed initiative in its plan.")
class AcceptSuggestionInput:
    id: strawberry.ID = strawberry.field(description="The suggestion's global id.")
    title: str | None = input_field(
        "The initiative's title, at most 200 characters; the suggestion's if left out."
    )
    note: str | None = input_field("A note to the suggester, at most 2,000 characters.")
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(description="Decline a suggestion, saying why.")
class DeclineSuggestionInput:
    id: strawberry.ID = strawberry.field(description="The suggestion's global id.")
    reason: str = strawberry.field(description="Why, for the suggester (required).")
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(
    description="Merge a duplicate into another suggestion or an initiative of the same plan; "
    "give exactly one of them."
)
class MergeSuggestionInput:
    id: strawberry.ID = strawberry.field(description="The suggestion's global id.")
    into_suggestion_id: strawberry.ID | None = input_field(
        "The open or accepted suggestion it duplicates (global id)."
    )
    into_initiative_id: strawberry.ID | None = input_field(
        "The initiative that already does it (global id)."
    )
    note: str | None = input_field("A note to the suggester, at most 2,000 characters.")
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(description="Ask a suggestion's author for more information.")
class RequestSuggestionInformationInput:
    id: strawberry.ID = strawberry.field(description="The suggestion's global id.")
    question: str = strawberry.field(description="What the author should add (required).")
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(description="Add or take back the viewer's support for a suggestion.")
class SupportSuggestionInput:
    id: strawberry.ID = strawberry.field(description="The suggestion's global id.")
    support: bool = strawberry.field(
        default=True, description="True (the default) to support it, false to take it back."
    )


@strawberry.input(description="The author withdraws an open suggestion.")
class WithdrawSuggestionInput:
    id: strawberry.ID = strawberry.field(description="The suggestion's global id.")
    reason: str | None = input_field("Why, at most 2,000 characters.")
    expected_version: int | None = input_field(EXPECTED_VERSION)


def suggestion_fields(data: Any) -> SuggestionFields:
    return SuggestionFields(
        kind=getattr(data, "kind", None),
        title=data.title,
        description=data.description,
        service_id=decode(getattr(data, "service_id", None), "Service", "input.serviceId"),
        process_id=decode(getattr(data, "process_id", None), "Process", "input.processId"),
        source=getattr(data, "source", None),
        source_metric_id=decode(
            getattr(data, "source_metric_id", None), "Metric", "input.sourceMetricId"
        ),
        source_feedback_id=decode(
            getattr(data, "source_feedback_id", None), "Feedback", "input.sourceFeedbackId"
        ),
        source_assessment_id=decode(
            getattr(data, "source_assessment_id", None),
            "BalanceAssessment",
            "input.sourceAssessmentId",
        ),
    )


def suggestion_id(data: Any) -> int | None:
    return decode(data.id, "Suggestion", "input.id")


@strawberry.input(description="A new stakeholder.")
class CreateStakeholderInput:
    name: str = strawberry.field(description="Its name, unique, at most 200 characters.")
    kind: StakeholderKind = strawberry.field(description="What kind of stakeholder it is.")
    contact: str | None = input_field("How to reach it, at most 300 characters.")
    description: str | None = input_field("Who it is and what it needs.")
    relationship_owner_id: strawberry.ID | None = input_field(
        "The person who keeps the relationship (global id)."
    )


@strawberry.input(description="Changes to a stakeholder; fields left out stay as they are.")
class UpdateStakeholderInput:
    id: strawberry.ID = strawberry.field(description="The stakeholder's global id.")
    name: str | None = input_field("The new name" + UNCHANGED)
    kind: StakeholderKind | None = input_field("The new kind" + UNCHANGED)
    contact: str | None = input_field("The new contact" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)
    relationship_owner_id: strawberry.ID | None = input_field(
        "Hand the relationship to this person (global id); null: nobody keeps it; left out: "
        "it stays (administrators and business relationship managers).",
        strawberry.UNSET,
    )
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(
    description="The stakeholder uses the service: add the relationship, or change its since "
    "and notes."
)
class LinkStakeholderServiceInput:
    stakeholder_id: strawberry.ID = strawberry.field(description="The stakeholder's global id.")
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    since: date | None = input_field("Since when it uses the service (not in the future).")
    notes: str | None = input_field("Notes on the relationship, at most 2,000 characters.")


@strawberry.input(description="The stakeholder no longer uses the service.")
class UnlinkStakeholderServiceInput:
    stakeholder_id: strawberry.ID = strawberry.field(description="The stakeholder's global id.")
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")


def stakeholder_fields(data: Any) -> StakeholderFields:
    owner = getattr(data, "relationship_owner_id", None)
    given = owner is not strawberry.UNSET
    return StakeholderFields(
        name=data.name,
        kind=data.kind,
        contact=data.contact,
        description=data.description,
        relationship_owner_id=(
            decode(owner, "Person", "input.relationshipOwnerId") if given else None
        ),
        owner_given=given,
    )


@strawberry.input(description="One piece of feedback on a service.")
class FeedbackInput:
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    stakeholder_id: strawberry.ID | None = input_field(
        "The stakeholder who gave it (global id); give this, the person, or both."
    )
    person_id: strawberry.ID | None = input_field("The person who gave it (global id).")
    given_on: date = strawberry.field(description="The day it was given (not in the future).")
    score: int = strawberry.field(description="Satisfaction, 1 (very unhappy) to 5 (delighted).")
    comment: str | None = input_field("What was said, at most 5,000 characters.")
    channel: FeedbackChannel = strawberry.field(description="How it was given.")


@strawberry.input(description="Feedback to record together: all of it or none.")
class RecordFeedbackInput:
    items: list[FeedbackInput] = strawberry.field(description="The feedback, 1 to 5,000 items.")


def _pk(global_id: str | None, type_name: str) -> int | None:
    """The database id, or None so the item is reported as naming nothing."""
    if global_id is None:
        return None
    decoded = from_global_id(global_id)
    return decoded[1] if decoded and decoded[0] == type_name else -1


def feedback_rows(data: RecordFeedbackInput) -> list[feedback.Row]:
    return [
        feedback.Row(
            service_id=_pk(item.service_id, "Service"),
            stakeholder_id=_pk(item.stakeholder_id, "Stakeholder"),
            person_id=_pk(item.person_id, "Person"),
            given_on=item.given_on,
            score=item.score,
            comment=item.comment,
            channel=item.channel,
        )
        for item in data.items
    ]


@strawberry.input(
    description="A CSV file of feedback: header `service,given_on,score,channel` and the "
    "optional `stakeholder`, `person`, `comment` (docs/feedback-import.md)."
)
class ImportFeedbackInput:
    content: str = strawberry.field(
        description="The file's text: UTF-8 CSV, a header line then at most 5,000 lines."
    )


@strawberry.input(description="How often a service is reviewed, and when next.")
class SetServiceReviewCadenceInput:
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    cadence: ReviewCadence | None = input_field(
        "How often; null: its reviews are no longer planned (the next date is cleared)."
    )
    next_review_on: date | None = input_field(
        "When the next review is due (within two years); left out: one interval from today."
    )
