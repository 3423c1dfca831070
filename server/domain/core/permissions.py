"""Who may do what (DOMAIN.md, "Who may do what"): the one place that decides.

`can(viewer, action, target)` answers for a plan or an initiative (anything with a plan).
Reads and writes both go through it; the state machine asks it which transitions a viewer may
fire, and the read API shows those, so the pages offer only the buttons that work.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from server.domain.core.roles import (
    BUSINESS_RELATIONSHIP_MANAGER,
    OWNER_ROLE_BY_PLAN_KIND,
    PROCESS_MANAGER,
    PROCESS_OWNER,
    PROCESS_PRACTITIONER,
    SERVICE_OWNER,
    SERVICE_STRATEGY_MANAGER,
    STEERING_COMMITTEE,
)
from server.domain.core.viewer import Viewer
from server.models.enums import PlanKind


class Action(StrEnum):
    READ = "read"
    PROPOSE = "propose"
    APPROVE = "approve"  # and reject
    EDIT = "edit"  # edit fields, post status updates, request budget, start, hold, resume, complete
    POST_STATUS_UPDATE = "post_status_update"  # EDIT, or the process manager in its process's plan
    CANCEL = "cancel"
    DECIDE_BUDGET = "decide_budget"
    LINK_CHILDREN = "link_children"
    ADMINISTER = "administer"  # people, roles, assignments, plans, services, processes, offerings


class PlanLike(Protocol):
    kind: PlanKind
    service_id: int | None
    process_id: int | None
    confidential: bool


class InitiativeLike(Protocol):
    owner_id: int | None


def may_read_plan(viewer: Viewer, plan: PlanLike) -> bool:
    return not plan.confidential or viewer.sees_confidential


def owns_plan(viewer: Viewer, plan: PlanLike) -> bool:
    """Holds the plan's owner role, in the plan's scope (the E-mail owner owns only E-mail's)."""
    role = OWNER_ROLE_BY_PLAN_KIND[PlanKind(plan.kind)]
    return viewer.holds_for(role, service_id=plan.service_id, process_id=plan.process_id)


def maintains_plan(viewer: Viewer, plan: PlanLike) -> bool:
    """Owns it, or (for the strategic plan) maintains it as the service strategy manager."""
    if owns_plan(viewer, plan):
        return True
    return PlanKind(plan.kind) == PlanKind.STRATEGIC and viewer.holds(SERVICE_STRATEGY_MANAGER)


def manages_process_of(viewer: Viewer, plan: PlanLike) -> bool:
    """Holds the process manager role for the process whose improvement plan this is."""
    return (
        PlanKind(plan.kind) == PlanKind.PROCESS_IMPROVEMENT
        and plan.process_id is not None
        and viewer.holds_for(PROCESS_MANAGER, process_id=plan.process_id)
    )


def may_propose(viewer: Viewer, plan: PlanLike) -> bool:
    """Anyone holding a role; in a scoped plan, a role in that scope (a process's manager and
    practitioners, scoped to it or to every process, propose in its plan)."""
    if plan.service_id is None and plan.process_id is None:
        return bool(viewer.grants)
    if plan.process_id is not None and any(
        viewer.holds_for(role, process_id=plan.process_id)
        for role in (PROCESS_MANAGER, PROCESS_PRACTITIONER)
    ):
        return True
    return any(
        (plan.service_id is not None and grant.service_id == plan.service_id)
        or (plan.process_id is not None and grant.process_id == plan.process_id)
        for grant in viewer.grants
    ) or owns_plan(viewer, plan)


def can(
    viewer: Viewer | None,
    action: Action,
    plan: PlanLike | None = None,
    initiative: InitiativeLike | None = None,
) -> bool:
    if viewer is None:
        return False
    if action is Action.ADMINISTER:
        return viewer.is_admin
    if action is Action.DECIDE_BUDGET:
        return viewer.holds(STEERING_COMMITTEE) and (plan is None or may_read_plan(viewer, plan))
    if plan is None or not may_read_plan(viewer, plan):
        return False
    if action is Action.READ:
        return True
    if action is Action.PROPOSE:
        return may_propose(viewer, plan)
    if action is Action.APPROVE:
        return owns_plan(viewer, plan)
    if action is Action.LINK_CHILDREN:
        return maintains_plan(viewer, plan)
    if action in (Action.EDIT, Action.CANCEL, Action.POST_STATUS_UPDATE):
        is_owner = initiative is not None and initiative.owner_id == viewer.person_id
        if is_owner or maintains_plan(viewer, plan):
            return True
        return action is Action.POST_STATUS_UPDATE and manages_process_of(viewer, plan)
    return False


def may_decide_change(viewer: Viewer | None, kind: str, plans: list[PlanLike]) -> bool:
    """A change to what was approved goes to whoever approved it: a budget to the steering
    committee; a metric's target to the owner role of a plan whose approved work it judges."""
    if kind == "budget":
        return any(can(viewer, Action.DECIDE_BUDGET, plan) for plan in plans)
    return any(can(viewer, Action.APPROVE, plan) for plan in plans)


def may_record_measurements(
    viewer: Viewer | None,
    metric_owner_id: int | None,
    linked_owner_ids: set[int],
    process_id: int | None = None,
) -> bool:
    """The metric's owner, the owner of an initiative the metric is linked to, and, for a
    metric of a process, that process's manager."""
    if viewer is None:
        return False
    if viewer.person_id == metric_owner_id or viewer.person_id in linked_owner_ids:
        return True
    return process_id is not None and viewer.holds_for(PROCESS_MANAGER, process_id=process_id)


# -- objectives and metrics (the 7-step improvement process) ---------------------------------


def may_manage_objectives(viewer: Viewer | None) -> bool:
    """Create, edit, delete objectives and link work to them: administrators and the steering
    committee, who set the vision, strategy and goals."""
    return viewer is not None and (viewer.is_admin or viewer.holds(STEERING_COMMITTEE))


def may_keep_metrics_in(viewer: Viewer | None, plan: PlanLike | None) -> bool:
    """Create a metric in a plan, or move one into it: administrators and whoever maintains the
    plan (its owner role; for the strategic plan also the service strategy manager). A metric in
    no plan is the steering committee's."""
    if viewer is None:
        return False
    if viewer.is_admin:
        return True
    if plan is None:
        return viewer.holds(STEERING_COMMITTEE) or viewer.holds(SERVICE_STRATEGY_MANAGER)
    return may_read_plan(viewer, plan) and maintains_plan(viewer, plan)


def may_edit_metric(viewer: Viewer | None, owner_id: int | None, plan: PlanLike | None) -> bool:
    """Edit a metric's definition: its owner, administrators, and whoever maintains its plan."""
    if viewer is None:
        return False
    if owner_id is not None and owner_id == viewer.person_id:
        return plan is None or may_read_plan(viewer, plan)
    return may_keep_metrics_in(viewer, plan)


# -- suggestions (the open improvement register) ---------------------------------------------


def may_submit_suggestion(viewer: Viewer | None) -> bool:
    """Submit, support, withdraw one's own: everyone signed in, with a role or without."""
    return viewer is not None


def may_triage_suggestions(viewer: Viewer | None, plan: PlanLike) -> bool:
    """Accept, decline, merge or ask for information: the owner of the plan the suggestion
    concerns (the strategic plan's: the steering committee)."""
    return viewer is not None and may_read_plan(viewer, plan) and owns_plan(viewer, plan)


# -- stakeholders -----------------------------------------------------------------------------


def may_manage_stakeholders(viewer: Viewer | None) -> bool:
    """Create stakeholders, and edit any of them and their service relationships:
    administrators and business relationship managers."""
    return viewer is not None and (viewer.is_admin or viewer.holds(BUSINESS_RELATIONSHIP_MANAGER))


def may_edit_stakeholder(viewer: Viewer | None, relationship_owner_id: int | None) -> bool:
    """Edit one stakeholder and its service relationships: those who manage stakeholders, and
    its relationship owner."""
    if viewer is None:
        return False
    if relationship_owner_id is not None and relationship_owner_id == viewer.person_id:
        return True
    return may_manage_stakeholders(viewer)


def may_record_feedback(
    viewer: Viewer | None,
    service_id: int,
    plan: PlanLike | None,
    stakeholder_owner_id: int | None,
) -> bool:
    """Record a stakeholder's feedback on a service: the service's owner, the maintainers of
    its improvement plan, and a business relationship manager who owns the relationship with
    the stakeholder who gave it."""
    if viewer is None:
        return False
    if viewer.holds_for(SERVICE_OWNER, service_id=service_id):
        return True
    if plan is not None and may_read_plan(viewer, plan) and maintains_plan(viewer, plan):
        return True
    return (
        stakeholder_owner_id is not None
        and stakeholder_owner_id == viewer.person_id
        and viewer.holds(BUSINESS_RELATIONSHIP_MANAGER)
    )


def may_plan_service_reviews(viewer: Viewer | None, service_id: int) -> bool:
    """Set how often a service is reviewed and when next: its service owner, and
    administrators."""
    return viewer is not None and (
        viewer.is_admin or viewer.holds_for(SERVICE_OWNER, service_id=service_id)
    )


def may_run_service_review(
    viewer: Viewer | None,
    service_id: int,
    plan: PlanLike | None,
    owns_a_participating_stakeholder: bool,
) -> bool:
    """Open, edit, hold and close a service's reviews and decide their findings: the service's
    owner, the maintainers of its improvement plan, administrators, and a business relationship
    manager who owns the relationship with a stakeholder taking part."""
    if viewer is None:
        return False
    if viewer.is_admin or viewer.holds_for(SERVICE_OWNER, service_id=service_id):
        return True
    if plan is not None and may_read_plan(viewer, plan) and maintains_plan(viewer, plan):
        return True
    return owns_a_participating_stakeholder and viewer.holds(BUSINESS_RELATIONSHIP_MANAGER)


# -- balance in service operation -------------------------------------------------------------


def may_assess_balance(viewer: Viewer | None, service_id: int | None) -> bool:
    """Record or correct a balance assessment: for the whole organisation, administrators, the
    steering committee and the service strategy manager; for one service, also its owner."""
    if viewer is None:
        return False
    if (
        viewer.is_admin
        or viewer.holds(STEERING_COMMITTEE)
        or viewer.holds(SERVICE_STRATEGY_MANAGER)
    ):
        return True
    return service_id is not None and viewer.holds_for(SERVICE_OWNER, service_id=service_id)


def may_keep_guidelines(viewer: Viewer | None, owner_id: int | None = None) -> bool:
    """Agree a guideline for a tension, or change any: administrators, the steering committee
    and the service strategy manager; a guideline's owner changes their own."""
    if viewer is None:
        return False
    if owner_id is not None and owner_id == viewer.person_id:
        return True
    return (
        viewer.is_admin
        or viewer.holds(STEERING_COMMITTEE)
        or viewer.holds(SERVICE_STRATEGY_MANAGER)
    )


# -- the service portfolio --------------------------------------------------------------------


def may_propose_portfolio_move(viewer: Viewer | None, service_id: int) -> bool:
    """Propose that a service be chartered, go live or retire, and state what it costs and is
    worth: its service owner, the service strategy manager, and administrators."""
    return viewer is not None and (
        viewer.is_admin
        or viewer.holds(SERVICE_STRATEGY_MANAGER)
        or viewer.holds_for(SERVICE_OWNER, service_id=service_id)
    )


def may_edit_service(viewer: Viewer | None, service_id: int) -> bool:
    """Change a service's description and keep its offerings (add and change them): its service
    owner, and administrators. Its name, and every other service, only administrators."""
    return viewer is not None and (
        viewer.is_admin or viewer.holds_for(SERVICE_OWNER, service_id=service_id)
    )


def may_decide_portfolio(viewer: Viewer | None) -> bool:
    """Decide a portfolio move: the steering committee."""
    return viewer is not None and viewer.holds(STEERING_COMMITTEE)


def may_record_steering_meetings(viewer: Viewer | None) -> bool:
    """Record the steering committee's meetings (who came, what was decided): the committee."""
    return viewer is not None and viewer.holds(STEERING_COMMITTEE)


def may_set_budget_envelope(viewer: Viewer | None, plan: PlanLike) -> bool:
    """Set what a plan may spend in a year: its owner (for the strategic plan, the steering
    committee), and administrators."""
    return viewer is not None and (viewer.is_admin or owns_plan(viewer, plan))


# -- process governance -----------------------------------------------------------------------


def may_define_process(viewer: Viewer | None, process_id: int) -> bool:
    """Change a process's purpose and scope, its activities and their RACI, and its policies:
    its process owner (who is accountable for it), and administrators."""
    return viewer is not None and (
        viewer.is_admin or viewer.holds_for(PROCESS_OWNER, process_id=process_id)
    )


def takes_part_in_process(viewer: Viewer | None, process_id: int) -> bool:
    """Runs or carries out the process: its manager and its practitioners, who hear of its
    policy changes."""
    return viewer is not None and any(
        viewer.holds_for(role, process_id=process_id)
        for role in (PROCESS_MANAGER, PROCESS_PRACTITIONER)
    )


# -- comments ---------------------------------------------------------------------------------


def may_edit_comment(viewer: Viewer | None, author_id: int | None) -> bool:
    """Change a comment: its author."""
    return viewer is not None and author_id is not None and author_id == viewer.person_id


def may_delete_comment(viewer: Viewer | None, author_id: int | None) -> bool:
    """Delete a comment: its author, and administrators (who keep the register civil)."""
    return viewer is not None and (viewer.is_admin or may_edit_comment(viewer, author_id))
