"""How balance assessments' and guidelines' relations load, for all parents at once: the
service and the people, each assessment's four scores in words, the evidence computed for its
period (server/domain/balance/evidence.py), and what the viewer may change."""

from __future__ import annotations

from sqlalchemy import select

from schema.balance.evidence import evidence_for
from schema.balance.types import BalanceIndicator, BalanceScore
from schema.core.relations import Computed, ToMany, ToOne
from schema.people.sources import PERSON
from schema.services.sources import SERVICE
from server.domain.balance import assessments
from server.domain.balance.evidence import Period
from server.domain.core import permissions
from server.models import BalanceAssessment, BalanceAssessor, BalanceGuideline, Person
from server.models.enums import Tension


async def _scores(planner, ids: set[int]) -> dict[int, list[BalanceScore]]:
    columns = [getattr(BalanceAssessment, t.value) for t in Tension]
    notes = [getattr(BalanceAssessment, f"{t.value}_evidence") for t in Tension]
    found = {}
    for row in await planner.rows(
        select(BalanceAssessment.id, *columns, *notes).where(
            planner.id_in(BalanceAssessment.id, ids)
        )
    ):
        values = row[1:]
        found[row.id] = [
            BalanceScore(
                tension=tension, score=values[index],
                leaning=assessments.leaning(tension, values[index]),
                evidence=values[index + len(Tension)],
            )
            for index, tension in enumerate(Tension)
        ]  # fmt: skip
    return found


async def _indicators(planner, ids: set[int]) -> dict[int, list[BalanceIndicator]]:
    rows = await planner.rows(
        select(
            BalanceAssessment.id, BalanceAssessment.service_id, BalanceAssessment.period_start,
            BalanceAssessment.period_end,
        ).where(planner.id_in(BalanceAssessment.id, ids))
    )  # fmt: skip
    periods = {row.id: Period(row.service_id, row.period_start, row.period_end) for row in rows}
    found = await evidence_for(planner, list(dict.fromkeys(periods.values())))
    return {assessment: found[period] for assessment, period in periods.items()}


async def _assessment_may_edit(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(BalanceAssessment.id, BalanceAssessment.service_id).where(
            planner.id_in(BalanceAssessment.id, ids)
        )
    )
    return {row.id: permissions.may_assess_balance(viewer, row.service_id) for row in rows}


async def _guideline_may_edit(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(BalanceGuideline.id, BalanceGuideline.owner_id).where(
            planner.id_in(BalanceGuideline.id, ids)
        )
    )
    return {row.id: permissions.may_keep_guidelines(viewer, row.owner_id) for row in rows}


async def _review_due(planner, ids: set[int]) -> dict[int, bool]:
    today = assessments.today()
    rows = await planner.rows(
        select(BalanceGuideline.id).where(
            planner.id_in(BalanceGuideline.id, ids), BalanceGuideline.review_on <= today
        )
    )
    return {row[0]: True for row in rows}


RELATIONS = {
    ("BalanceAssessment", "service"): ToOne(SERVICE, "service"),
    ("BalanceAssessment", "recordedBy"): ToOne(PERSON, "recorded_by"),
    ("BalanceAssessment", "assessors"): ToMany(
        PERSON, BalanceAssessor.assessment_id, link=BalanceAssessor,
        link_target_column=BalanceAssessor.person_id,
        order=lambda args: [Person.name, Person.id],
    ),
    ("BalanceAssessment", "scores"): Computed(_scores, list),
    ("BalanceAssessment", "indicators"): Computed(_indicators, list),
    ("BalanceAssessment", "viewerMayEdit"): Computed(_assessment_may_edit, lambda: False),
    ("BalanceGuideline", "owner"): ToOne(PERSON, "owner"),
    ("BalanceGuideline", "viewerMayEdit"): Computed(_guideline_may_edit, lambda: False),
    ("BalanceGuideline", "reviewDue"): Computed(_review_due, lambda: False),
}  # fmt: skip
