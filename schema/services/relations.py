"""How the relations of services, offerings and processes load: the improvement plan, the
owner (who holds the owner role in that scope), offerings, metrics and role assignments, and
whether the viewer may edit a service."""

from __future__ import annotations

from sqlalchemy import Select, select

from schema.core.relations import Computed, Relation, ToMany, ToOne, ToOneBy
from schema.initiatives.sources import initiatives_of
from schema.metrics.sources import metrics_of
from schema.people.sources import PERSON, ROLE_ASSIGNMENT
from schema.plans.sources import PLAN
from schema.services.sources import OFFERING, SERVICE
from server.domain.core import permissions, visibility
from server.domain.core.roles import PROCESS_OWNER, SERVICE_OWNER
from server.models import InitiativeService, Metric, Offering, Plan, Role, RoleAssignment


def _holder(role_slug: str, scope_column) -> ToOneBy:
    """The person holding a role scoped to the parent (the first one assigned, if several)."""

    def query(planner, ids: set[int], layout) -> Select:
        return (
            select(scope_column, *layout.columns)
            .join(RoleAssignment, RoleAssignment.person_id == PERSON.pk)
            .join(Role, Role.id == RoleAssignment.role_id)
            .where(Role.slug == role_slug, planner.id_in(scope_column, ids))
            .order_by(scope_column, RoleAssignment.id)
        )

    return ToOneBy(PERSON, query)


def _improvement_plan(scope_column) -> ToOneBy:
    def query(planner, ids: set[int], layout) -> Select:
        condition = visibility.visible_plans(planner.viewer)
        return select(scope_column, *layout.columns).where(
            planner.id_in(scope_column, ids), *([] if condition is None else [condition])
        )

    return ToOneBy(PLAN, query)


async def _may_edit_service(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    return {pk: permissions.may_edit_service(viewer, pk) for pk in ids}


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Service", "offerings"): ToMany(OFFERING, Offering.service_id),
    ("Service", "improvementPlan"): _improvement_plan(Plan.service_id),
    ("Service", "owner"): _holder(SERVICE_OWNER, RoleAssignment.service_id),
    ("Service", "metrics"): metrics_of(Metric.service_id),
    ("Service", "affectingInitiatives"): initiatives_of(
        InitiativeService.service_id,
        link=InitiativeService,
        link_target_column=InitiativeService.initiative_id,
    ),
    ("Service", "viewerMayEdit"): Computed(_may_edit_service, lambda: False),
    ("Offering", "service"): ToOne(SERVICE, "service"),
    ("Process", "improvementPlan"): _improvement_plan(Plan.process_id),
    ("Process", "owner"): _holder(PROCESS_OWNER, RoleAssignment.process_id),
    ("Process", "metrics"): metrics_of(Metric.process_id),
    ("Service", "roleAssignments"): ToMany(ROLE_ASSIGNMENT, RoleAssignment.service_id),
    ("Process", "roleAssignments"): ToMany(ROLE_ASSIGNMENT, RoleAssignment.process_id),
}
