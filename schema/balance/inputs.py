"""The inputs of the balance mutations, and the plain values server/domain takes from them."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from schema.balance.enums import Tension
from schema.core.inputs import UNCHANGED, input_field
from schema.core.mutations import decode
from server.domain.balance.assessments import AssessmentFields
from server.domain.balance.guidelines import GuidelineFields
from server.models import enums

EXPECTED_VERSION = (
    "The `version` you read; if it changed since, nothing is changed. Leave it out to skip the "
    "check."
)
SCORE = "-3 to +3"


@strawberry.input(description="A new balance assessment of the organisation or one service.")
class RecordBalanceAssessmentInput:
    service_id: strawberry.ID | None = input_field(
        "The service assessed (global id); left out: the whole organisation."
    )
    period_start: date = strawberry.field(description="The first day of the period assessed.")
    period_end: date = strawberry.field(
        description="The last day of the period assessed (at most two years after the first)."
    )
    assessed_on: date | None = input_field(
        "The day of the assessment (not in the future, not before the period); left out: today."
    )
    internal_external: int = strawberry.field(
        description=f"{SCORE}: the internal IT view (-) against the external business view (+)."
    )
    stability_responsiveness: int = strawberry.field(
        description=f"{SCORE}: stability (-) against responsiveness (+)."
    )
    quality_cost: int = strawberry.field(description=f"{SCORE}: quality (-) against cost (+).")
    reactive_proactive: int = strawberry.field(
        description=f"{SCORE}: reactive (-) against proactive (+)."
    )
    internal_external_evidence: str | None = input_field("What was seen; at most 2,000 characters.")
    stability_responsiveness_evidence: str | None = input_field("What was seen.")
    quality_cost_evidence: str | None = input_field("What was seen.")
    reactive_proactive_evidence: str | None = input_field("What was seen.")
    assessor_ids: list[strawberry.ID] | None = input_field(
        "The people who assessed (global ids, at most 30)."
    )


@strawberry.input(description="Corrections to an assessment; fields left out stay as they are.")
class UpdateBalanceAssessmentInput:
    id: strawberry.ID = strawberry.field(description="The assessment's global id.")
    period_start: date | None = input_field("The period's new first day" + UNCHANGED)
    period_end: date | None = input_field("The period's new last day" + UNCHANGED)
    assessed_on: date | None = input_field("The new day of the assessment" + UNCHANGED)
    internal_external: int | None = input_field(f"{SCORE}" + UNCHANGED)
    stability_responsiveness: int | None = input_field(f"{SCORE}" + UNCHANGED)
    quality_cost: int | None = input_field(f"{SCORE}" + UNCHANGED)
    reactive_proactive: int | None = input_field(f"{SCORE}" + UNCHANGED)
    internal_external_evidence: str | None = input_field("What was seen" + UNCHANGED)
    stability_responsiveness_evidence: str | None = input_field("What was seen" + UNCHANGED)
    quality_cost_evidence: str | None = input_field("What was seen" + UNCHANGED)
    reactive_proactive_evidence: str | None = input_field("What was seen" + UNCHANGED)
    assessor_ids: list[strawberry.ID] | None = input_field(
        "Everyone who assessed, replacing the list" + UNCHANGED
    )
    expected_version: int | None = input_field(EXPECTED_VERSION)


def assessment_fields(data: Any) -> AssessmentFields:
    assessors = data.assessor_ids
    return AssessmentFields(
        service_id=decode(getattr(data, "service_id", None), "Service", "input.serviceId"),
        period_start=data.period_start,
        period_end=data.period_end,
        assessed_on=data.assessed_on,
        scores={t: getattr(data, t.value) for t in enums.Tension},
        evidence={t: getattr(data, f"{t.value}_evidence") for t in enums.Tension},
        assessor_ids=(
            None
            if assessors is None
            else [pk for pk in (decode(a, "Person", "input.assessorIds") for a in assessors) if pk]
        ),
    )


@strawberry.input(description="A new guideline for resolving one tension.")
class CreateBalanceGuidelineInput:
    tension: Tension = strawberry.field(description="The tension it resolves.")
    statement: str = strawberry.field(description="The rule, at most 2,000 characters.")
    review_on: date = strawberry.field(description="When it is next reviewed (within 3 years).")
    owner_id: strawberry.ID | None = input_field(
        "Who keeps it (global id); left out: you.", strawberry.UNSET
    )


@strawberry.input(description="Changes to a guideline; fields left out stay as they are.")
class UpdateBalanceGuidelineInput:
    id: strawberry.ID = strawberry.field(description="The guideline's global id.")
    tension: Tension | None = input_field("The tension it resolves" + UNCHANGED)
    statement: str | None = input_field("The new rule" + UNCHANGED)
    review_on: date | None = input_field("The new review day" + UNCHANGED)
    owner_id: strawberry.ID | None = input_field(
        "Hand it to this person (global id); null: nobody keeps it; left out: it stays.",
        strawberry.UNSET,
    )
    expected_version: int | None = input_field(EXPECTED_VERSION)


def guideline_fields(data: Any) -> GuidelineFields:
    owner = data.owner_id
    given = owner is not strawberry.UNSET
    return GuidelineFields(
        tension=data.tension,
        statement=data.statement,
        review_on=data.review_on,
        owner_id=decode(owner, "Person", "input.ownerId") if given else None,
        owner_given=given,
    )
