"""The domain's vocabularies as GraphQL enums (values are the Python member names)."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from server.domain.initiatives import lifecycle
from server.domain.metrics import analysis
from server.models import changes, enums

E = TypeVar("E", bound=type[Enum])


def described(cls: E, description: str, values: dict[str, str]) -> E:
    """A domain enum as a GraphQL enum, with a description of it and of each of its values (the
    domain's enums stay plain Python, so their values are described here)."""
    wrapped = strawberry.enum(cls, description=description)
    definition = wrapped.__strawberry_definition__
    names = [value.name for value in definition.values]
    if sorted(names) != sorted(values):
        raise ValueError(f"{definition.name}: describe exactly its values {names}")
    for value in definition.values:
        value.description = values[value.name]
    return wrapped


PlanKind = described(
    enums.PlanKind,
    "The six kinds of plan, each with its owner role and purpose.",
    {
        "STRATEGIC": "The top-level plan, owned by the steering committee and maintained by the "
        "service strategy manager: new or much-changed services and processes, new capabilities "
        "at scale.",
        "SERVICE_IMPROVEMENT": "One service's plan, owned by its service owner: smaller "
        "improvements of that existing service.",
        "PROCESS_IMPROVEMENT": "One process's plan, owned by its process owner: setting up or "
        "improving that process.",
        "SECURITY_IMPROVEMENT": "The security manager's plan, always confidential: improvements "
        "to security across services.",
        "CONTINUITY_IMPROVEMENT": "The service continuity manager's plan: improvements for "
        "continuity in disruptive events.",
        "SKILL_DEVELOPMENT": "The human resources manager's plan: building the skills the "
        "organisation needs.",
    },
)
ServiceLifecycle = described(
    enums.ServiceLifecycle,
    "Pipeline (planned), live (in the catalogue) or retired.",
    {
        "PIPELINE": "Planned or being built: in the service portfolio, not yet offered.",
        "LIVE": "Offered to customers: in the service catalogue.",
        "RETIRED": "No longer offered; kept for its history.",
    },
)
OfferingKind = described(
    enums.OfferingKind,
    "What an offering is made of.",
    {
        "GOODS": "Goods handed over to the customer, who then owns them, e.g. a laptop.",
        "ACCESS_TO_RESOURCES": "Access to resources the provider keeps, e.g. a mailbox.",
        "SERVICE_ACTION": "Something the provider does for the customer, e.g. a desk answering "
        "calls.",
    },
)
InitiativeStatus = described(
    enums.InitiativeStatus,
    "Where an initiative is in its lifecycle.",
    {
        "PROPOSED": "Proposed; waits for the plan's owner role to approve or reject it.",
        "APPROVED": "Approved; next its budget is requested, or it starts when it needs none.",
        "REJECTED": "Turned down by the plan's owner role; closed.",
        "BUDGET_REQUESTED": "A budget request waits for the steering committee's decision.",
        "FUNDED": "The steering committee granted a budget; it can start.",
        "IN_PROGRESS": "Running; its owner posts status updates.",
        "ON_HOLD": "Paused, with a reason; it can resume.",
        "COMPLETED": "Finished, with its outcome and realised benefits recorded; closed.",
        "CANCELLED": "Stopped before completion, with a reason; closed.",
    },
)
Priority = described(
    enums.Priority,
    "How urgent an initiative is, from LOW to CRITICAL (the order `orderBy: PRIORITY` sorts by).",
    {
        "LOW": "Low: done when time allows.",
        "MEDIUM": "Medium: the default for a new initiative.",
        "HIGH": "High: before the medium and low ones.",
        "CRITICAL": "Critical: the most urgent.",
    },
)
ExecutionMode = described(
    enums.ExecutionMode,
    "Run as a formal project, or informally.",
    {
        "FORMAL_PROJECT": "Run as a formal project, with its own project management.",
        "INFORMAL": "Run informally, within everyday work (the default).",
    },
)
FourDimension = described(
    enums.FourDimension,
    "The Four Dimensions of ITIL 4.",
    {
        "ORGANIZATIONS_AND_PEOPLE": "Organisations and people: structures, roles, skills and "
        "culture.",
        "INFORMATION_AND_TECHNOLOGY": "Information and technology: the information kept and the "
        "tools that manage it.",
        "PARTNERS_AND_SUPPLIERS": "Partners and suppliers: the other organisations the services "
        "depend on.",
        "VALUE_STREAMS_AND_PROCESSES": "Value streams and processes: how the parts work together "
        "to create value.",
    },
)
ValueChainActivity = described(
    enums.ValueChainActivity,
    "The service value chain activity an initiative serves.",
    {
        "PLAN": "Plan: a shared understanding of the vision, the current status and the direction.",
        "IMPROVE": "Improve: continual improvement of products, services and practices.",
        "ENGAGE": "Engage: understanding stakeholders' needs and keeping the relationships.",
        "DESIGN_AND_TRANSITION": "Design and transition: services that meet expectations of "
        "quality, cost and time to market.",
        "OBTAIN_BUILD": "Obtain/build: service components available when and where needed.",
        "DELIVER_AND_SUPPORT": "Deliver and support: services delivered and supported as agreed.",
    },
)
Outcome = described(
    enums.Outcome,
    "How a completed initiative turned out.",
    {
        "ACHIEVED": "It achieved what it set out to do.",
        "PARTLY_ACHIEVED": "It achieved part of what it set out to do.",
        "NOT_ACHIEVED": "It did not achieve what it set out to do.",
    },
)
BudgetRequestStatus = described(
    enums.BudgetRequestStatus,
    "Where a budget request stands with the steering committee.",
    {
        "PENDING": "Waits for the steering committee's decision.",
        "APPROVED": "Funded: `approvedAmount` is the amount granted, at most the amount asked.",
        "REJECTED": "Refused, with the reason in `decisionReason`; the initiative went back to "
        "APPROVED.",
    },
)
ChangeKind = described(
    changes.ChangeKind,
    "What a pending change alters: an initiative's approved BUDGET, or the TARGET of a metric "
    "that judges approved work.",
    {
        "BUDGET": "A new approved budget for an initiative, decided by the steering committee.",
        "TARGET": "A new target for a metric that judges approved work, decided by the owner role "
        "of that work's plan.",
    },
)
ChangeStatus = described(
    changes.ChangeStatus,
    "Where a pending change stands with its approver.",
    {
        "PENDING": "Waits for the approver; the approved value stays in force.",
        "ACCEPTED": "Accepted: the new value took effect.",
        "REJECTED": "Rejected with a reason (or settled when its work closed); the approved value "
        "stays.",
    },
)
Health = described(
    enums.Health,
    "A status update's view of an initiative.",
    {
        "ON_TRACK": "On track: going as planned.",
        "AT_RISK": "At risk: problems that may put the plan out of reach.",
        "OFF_TRACK": "Off track: it will not meet the plan without intervention.",
    },
)
ObjectiveLevel = described(
    enums.ObjectiveLevel,
    "Vision > strategy > tactical goal > operational goal.",
    {
        "VISION": "The vision: the top of the tree, the only level without a parent.",
        "STRATEGY": "A strategy, below the vision.",
        "TACTICAL": "A tactical goal, below a strategy or the vision.",
        "OPERATIONAL": "An operational goal, the lowest level, below any higher one.",
    },
)
Direction = described(
    enums.Direction,
    "Whether a metric improves as it goes up or down.",
    {
        "UP": "Higher is better, e.g. availability.",
        "DOWN": "Lower is better, e.g. the time to resolve an incident.",
    },
)
MeasurementFrequency = described(
    enums.MeasurementFrequency,
    "How often a metric is measured: the next measurement is due one period after the latest.",
    {
        "DAILY": "Every day.",
        "WEEKLY": "Every week.",
        "MONTHLY": "Every calendar month (the default).",
        "QUARTERLY": "Every three calendar months.",
    },
)
TokenScope = described(
    enums.TokenScope,
    "What an API token may do.",
    {
        "READ": "Only read: every mutation is refused with FORBIDDEN (the default).",
        "READ_WRITE": "Read and change, with the permissions of the token's person.",
    },
)
AuditAction = described(
    enums.AuditAction,
    "What kind of change an audit entry records.",
    {
        "CREATE": "Something was created; `before` is null, `after` holds its fields.",
        "UPDATE": "Fields changed; `before` and `after` hold their old and new values.",
        "DELETE": "Something was deleted; `after` is null, `before` holds its last fields.",
        "TRANSITION": "An initiative took a lifecycle step; `after` holds the changed fields and "
        "the reason.",
    },
)


Transition = described(
    lifecycle.Transition,
    "A step of the initiative lifecycle.",
    {
        "APPROVE": "Proposed to approved, by the plan's owner role (`approveInitiative`).",
        "REJECT": "Proposed to rejected, with a reason, by the plan's owner role "
        "(`rejectInitiative`).",
        "REQUEST_BUDGET": "Approved to budget requested: money asked of the steering committee "
        "(`requestBudget`).",
        "FUND": "Budget requested to funded, by the steering committee (`decideBudget`, "
        "approve: true).",
        "REJECT_BUDGET": "Budget requested back to approved, with a reason, by the steering "
        "committee (`decideBudget`, approve: false).",
        "START": "Funded, or approved with no budget asked, to in progress (`startInitiative`).",
        "HOLD": "In progress to on hold, with a reason (`holdInitiative`).",
        "RESUME": "On hold to in progress (`resumeInitiative`).",
        "COMPLETE": "In progress to completed, with an outcome (`completeInitiative`).",
        "CANCEL": "Any state before completed to cancelled, with a reason (`cancelInitiative`).",
    },
)


Rag = described(
    analysis.Rag,
    "Red, amber or green; none when there is nothing to judge yet.",
    {
        "RED": "A metric short of its target beyond the amber tolerance; a schedule past its "
        "planned end and not finished.",
        "AMBER": "A metric short of its target within the amber tolerance; a schedule due within "
        "14 days.",
        "GREEN": "A metric that meets its target; a schedule more than 14 days from its planned "
        "end.",
        "NONE": "Nothing to judge: a metric with no measurement or no target; a schedule with no "
        "planned end, or finished work.",
    },
)
Trend = described(
    analysis.Trend,
    "Where the latest measurements are heading.",
    {
        "IMPROVING": "The latest measurements move the way the metric's direction calls better.",
        "WORSENING": "The latest measurements move the wrong way.",
        "FLAT": "The latest measurements barely move (less than 2% of the baseline-to-target "
        "span).",
        "UNKNOWN": "Fewer than three measurements: no trend yet.",
    },
)


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Ascending: smallest, earliest or A first.")
    DESC = strawberry.enum_value("desc", description="Descending: largest, latest or Z first.")
