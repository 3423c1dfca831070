"""How an initiative's improvement cycle and benefit review load, for all parents at once:
the facts each step reads (objectives, linked metrics, schedule and budget, status updates,
outcome and realised benefits, the benefit review) in one statement each, then the steps
computed by server/domain/initiatives/improvement_cycle.py."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from schema.core.relations import Computed, ToOne, ToOneBy
from schema.initiatives.sources import BENEFIT_REVIEW, INITIATIVE
from schema.initiatives.types import ImprovementStep
from schema.people.sources import PERSON
from server import statement_batch
from server.domain.core import visibility
from server.domain.initiatives import benefit_reviews, improvement_cycle
from server.models import (
    BenefitReview,
    Initiative,
    InitiativeObjective,
    Metric,
    MetricInitiative,
    Objective,
    RealisedBenefit,
    StatusUpdate,
)


def _money(amount, currency: str) -> str | None:
    return f"{currency} {amount:,.2f}" if amount is not None else None


def _visible(planner, *conditions):
    condition = visibility.visible_metrics(planner.viewer)
    return [*conditions, *([] if condition is None else [condition])]


async def _facts(planner, ids: set[int]) -> dict[int, improvement_cycle.Facts]:
    corrective = aliased(Initiative)
    # Six reads of the same initiatives, side by side (on PostgreSQL, sent together).
    initiatives, objectives, metrics, updates, realised, reviews = await statement_batch.gather(
        planner.rows(
            select(
                Initiative.id, Initiative.status, Initiative.planned_start,
                Initiative.planned_end, Initiative.budget_requested, Initiative.budget_approved,
                Initiative.currency, Initiative.outcome, Initiative.actual_end,
            ).where(planner.id_in(Initiative.id, ids))
        ),
        planner.rows(
            select(InitiativeObjective.initiative_id, Objective.title)
            .join(Objective, Objective.id == InitiativeObjective.objective_id)
            .where(planner.id_in(InitiativeObjective.initiative_id, ids))
            .order_by(InitiativeObjective.initiative_id, Objective.title)
        ),
        planner.rows(
            select(
                MetricInitiative.initiative_id, Metric.name, Metric.unit, Metric.baseline_value,
                Metric.target_value,
            )
            .join(Metric, Metric.id == MetricInitiative.metric_id)
            .where(*_visible(planner, planner.id_in(MetricInitiative.initiative_id, ids)))
            .order_by(MetricInitiative.initiative_id, Metric.name)
        ),
        planner.rows(
            select(StatusUpdate.initiative_id, func.count(), func.max(StatusUpdate.posted_at))
            .where(planner.id_in(StatusUpdate.initiative_id, ids))
            .group_by(StatusUpdate.initiative_id)
        ),
        planner.rows(
            select(RealisedBenefit.initiative_id, Metric.name, RealisedBenefit.attainment)
            .join(Metric, Metric.id == RealisedBenefit.metric_id)
            .where(*_visible(planner, planner.id_in(RealisedBenefit.initiative_id, ids)))
            .order_by(RealisedBenefit.initiative_id, Metric.name)
        ),
        planner.rows(
            select(
                BenefitReview.initiative_id, BenefitReview.outcome, BenefitReview.reviewed_on,
                corrective.title,
            )
            .outerjoin(corrective, corrective.id == BenefitReview.corrective_initiative_id)
            .where(planner.id_in(BenefitReview.initiative_id, ids))
        ),
    )  # fmt: skip
    facts = {
        row.id: improvement_cycle.Facts(
            status=row.status, planned_start=row.planned_start, planned_end=row.planned_end,
            budget_requested=_money(row.budget_requested, row.currency),
            budget_approved=_money(row.budget_approved, row.currency),
            outcome=row.outcome, actual_end=row.actual_end,
        )
        for row in initiatives
    }  # fmt: skip
    for initiative_id, title in objectives:
        facts[initiative_id].objectives.append(title)
    for row in metrics:
        facts[row.initiative_id].metrics.append(
            improvement_cycle.LinkedMetric(row.name, row.unit, row.baseline_value, row.target_value)
        )
    for initiative_id, count, last in updates:
        facts[initiative_id].status_updates = count
        facts[initiative_id].last_update = _day(last)
    for initiative_id, name, attainment in realised:
        facts[initiative_id].realised.append((name, attainment))
    for row in reviews:
        facts[row.initiative_id].benefit_review = (row.outcome, row.reviewed_on, row.title)
    return facts


def _day(value):
    if value is None:
        return None
    if isinstance(value, str):  # SQLite's max() of a timestamp column is text
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).date() if value.tzinfo else value.date()


async def _cycles(planner, ids: set[int]) -> dict[int, list[ImprovementStep]]:
    today = datetime.now(UTC).date()
    found = {}
    for initiative_id, facts in (await _facts(planner, ids)).items():
        found[initiative_id] = [
            ImprovementStep(
                step=answer.step, question=answer.question, state=answer.state,
                summary=answer.summary, missing=answer.missing,
            )
            for answer in improvement_cycle.steps(facts, today)
        ]  # fmt: skip
    return found


async def _due_on(planner, ids: set[int]) -> dict:
    rows = await planner.rows(
        select(Initiative.id, Initiative.actual_end).where(
            planner.id_in(Initiative.id, ids), Initiative.status == "completed"
        )
    )
    return {row.id: benefit_reviews.due_on(row.actual_end) for row in rows}


def _review_of_initiative() -> ToOneBy:
    def query(planner, ids: set[int], layout):
        return select(BenefitReview.initiative_id, *layout.columns).where(
            planner.id_in(BenefitReview.initiative_id, ids)
        )

    return ToOneBy(BENEFIT_REVIEW, query)


def _review_it_corrects() -> ToOneBy:
    def query(planner, ids: set[int], layout):
        return select(BenefitReview.corrective_initiative_id, *layout.columns).where(
            planner.id_in(BenefitReview.corrective_initiative_id, ids)
        )

    return ToOneBy(BENEFIT_REVIEW, query)


RELATIONS = {
    ("Initiative", "correctsBenefitReview"): _review_it_corrects(),
    ("Initiative", "improvementCycle"): Computed(_cycles, list),
    ("Initiative", "benefitReview"): _review_of_initiative(),
    ("Initiative", "benefitReviewDueOn"): Computed(_due_on, lambda: None),
    ("BenefitReview", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("BenefitReview", "reviewedBy"): ToOne(PERSON, "reviewed_by"),
    ("BenefitReview", "correctiveInitiative"): ToOne(INITIATIVE, "corrective_initiative"),
}
