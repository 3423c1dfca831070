"""What a viewer may see, as SQL conditions applied wherever rows are loaded.

A row the viewer may not see is never loaded, so lists, look-ups, counts and totals all agree,
and a hidden row cannot be told apart from a missing one. Confidential plans (the security
improvement plan) are visible only to administrators, the security manager and the steering
committee; so is everything in them: initiatives, their history, budgets and status updates,
and the metrics (with their measurements) kept in them or showing their effect.

Each function returns None when the viewer may see every row, so callers add no condition.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    exists,
    false,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import QueryableAttribute, aliased

from server.domain.core.viewer import Viewer
from server.models import (
    ApiToken,
    AuditEntry,
    AuditReference,
    Comment,
    Initiative,
    Measurement,
    Metric,
    MetricInitiative,
    Notification,
    PendingChange,
    Plan,
    SavedView,
    Suggestion,
)

Condition = ColumnElement[bool] | None


def _confidential_plans() -> Select[int]:
    return select(Plan.id).where(Plan.confidential.is_(True))


def _hidden_initiatives() -> Select[int]:
    return select(Initiative.id).where(Initiative.plan_id.in_(_confidential_plans()))


def _hidden_metrics() -> CompoundSelect[int]:
    """Metrics kept in a confidential plan, or showing the effect of confidential work."""
    return (
        select(Metric.id)
        .where(Metric.plan_id.in_(_confidential_plans()))
        .union(
            select(MetricInitiative.metric_id).where(
                MetricInitiative.initiative_id.in_(_hidden_initiatives())
            )
        )
    )


def visible_plans(viewer: Viewer | None) -> Condition:
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return None
    return Plan.confidential.is_(False)


def visible_initiatives(viewer: Viewer | None) -> Condition:
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return None
    return Initiative.plan_id.not_in(_confidential_plans())


def visible_initiative_children(
    viewer: Viewer | None, initiative_id_column: QueryableAttribute[int | None]
) -> Condition:
    """For rows that belong to an initiative: events, budget requests, status updates, links."""
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return None
    return initiative_id_column.not_in(_hidden_initiatives())


def open_metrics() -> ColumnElement[bool]:
    """Metrics neither kept in a confidential plan nor showing the effect of confidential work."""
    in_open_plan = or_(Metric.plan_id.is_(None), Metric.plan_id.not_in(_confidential_plans()))
    link = aliased(MetricInitiative)  # an alias: the caller may join the link table itself
    shows_hidden_work = exists().where(
        link.metric_id == Metric.id, link.initiative_id.in_(_hidden_initiatives())
    )
    return and_(in_open_plan, not_(shows_hidden_work))


def visible_metrics(viewer: Viewer | None) -> Condition:
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return None
    return open_metrics()


def visible_measurements(viewer: Viewer | None) -> Condition:
    condition = visible_metrics(viewer)
    if condition is None:
        return None
    return Measurement.metric_id.in_(select(Metric.id).where(condition))


def visible_pending_changes(viewer: Viewer | None) -> Condition:
    """A budget change with its initiative, a target change with its metric."""
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return None
    return or_(
        PendingChange.initiative_id.not_in(_hidden_initiatives()),
        PendingChange.metric_id.in_(select(Metric.id).where(open_metrics())),
    )


def visible_suggestions(viewer: Viewer | None) -> Condition:
    """A suggestion to a confidential plan is seen by its author and by those who see the
    plan; the rest by everyone signed in."""
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return None
    return or_(
        Suggestion.plan_id.not_in(_confidential_plans()), Suggestion.author_id == viewer.person_id
    )


def visible_stakeholders(viewer: Viewer | None) -> Condition:
    """Every signed-in person sees the stakeholders."""
    return false() if viewer is None else None


def visible_feedback(viewer: Viewer | None) -> Condition:
    """Every signed-in person sees the feedback on services (services are not confidential)."""
    return false() if viewer is None else None


def visible_service_reviews(viewer: Viewer | None) -> Condition:
    """Every signed-in person sees the service reviews and their findings (services are not
    confidential; a review freezes only metrics open to everyone, and a finding's suggestion
    or initiative in a confidential plan stays hidden on its own)."""
    return false() if viewer is None else None


def visible_balance(viewer: Viewer | None) -> Condition:
    """Every signed-in person sees the balance assessments and guidelines (the evidence beside
    them is computed from what each viewer may see)."""
    return false() if viewer is None else None


def visible_portfolio(viewer: Viewer | None) -> Condition:
    """Every signed-in person sees the portfolio's decisions (services are not confidential)."""
    return false() if viewer is None else None


