"""Where each API type's rows come from: the columns, the visibility rule, the object builder.

Objects are instances of the Strawberry types with their attributes filled straight from Core
rows (no ORM objects, no dataclass __init__ on the read path). `_pk` keeps the database id;
`_fk` the foreign keys the planner follows; `_prefetch` the pages of connection fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Select, select

from schema import types as t
from schema.ids import to_global_id
from server.domain.core import visibility
from server.domain.core.viewer import Viewer
from server.models import (
    ApiToken,
    AuditEntry,
    BudgetRequest,
    Initiative,
    InitiativeEvent,
    Measurement,
    Metric,
    Objective,
    Offering,
    PendingChange,
    Person,
    Plan,
    Process,
    Role,
    RoleAssignment,
    Service,
    StatusUpdate,
)


@dataclass(frozen=True)
class Layout:
    """The columns one load selects: the id, then fields, then foreign keys, by name."""

    columns: tuple
    names: tuple[str, ...]
    fk_names: tuple[str, ...]


@dataclass
class Source:
    """How to load one object type."""

    type_name: str
    cls: type
    model: Any
    fields: dict[str, ColumnElement]  # attribute name -> column
    foreign_keys: dict[str, ColumnElement] = field(default_factory=dict)
    visibility: Callable[[Viewer | None], ColumnElement[bool] | None] = lambda viewer: None
    builder: Callable[[Any], Any] | None = None
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)  # what the builder needs

    def __post_init__(self) -> None:
        self.pk = self.model.id
        self._layouts: dict[frozenset[str] | None, Layout] = {}
        self.full = self.layout(None)
        self.columns = list(self.full.columns)

    def layout(self, wanted: frozenset[str] | None) -> Layout:
        """Only the columns a query asks for (None: all of them). Fewer columns mean less to
        send, convert and copy for every row of a large report."""
        cached = self._layouts.get(wanted)
        if cached is None:
            chosen = set(self.fields) if wanted is None else set(wanted)
            for name in list(chosen):
                chosen.update(self.requires.get(name, ()))
            names = tuple(name for name in self.fields if name in chosen)
            fk_names = tuple(name for name in self.foreign_keys if wanted is None or name in chosen)
            columns = (
                self.pk,
                *(self.fields[name] for name in names),
                *(self.foreign_keys[name] for name in fk_names),
            )
            cached = self._layouts[wanted] = Layout(columns, names, fk_names)
        return cached

    def select(self, *extra, layout: Layout | None = None) -> Select:
        return select(*(layout or self.full).columns, *extra)

    def conditions(self, viewer: Viewer | None) -> list[ColumnElement[bool]]:
        condition = self.visibility(viewer)
        return [] if condition is None else [condition]

    def build(self, row: Sequence[Any], layout: Layout | None = None) -> Any:
        """An object from the first values of a row, as the layout says (extra columns may
        follow)."""
        layout = layout or self.full
        obj = object.__new__(self.cls)
        values = obj.__dict__
        pk = row[0]
        values["_pk"] = pk
        values["id"] = strawberry.ID(to_global_id(self.type_name, pk))
        names = layout.names
        values.update(zip(names, row[1 : 1 + len(names)], strict=False))
        start = 1 + len(names)
        values["_fk"] = dict(zip(layout.fk_names, row[start : start + len(layout.fk_names)],
                                 strict=False))  # fmt: skip
        values["_prefetch"] = {}
        if self.builder is not None:
            self.builder(obj)
        return obj


def _audit_entity_id(obj: Any) -> None:
    values = obj.__dict__
    if "entity_id" in values:
        values["entity_id"] = strawberry.ID(
            to_global_id(values["entity_type"], values["entity_id"])
        )


SOURCES: dict[str, Source] = {}


def _register(source: Source) -> Source:
    SOURCES[source.type_name] = source
    return source


ROLE = _register(
    Source(
        "Role",
        t.Role,
        Role,
        {
            "slug": Role.slug,
            "name": Role.name,
            "description": Role.description,
            "is_builtin": Role.is_builtin,
        },
    )
)
PERSON = _register(
    Source(
        "Person",
        t.Person,
        Person,
        {
            "name": Person.name,
            "email": Person.email,
            "is_active": Person.is_active,
            "is_admin": Person.is_admin,
            "created_at": Person.created_at,
            "locked_until_value": Person.locked_until,  # shown by Person.locked_until
        },
        requires={"locked_until": ("locked_until_value",)},
    )
)
ROLE_ASSIGNMENT = _register(
    Source(
        "RoleAssignment",
        t.RoleAssignment,
        RoleAssignment,
        {"created_at": RoleAssignment.created_at},
        {
            "person": RoleAssignment.person_id,
            "role": RoleAssignment.role_id,
            "service": RoleAssignment.service_id,
            "process": RoleAssignment.process_id,
        },
    )
)
SERVICE = _register(
    Source(
        "Service",
        t.Service,
        Service,
        {
            "name": Service.name,
            "description": Service.description,
            "lifecycle": Service.lifecycle,
            "created_at": Service.created_at,
        },
    )
)
OFFERING = _register(
    Source(
        "Offering",
        t.Offering,
        Offering,
        {"name": Offering.name, "kind": Offering.kind, "description": Offering.description},
        {"service": Offering.service_id},
    )
)
PROCESS = _register(
    Source(
        "Process",
        t.Process,
        Process,
        {
            "name": Process.name,
            "description": Process.description,
            "created_at": Process.created_at,
        },
    )
)
PLAN = _register(
    Source(
        "Plan",
        t.Plan,
        Plan,
        {
            "name": Plan.name,
            "kind": Plan.kind,
            "description": Plan.description,
            "confidential": Plan.confidential,
            "created_at": Plan.created_at,
        },
        {"owner_role": Plan.owner_role_id, "service": Plan.service_id, "process": Plan.process_id},
        visibility.visible_plans,
    )
)
INITIATIVE = _register(
    Source(
        "Initiative",
        t.Initiative,
        Initiative,
        {
            "title": Initiative.title,
            "description": Initiative.description,
            "rationale": Initiative.rationale,
            "status": Initiative.status,
            "priority": Initiative.priority,
            "execution_mode": Initiative.execution_mode,
            "value_chain_activity": Initiative.value_chain_activity,
            "planned_start": Initiative.planned_start,
            "planned_end": Initiative.planned_end,
            "actual_start": Initiative.actual_start,
            "actual_end": Initiative.actual_end,
            "currency": Initiative.currency,
            "budget_requested": Initiative.budget_requested,
            "budget_approved": Initiative.budget_approved,
            "outcome": Initiative.outcome,
            "outcome_note": Initiative.outcome_note,
            "created_at": Initiative.created_at,
            "updated_at": Initiative.updated_at,
            "version": Initiative.version,
        },
        {
            "plan": Initiative.plan_id,
            "parent": Initiative.parent_id,
            "owner": Initiative.owner_id,
            "raised_from_metric": Initiative.raised_from_metric_id,
        },
        visibility.visible_initiatives,
    )
)
INITIATIVE_EVENT = _register(
    Source(
        "InitiativeEvent",
        t.InitiativeEvent,
        InitiativeEvent,
        {
            "from_status": InitiativeEvent.from_status,
            "to_status": InitiativeEvent.to_status,
            "at": InitiativeEvent.at,
            "reason": InitiativeEvent.reason,
        },
        {"actor": InitiativeEvent.actor_id, "initiative": InitiativeEvent.initiative_id},
        lambda viewer: visibility.visible_initiative_children(
            viewer, InitiativeEvent.initiative_id
        ),
    )
)
BUDGET_REQUEST = _register(
    Source(
        "BudgetRequest",
        t.BudgetRequest,
        BudgetRequest,
        {
            "amount": BudgetRequest.amount,
            "currency": BudgetRequest.currency,
            "justification": BudgetRequest.justification,
            "status": BudgetRequest.status,
            "requested_at": BudgetRequest.requested_at,
            "approved_amount": BudgetRequest.approved_amount,
            "decided_at": BudgetRequest.decided_at,
            "decision_reason": BudgetRequest.decision_reason,
        },
        {
            "requested_by": BudgetRequest.requested_by_id,
            "decided_by": BudgetRequest.decided_by_id,
            "initiative": BudgetRequest.initiative_id,
        },
        lambda viewer: visibility.visible_initiative_children(viewer, BudgetRequest.initiative_id),
    )
)
PENDING_CHANGE = _register(
    Source(
        "PendingChange",
        t.PendingChange,
        PendingChange,
        {
            "kind": PendingChange.kind,
            "status": PendingChange.status,
            "budget_before": PendingChange.budget_before,
            "budget_after": PendingChange.budget_after,
            "currency": PendingChange.currency,
            "target_before": PendingChange.target_before,
            "target_after": PendingChange.target_after,
            "reason": PendingChange.reason,
            "requested_at": PendingChange.requested_at,
            "decided_at": PendingChange.decided_at,
            "decision_reason": PendingChange.decision_reason,
        },
        {
            "requested_by": PendingChange.requested_by_id,
            "decided_by": PendingChange.decided_by_id,
            "initiative": PendingChange.initiative_id,
            "metric": PendingChange.metric_id,
        },
        visibility.visible_pending_changes,
    )
)
STATUS_UPDATE = _register(
    Source(
        "StatusUpdate",
        t.StatusUpdate,
        StatusUpdate,
        {
            "health": StatusUpdate.health,
            "percent_complete": StatusUpdate.percent_complete,
            "note": StatusUpdate.note,
            "posted_at": StatusUpdate.posted_at,
        },
        {"posted_by": StatusUpdate.posted_by_id, "initiative": StatusUpdate.initiative_id},
        lambda viewer: visibility.visible_initiative_children(viewer, StatusUpdate.initiative_id),
    )
)
OBJECTIVE = _register(
    Source(
        "Objective",
        t.Objective,
        Objective,
        {
            "level": Objective.level,
            "title": Objective.title,
            "description": Objective.description,
            "created_at": Objective.created_at,
        },
        {"parent": Objective.parent_id},
    )
)
METRIC = _register(
    Source(
        "Metric",
        t.Metric,
        Metric,
        {
            "name": Metric.name,
            "description": Metric.description,
            "unit": Metric.unit,
            "direction": Metric.direction,
            "should_measure": Metric.should_measure,
            "can_measure": Metric.can_measure,
            "data_source": Metric.data_source,
            "frequency": Metric.frequency,
            "baseline_value": Metric.baseline_value,
            "baseline_date": Metric.baseline_date,
            "target_value": Metric.target_value,
            "target_date": Metric.target_date,
            "amber_tolerance": Metric.amber_tolerance,
            "created_at": Metric.created_at,
        },
        {
            "owner": Metric.owner_id,
            "plan": Metric.plan_id,
            "service": Metric.service_id,
            "process": Metric.process_id,
        },
        visibility.visible_metrics,
    )
)
MEASUREMENT = _register(
    Source(
        "Measurement",
        t.Measurement,
        Measurement,
        {
            "value": Measurement.value,
            "taken_at": Measurement.taken_at,
            "source": Measurement.source,
            "recorded_at": Measurement.recorded_at,
        },
        {"recorded_by": Measurement.recorded_by_id, "metric": Measurement.metric_id},
        visibility.visible_measurements,
    )
)
API_TOKEN = _register(
    Source(
        "ApiToken",
        t.ApiToken,
        ApiToken,
        {
            "name": ApiToken.name,
            "prefix": ApiToken.prefix,
            "scope": ApiToken.scope,
            "created_at": ApiToken.created_at,
            "expires_at": ApiToken.expires_at,
            "last_used_at": ApiToken.last_used_at,
            "revoked_at": ApiToken.revoked_at,
        },
        {"person": ApiToken.person_id},
        visibility.visible_api_tokens,
    )
)
AUDIT_ENTRY = _register(
    Source(
        "AuditEntry",
        t.AuditEntry,
        AuditEntry,
        {
            "at": AuditEntry.at,
            "actor_name": AuditEntry.actor_name,
            "entity_type": AuditEntry.entity_type,
            "entity_id": AuditEntry.entity_id,
            "entity_label": AuditEntry.entity_label,
            "action": AuditEntry.action,
            "before": AuditEntry.before,
            "after": AuditEntry.after,
        },
        {"actor": AuditEntry.actor_id},
        visibility.visible_audit_entries,
        _audit_entity_id,
        {"entity_id": ("entity_type",)},
    )
)
