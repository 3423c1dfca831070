"""Rules on a metric as a whole, and its audit entry: shared by defining a metric
(definitions.py) and by a new target taking effect (target_changes.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.viewer import Viewer
from server.models import Metric
from server.models.enums import AuditAction


def check_whole(metric: Metric) -> None:
    """Rules across fields, checked on the metric as it will be saved."""
    if metric.can_measure and not (metric.data_source or "").strip():
        raise RuleViolation(
            INVALID,
            "name the data source: a metric that can be measured needs one",
            "input.dataSource",
        )
    validation.date_order(
        "the baseline date", metric.baseline_date, "input.targetDate", metric.target_date
    )
    if metric.baseline_value is not None and metric.baseline_date is None:
        raise RuleViolation(INVALID, "give the date of the baseline", "input.baselineDate")
    if metric.target_value is not None and metric.target_date is None:
        raise RuleViolation(INVALID, "give the date the target is due", "input.targetDate")
    if metric.service_id is not None and metric.process_id is not None:
        raise RuleViolation(
            INVALID, "a metric measures a service or a process, not both", "input.processId"
        )
    if metric.service_level and metric.service_id is None:
        raise RuleViolation(
            INVALID, "a service level is agreed for a service: name the service",
            "input.serviceLevel",
        )  # fmt: skip
    if metric.service_level and metric.target_value is None:
        raise RuleViolation(
            INVALID, "a service level needs its agreed target", "input.serviceLevel"
        )
    if metric.agreed_with_id is not None and not metric.service_level:
        raise RuleViolation(
            INVALID, "a stakeholder agrees a service level only: mark it as one",
            "input.agreedWithId",
        )  # fmt: skip


def record_audit(
    session: Session,
    viewer: Viewer,
    metric: Metric,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Metric",
        entity_id=metric.id,
        entity_label=metric.name,
        action=action,
        before=before,
        after=after,
        plan_id=metric.plan_id,
    )
