"""The initiatives' vocabularies as GraphQL enums (values are the Python member names)."""

from __future__ import annotations

from schema.core.enums import described
from server.domain.initiatives import improvement_cycle, lifecycle
from server.models import enums

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


Health = described(
    enums.Health,
    "A status update's view of an initiative.",
    {
        "ON_TRACK": "On track: going as planned.",
        "AT_RISK": "At risk: problems that may put the plan out of reach.",
        "OFF_TRACK": "Off track: it will not meet the plan without intervention.",
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


ImprovementStepKind = described(
    improvement_cycle.Step,
    "The seven questions of the continual improvement model, in order.",
    {
        "VISION": "What is the vision? The objectives the work serves.",
        "WHERE_ARE_WE_NOW": "Where are we now? The baselines of its linked metrics.",
        "WHERE_DO_WE_WANT_TO_BE": "Where do we want to be? The targets of its linked metrics.",
        "HOW_DO_WE_GET_THERE": "How do we get there? Its schedule and budget.",
        "TAKE_ACTION": "Take action: its status updates while it runs.",
        "DID_WE_GET_THERE": "Did we get there? Its outcome and realised benefits.",
        "KEEP_THE_MOMENTUM": "How do we keep the momentum? Its benefit review after completion.",
    },
)

StepState = described(
    improvement_cycle.StepState,
    "How far a step of the improvement cycle is answered.",
    {
        "DONE": "Answered by the data Steward holds.",
        "MISSING": "The work has reached this step but its data is missing; `missing` says "
        "what to add.",
        "NOT_YET": "The work has not reached this step.",
    },
)

BenefitOutcome = described(
    enums.BenefitOutcome,
    "Whether a completed initiative's gains held when reviewed.",
    {
        "SUSTAINED": "The gains held.",
        "SLIPPED": "The gains slipped; a corrective initiative was proposed to win them back.",
    },
)
