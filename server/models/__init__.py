"""The ORM models by area; importing this package registers every table on `Base.metadata`."""

from server.models.balance import BalanceAssessment, BalanceAssessor, BalanceGuideline
from server.models.base import Base
from server.models.changes import ChangeKind, ChangeStatus, PendingChange
from server.models.collaboration import (
    Comment,
    CommentMention,
    Notification,
    ReminderSent,
    Watch,
)
from server.models.engagement import (
    Feedback,
    ReviewFinding,
    ReviewMetricSnapshot,
    ServiceReview,
    ServiceReviewPerson,
    ServiceReviewStakeholder,
    Stakeholder,
    StakeholderService,
    Suggestion,
    SuggestionSupport,
)
from server.models.governance import (
    ActivityResponsibility,
    ProcessActivity,
    ProcessDefinitionVersion,
    ProcessPolicy,
)
from server.models.imports import ImportState, MeasurementImport
from server.models.initiatives import (
    BenefitReview,
    BudgetRequest,
    Initiative,
    InitiativeDimension,
    InitiativeEvent,
    InitiativeService,
    InitiativeTag,
    StatusUpdate,
)
from server.models.leases import RunnerLease
from server.models.mail import MailPreference, MailSchedule, OutboxMail
from server.models.metrics import Measurement, Metric, MetricInitiative, RealisedBenefit
from server.models.objectives import InitiativeObjective, MetricObjective, Objective
from server.models.people import (
    ApiToken,
    AuditEntry,
    AuditReference,
    AuthFailure,
    Person,
    PersonPreference,
    Role,
    RoleAssignment,
    SavedView,
    WebSession,
)
from server.models.plans import Plan, PlanBudgetEnvelope
from server.models.portfolio import PortfolioDecision, SteeringMeeting, SteeringMeetingAttendee
from server.models.services import Offering, Process, Service
from server.models.webhooks import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ActivityResponsibility",
    "ApiToken",
    "AuditEntry",
    "AuditReference",
    "AuthFailure",
    "BalanceAssessment",
    "BalanceAssessor",
    "BalanceGuideline",
    "Base",
    "BenefitReview",
    "BudgetRequest",
    "ChangeKind",
    "ChangeStatus",
    "Comment",
    "CommentMention",
    "Feedback",
    "ImportState",
    "Initiative",
    "InitiativeDimension",
    "InitiativeEvent",
    "InitiativeObjective",
    "InitiativeService",
    "InitiativeTag",
    "MailPreference",
    "MailSchedule",
    "Measurement",
    "MeasurementImport",
    "Metric",
    "MetricInitiative",
    "MetricObjective",
    "Notification",
    "Objective",
    "Offering",
    "OutboxMail",
    "PendingChange",
    "Person",
    "PersonPreference",
    "Plan",
    "PlanBudgetEnvelope",
    "PortfolioDecision",
    "Process",
    "ProcessActivity",
    "ProcessDefinitionVersion",
    "ProcessPolicy",
    "RealisedBenefit",
    "ReminderSent",
    "ReviewFinding",
    "ReviewMetricSnapshot",
    "Role",
    "RoleAssignment",
    "RunnerLease",
    "SavedView",
    "Service",
    "ServiceReview",
    "ServiceReviewPerson",
    "ServiceReviewStakeholder",
    "Stakeholder",
    "StakeholderService",
    "StatusUpdate",
    "SteeringMeeting",
    "SteeringMeetingAttendee",
    "Suggestion",
    "SuggestionSupport",
    "Watch",
    "WebSession",
    "WebhookDelivery",
    "WebhookEndpoint",
]
