"""Step 7 of the improvement process, and what an initiative achieved.

`raise_corrective_action`: a metric off target (amber or red) becomes a proposed initiative in
the right plan (its service's improvement plan, else its process's, else the strategic plan),
linked back to the metric. `record_realised_benefits`: when an initiative completes, each
linked metric's latest value and attainment are frozen as the benefit it realised.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation, visibility
from server.domain.core.errors import FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import Action, can
from server.domain.core.viewer import Viewer
from server.domain.initiatives.edits import AUDITED, audit_change, record_event
from server.domain.metrics import analysis, latest
from server.models import (
    Initiative,
    InitiativeObjective,
    Measurement,
    Metric,
    MetricInitiative,
    MetricObjective,
    Plan,
    RealisedBenefit,
)
from server.models.enums import AuditAction, Direction, InitiativeStatus, PlanKind

SCOPED_KINDS = {PlanKind.SERVICE_IMPROVEMENT, PlanKind.PROCESS_IMPROVEMENT}
PERIODS = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}


def analyse_metrics(session: Session, metrics: list[Metric]) -> dict[int, analysis.MetricAnalysis]:
    """Each metric's status from its last few measurements, as the read API computes it."""
    ids = [metric.id for metric in metrics]
    if not ids:
        return {}
    recent = latest.by_metric(session.execute(latest.recent_values(Measurement.metric_id.in_(ids))))
    return {
        metric.id: analysis.analyse(
            values=recent.get(metric.id, []),
            baseline=metric.baseline_value,
            target=metric.target_value,
            direction=Direction(metric.direction),
            tolerance=metric.amber_tolerance,
            unit=metric.unit,
            period=PERIODS.get(str(getattr(metric.frequency, "value", metric.frequency)), "month"),
        )
        for metric in metrics
    }


def target_plan(session: Session, metric: Metric) -> Plan | None:
    """The service's improvement plan, else the process's, else the plan the metric is kept in
    when that is one of the unscoped improvement plans (security, continuity, skills: so a
    confidential metric's action stays confidential), else the strategic plan."""
    if metric.service_id is not None:
        plan = session.scalar(select(Plan).where(Plan.service_id == metric.service_id))
        if plan is not None:
            return plan
    if metric.process_id is not None:
        plan = session.scalar(select(Plan).where(Plan.process_id == metric.process_id))
        if plan is not None:
            return plan
    if metric.plan_id is not None:  # a security, continuity or skills metric stays in its plan
        plan = session.get(Plan, metric.plan_id)
        if plan is not None and PlanKind(plan.kind) not in SCOPED_KINDS:
            return plan
    return session.scalar(
        select(Plan).where(Plan.kind == PlanKind.STRATEGIC).order_by(Plan.id).limit(1)
    )


def raise_corrective_action(
    session: Session,
    viewer: Viewer,
    metric_id: int,
    title: str | None = None,
    description: str | None = None,
) -> Initiative:
    condition = visibility.visible_metrics(viewer)
    metric = session.scalar(
        select(Metric).where(Metric.id == metric_id, *([] if condition is None else [condition]))
    )
    if metric is None:
        raise RuleViolation(NOT_FOUND, "no metric has this id", "input.metricId")
    status = analyse_metrics(session, [metric])[metric.id]
    if status.rag not in (analysis.Rag.AMBER, analysis.Rag.RED):
        why = {
            analysis.Rag.GREEN: "it is on target (green)",
            analysis.Rag.NONE: "there is nothing to judge it by yet",
        }[status.rag]
        raise RuleViolation(
            INVALID,
            f"A corrective action is raised for a metric off target (amber or red); "
            f"“{metric.name}” is not: {why}. {status.reason}",
            "input.metricId",
        )
    plan = target_plan(session, metric)
    if plan is None or not can(viewer, Action.READ, plan):
        raise RuleViolation(
            NOT_FOUND, "there is no plan to raise this corrective action in", "input.metricId"
        )
    if metric.owner_id != viewer.person_id and not can(viewer, Action.PROPOSE, plan):
        raise RuleViolation(
            FORBIDDEN,
            f"Your roles do not allow you to propose initiatives in “{plan.name}”; the metric's "
            "owner or someone with a role there may raise this corrective action.",
        )
    rag = "Red" if status.rag is analysis.Rag.RED else "Amber"
    title = (
        validation.text("input.title", title, limit=200)
        or (f"Corrective action: {metric.name}"[:200])
    )
    description = validation.text("input.description", description, limit=10_000) or (
        f"Raised from the metric “{metric.name}” ({rag}): {status.reason}"
    )
    initiative = Initiative(
        plan_id=plan.id,
        title=title,
        description=description,
        rationale=f"{metric.name} is off target: {status.reason}",
        status=InitiativeStatus.PROPOSED,
        owner_id=viewer.person_id,
        created_by_id=viewer.person_id,
        raised_from_metric_id=metric.id,
    )
    session.add(initiative)
    session.flush()
    session.add(MetricInitiative(metric_id=metric.id, initiative_id=initiative.id))
    for objective_id in session.scalars(
        select(MetricObjective.objective_id).where(MetricObjective.metric_id == metric.id)
    ):  # the corrective action serves what the metric serves
        session.add(InitiativeObjective(initiative_id=initiative.id, objective_id=objective_id))
    session.flush()
    record_event(session, viewer, initiative, None, f"Corrective action for {metric.name}")
    audit_change(
        session, viewer, initiative, plan, AuditAction.CREATE, None,
        {**audit.snapshot(initiative, AUDITED), "raisedFromMetric": metric.name,
         "metricStatus": status.reason},
    )  # fmt: skip
    return initiative


def record_realised_benefits(session: Session, viewer: Viewer, initiative: Initiative) -> int:
    """Freeze, for each metric linked to a completing initiative, its latest value and the
    attainment at this moment (computed, never typed in). Returns how many were recorded."""
    metrics = list(
        session.scalars(
            select(Metric)
            .join(MetricInitiative, MetricInitiative.metric_id == Metric.id)
            .where(MetricInitiative.initiative_id == initiative.id)
            .order_by(Metric.id)
        )
    )
    if not metrics:
        return 0
    statuses = analyse_metrics(session, metrics)
    now = datetime.now(UTC)
    session.execute(
        insert(RealisedBenefit),
        [
            {
                "initiative_id": initiative.id,
                "metric_id": metric.id,
                "value": statuses[metric.id].latest,
                "attainment": statuses[metric.id].attainment,
                "baseline_value": metric.baseline_value,
                "target_value": metric.target_value,
                "recorded_at": now,
            }
            for metric in metrics
        ],
    )
    return len(metrics)
