"""The ORM models by area; importing this package registers every table on `Base.metadata`."""

from server.models.audit import AuditEntry, AuditReference
from server.models.base import Base
from server.models.changes import ChangeKind, ChangeStatus, PendingChange
from server.models.imports import ImportState, MeasurementImport
from server.models.leases import RunnerLease
from server.models.measures import (
    InitiativeObjective,
    Measurement,
    Metric,
    MetricInitiative,
    MetricObjective,
    Objective,
    RealisedBenefit,
)
from server.models.people import ApiToken, Person, Role, RoleAssignment
from server.models.plans import (
    BudgetRequest,
    Initiative,
    InitiativeDimension,
    InitiativeEvent,
    InitiativeTag,
    Plan,
    StatusUpdate,
)
from server.models.portfolio import Offering, Process, Service
from server.models.sessions import AuthFailure, WebSession

__all__ = [
    "ApiToken",
    "AuditEntry",
    "AuditReference",
    "AuthFailure",
    "Base",
    "BudgetRequest",
    "ChangeKind",
    "ChangeStatus",
    "ImportState",
    "Initiative",
    "InitiativeDimension",
    "InitiativeEvent",
    "InitiativeObjective",
    "InitiativeTag",
    "Measurement",
    "MeasurementImport",
    "Metric",
    "MetricInitiative",
    "MetricObjective",
    "Objective",
    "Offering",
    "PendingChange",
    "Person",
    "Plan",
    "Process",
    "RealisedBenefit",
    "Role",
    "RoleAssignment",
    "RunnerLease",
    "Service",
    "StatusUpdate",
    "WebSession",
]
