"""The closed vocabularies of the domain (DOMAIN.md), stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class ServiceLifecycle(StrEnum):
    PIPELINE = "pipeline"
    LIVE = "live"
    RETIRED = "retired"


class OfferingKind(StrEnum):
    GOODS = "goods"
    ACCESS_TO_RESOURCES = "access_to_resources"
    SERVICE_ACTION = "service_action"


class PlanKind(StrEnum):
    STRATEGIC = "strategic"
    SERVICE_IMPROVEMENT = "service_improvement"
    PROCESS_IMPROVEMENT = "process_improvement"
    SECURITY_IMPROVEMENT = "security_improvement"
    CONTINUITY_IMPROVEMENT = "continuity_improvement"
    SKILL_DEVELOPMENT = "skill_development"


class InitiativeStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    BUDGET_REQUESTED = "budget_requested"
    FUNDED = "funded"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ExecutionMode(StrEnum):
    FORMAL_PROJECT = "formal_project"
    INFORMAL = "informal"


class FourDimension(StrEnum):
    ORGANIZATIONS_AND_PEOPLE = "organizations_and_people"
    INFORMATION_AND_TECHNOLOGY = "information_and_technology"
    PARTNERS_AND_SUPPLIERS = "partners_and_suppliers"
    VALUE_STREAMS_AND_PROCESSES = "value_streams_and_processes"


class ValueChainActivity(StrEnum):
    PLAN = "plan"
    IMPROVE = "improve"
    ENGAGE = "engage"
    DESIGN_AND_TRANSITION = "design_and_transition"
    OBTAIN_BUILD = "obtain_build"
    DELIVER_AND_SUPPORT = "deliver_and_support"


class Outcome(StrEnum):
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    NOT_ACHIEVED = "not_achieved"


class BudgetRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Health(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class ObjectiveLevel(StrEnum):
    VISION = "vision"
    STRATEGY = "strategy"
    TACTICAL = "tactical"
    OPERATIONAL = "operational"


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class MeasurementFrequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class TokenScope(StrEnum):
    READ = "read"
    READ_WRITE = "read_write"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    TRANSITION = "transition"


class FailureKind(StrEnum):
    """What a failed attempt to authenticate was: a password on the sign-in form, or a token."""

    PASSWORD = "password"
    TOKEN = "token"


class SuggestionStatus(StrEnum):
    SUBMITTED = "submitted"
    NEEDS_INFORMATION = "needs_information"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


class SuggestionSource(StrEnum):
    OWN_IDEA = "own_idea"
    METRIC = "metric"
    FEEDBACK = "feedback"
    REVIEW_FINDING = "review_finding"
    BALANCE_ASSESSMENT = "balance_assessment"


class StakeholderKind(StrEnum):
    CUSTOMER = "customer"
    BUSINESS_UNIT = "business_unit"
    USER_GROUP = "user_group"
    SUPPLIER = "supplier"
    INTERNAL_TEAM = "internal_team"


class FeedbackChannel(StrEnum):
    REVIEW = "review"
    SURVEY = "survey"
    SERVICE_DESK = "service_desk"
    MEETING = "meeting"


class ReviewCadence(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    HELD = "held"
    CLOSED = "closed"


class FindingOutcome(StrEnum):
    IMPROVEMENT = "improvement"
    SUGGESTION = "suggestion"
    NO_ACTION = "no_action"


class BenefitOutcome(StrEnum):
    SUSTAINED = "sustained"
    SLIPPED = "slipped"


class Tension(StrEnum):
    """The four balances of service operation; a score leans toward the first-named pole when
    negative, the second when positive."""

    INTERNAL_EXTERNAL = "internal_external"
    STABILITY_RESPONSIVENESS = "stability_responsiveness"
    QUALITY_COST = "quality_cost"
    REACTIVE_PROACTIVE = "reactive_proactive"


class MetricPerspective(StrEnum):
    CUSTOMER_OUTCOME = "customer_outcome"
    QUALITY = "quality"
    COST = "cost"
    COMPONENT = "component"


class PortfolioMove(StrEnum):
    CHARTER = "charter"  # (back) into the pipeline
    GO_LIVE = "go_live"  # from the pipeline into the catalogue
    RETIRE = "retire"


class DecisionStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class Responsibility(StrEnum):
    """A role's part in a process activity (RACI). The process owner is always accountable (the
    A is implied, never stored); every other role is responsible, consulted or informed."""

    ACCOUNTABLE = "accountable"
    RESPONSIBLE = "responsible"
    CONSULTED = "consulted"
    INFORMED = "informed"


class NotificationKind(StrEnum):
    """Why someone is told of something."""

    AWAITING_DECISION = "awaiting_decision"  # a thing waits for their decision
    DECIDED = "decided"  # a decision was made on their thing
    MENTIONED = "mentioned"  # a comment mentions them
    COMMENTED = "commented"  # a comment on a thing they watch
    CHANGED = "changed"  # a thing they watch moved on
    REMINDER = "reminder"  # something of theirs is overdue, or a decision has waited too long


class MailDelivery(StrEnum):
    """How someone wants one kind of notification by e-mail."""

    IMMEDIATE = "immediate"  # a mail at once
    DIGEST = "digest"  # in one mail a day, at their digest hour
    OFF = "off"  # in the app only


class Theme(StrEnum):
    """How the pages look to someone: as their system is set, or always light or dark."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