def visible_saved_views(viewer: Viewer | None) -> Condition:
    """A saved view: its owner's, and everyone's once shared."""
    if viewer is None:
        return false()
    return or_(SavedView.owner_id == viewer.person_id, SavedView.shared.is_(True))


def visible_steering_meetings(viewer: Viewer | None) -> Condition:
    """The steering committee's meetings are published minutes: every signed-in person."""
    return false() if viewer is None else None


def visible_comments(viewer: Viewer | None) -> Condition:
    """A comment follows what it is about: on confidential work (an initiative or a suggestion
    in a confidential plan, a metric kept there or showing its effect) it is seen by those who
    see that work (a suggestion's author too); the rest by everyone signed in."""
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return None
    suggestion = visible_suggestions(viewer)
    assert suggestion is not None  # not a confidential reader: a condition
    return or_(
        and_(
            Comment.initiative_id.is_not(None),
            Comment.initiative_id.not_in(_hidden_initiatives()),
        ),
        Comment.suggestion_id.in_(select(Suggestion.id).where(suggestion)),
        Comment.metric_id.in_(select(Metric.id).where(open_metrics())),
        Comment.service_review_id.is_not(None),
        Comment.balance_assessment_id.is_not(None),
    )


def visible_notifications(viewer: Viewer | None) -> Condition:
    """A person sees only their own notifications, and of those only the ones about what they
    may still see (a role taken away since hides them again)."""
    if viewer is None:
        return false()
    own = Notification.person_id == viewer.person_id
    if viewer.sees_confidential:
        return own
    suggestion = visible_suggestions(viewer)
    assert suggestion is not None  # not a confidential reader: a condition
    return and_(
        own,
        or_(
            Notification.initiative_id.is_(None),
            Notification.initiative_id.not_in(_hidden_initiatives()),
        ),
        or_(
            Notification.suggestion_id.is_(None),
            Notification.suggestion_id.in_(select(Suggestion.id).where(suggestion)),
        ),
        or_(
            Notification.metric_id.is_(None),
            Notification.metric_id.in_(select(Metric.id).where(open_metrics())),
        ),
    )


def visible_audit_entries(viewer: Viewer | None) -> Condition:
    """Administrators see every entry; others never see entries about people and tokens, and
    see an entry that names anything confidential (its plan, an initiative in it, a metric
    kept in it or showing its effect) only when they may see confidential plans. What an
    entry names is judged now, so linking a metric to confidential work hides its history."""
    if viewer is None:
        return false()
    if viewer.is_admin:
        return None
    condition: ColumnElement[bool] = AuditEntry.admin_only.is_(False)
    if not viewer.sees_confidential:
        named = aliased(AuditReference)
        names_hidden = exists().where(
            named.entry_id == AuditEntry.id,
            or_(
                and_(named.entity_type == "Plan", named.entity_id.in_(_confidential_plans())),
                and_(
                    named.entity_type == "Initiative",
                    named.entity_id.in_(_hidden_initiatives()),
                ),
                and_(named.entity_type == "Metric", named.entity_id.in_(_hidden_metrics())),
            ),
        )
        condition = and_(
            condition,
            or_(AuditEntry.plan_id.is_(None), AuditEntry.plan_id.not_in(_confidential_plans())),
            not_(names_hidden),
        )
    return condition


def visible_api_tokens(viewer: Viewer | None) -> Condition:
    """People see their own tokens; administrators everyone's."""
    if viewer is None:
        return false()
    if viewer.is_admin:
        return None
    return ApiToken.person_id == viewer.person_id
