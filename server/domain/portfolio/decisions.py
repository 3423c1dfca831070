"""Portfolio decisions: a service moves through the portfolio only by a decision of the
steering committee, proposed with a case by its owner or the service strategy manager.

    charter: retired → pipeline (back into the pipeline; may name the strategic initiative
             that builds it)
    go live: pipeline → live (into the catalogue)
    retire:  pipeline or live → retired

A service has at most one proposal waiting. An approved move changes the service's lifecycle;
a rejected one says why. Every decision stays in the service's history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    INVALID_TRANSITION,
    NOT_FOUND,
    RuleViolation,
)
from server.domain.core.permissions import (
    Action,
    can,
    may_decide_portfolio,
    may_propose_portfolio_move,
)
from server.domain.core.viewer import Viewer
from server.models import Initiative, Plan, PortfolioDecision, Service
from server.models.enums import (
    AuditAction,
    DecisionStatus,
    PlanKind,
    PortfolioMove,
    ServiceLifecycle,
)

L = ServiceLifecycle
MOVES = {
    PortfolioMove.CHARTER: (frozenset({L.RETIRED}), L.PIPELINE),
    PortfolioMove.GO_LIVE: (frozenset({L.PIPELINE}), L.LIVE),
    PortfolioMove.RETIRE: (frozenset({L.PIPELINE, L.LIVE}), L.RETIRED),
}
WORDS = {
    PortfolioMove.CHARTER: "chartered into the pipeline",
    PortfolioMove.GO_LIVE: "taken live",
    PortfolioMove.RETIRE: "retired",
}
FIRST_MOVE = {L.PIPELINE: PortfolioMove.CHARTER, L.LIVE: PortfolioMove.GO_LIVE,
              L.RETIRED: PortfolioMove.RETIRE}  # fmt: skip
AUDITED = ["move", "status", "case", "decision_note", "initiative_id"]


def now() -> datetime:
    return datetime.now(UTC)


def moves_from(lifecycle: ServiceLifecycle) -> list[PortfolioMove]:
    """The moves a service in this state may be proposed for."""
    return [move for move, (starts, _) in MOVES.items() if L(lifecycle) in starts]


def _audit(
    session: Session, viewer: Viewer, decision: PortfolioDecision, service: Service,
    action: AuditAction, before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> None:  # fmt: skip
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name,
        entity_type="PortfolioDecision", entity_id=decision.id,
        entity_label=f"{service.name}: {WORDS[PortfolioMove(decision.move)]}",
        action=action, before=before, after=after, references=[("Service", service.id)],
    )  # fmt: skip


def record_first(session: Session, viewer: Viewer, service: Service) -> PortfolioDecision:
    """A new service's first decision: the move that brought it where it starts (recorded
    with the administrator who created it)."""
    stamp = now()
    decision = PortfolioDecision(
        service_id=service.id, move=FIRST_MOVE[L(service.lifecycle)],
        status=DecisionStatus.APPROVED, case="Recorded when the service was created.",
        proposed_by_id=viewer.person_id, decided_by_id=viewer.person_id, decided_at=stamp,
    )  # fmt: skip
    session.add(decision)
    session.flush()
    return decision


def _strategic_initiative(session: Session, viewer: Viewer, initiative_id: int) -> Initiative:
    initiative = session.get(Initiative, initiative_id)
    plan = session.get(Plan, initiative.plan_id) if initiative is not None else None
    if initiative is None or plan is None or not can(viewer, Action.READ, plan):
        raise RuleViolation(NOT_FOUND, "no initiative has this id", "input.initiativeId")
    if PlanKind(plan.kind) is not PlanKind.STRATEGIC:
        raise RuleViolation(
            INVALID, "name the strategic initiative that builds the service", "input.initiativeId"
        )
    return initiative


def propose(
    session: Session,
    viewer: Viewer,
    service_id: int | None,
    move: PortfolioMove | None,
    case: str | None,
    initiative_id: int | None = None,
) -> PortfolioDecision:
    service = session.get(Service, service_id) if service_id is not None else None
    if service is None:
        raise RuleViolation(NOT_FOUND, "no service has this id", "input.serviceId")
    if not may_propose_portfolio_move(viewer, service.id):
        raise RuleViolation(
            FORBIDDEN,
            f"Only the owner of {service.name}, the service strategy manager and "
            "administrators propose its portfolio moves.",
        )
    if move is None:
        raise RuleViolation(INVALID, "choose the move", "input.move")
    move = PortfolioMove(move)
    starts, _target = MOVES[move]
    if L(service.lifecycle) not in starts:
        raise RuleViolation(
            INVALID_TRANSITION,
            f"{service.name} is {L(service.lifecycle).value}, so it cannot be {WORDS[move]}.",
            "input.move",
        )
    waiting = session.scalar(
        select(PortfolioDecision.id).where(
            PortfolioDecision.service_id == service.id,
            PortfolioDecision.status == DecisionStatus.PROPOSED,
        )
    )
    if waiting is not None:
        raise RuleViolation(
            INVALID,
            f"A decision on {service.name} waits for the steering committee already.",
            "input.serviceId",
        )
    text = validation.reason("input.case", case, "propose a portfolio move")
    initiative = None
    if initiative_id is not None:
        if move is not PortfolioMove.CHARTER:
            raise RuleViolation(
                INVALID, "only a charter names the initiative that builds the service",
                "input.initiativeId",
            )  # fmt: skip
        initiative = _strategic_initiative(session, viewer, initiative_id)
    decision = PortfolioDecision(
        service_id=service.id, move=move, status=DecisionStatus.PROPOSED, case=text,
        initiative_id=initiative.id if initiative else None, proposed_by_id=viewer.person_id,
    )  # fmt: skip
    session.add(decision)
    session.flush()
    _audit(session, viewer, decision, service, AuditAction.CREATE, None,
           audit.snapshot(decision, AUDITED))  # fmt: skip
    return decision


def decide(
    session: Session,
    viewer: Viewer,
    decision_id: int | None,
    approve: bool,
    note: str | None = None,
    expected_version: int | None = None,
) -> PortfolioDecision:
    decision = (
        session.scalar(
            select(PortfolioDecision).where(PortfolioDecision.id == decision_id).with_for_update()
        )
        if decision_id is not None
        else None
    )
    if decision is None:
        raise RuleViolation(NOT_FOUND, "no portfolio decision has this id", "input.id")
    service = session.get(Service, decision.service_id)
    assert service is not None  # the foreign key cascades
    if not may_decide_portfolio(viewer):
        raise RuleViolation(FORBIDDEN, "Only the steering committee decides portfolio moves.")
    if expected_version is not None and expected_version != decision.version:
        raise RuleViolation(
            CONFLICT,
            f"The proposal was changed after you loaded it (you had version {expected_version},"
            f" it is now version {decision.version}). Reload it and try again.",
            "input.expectedVersion",
        )
    if DecisionStatus(decision.status) is not DecisionStatus.PROPOSED:
        raise RuleViolation(
            INVALID_TRANSITION,
            f"This proposal was {DecisionStatus(decision.status).value} already.",
        )
    move = PortfolioMove(decision.move)
    starts, target = MOVES[move]
    before = audit.snapshot(decision, AUDITED)
    if approve:
        if L(service.lifecycle) not in starts:
            raise RuleViolation(
                INVALID_TRANSITION,
                f"{service.name} is {L(service.lifecycle).value} now, so it cannot be "
                f"{WORDS[move]}; reject the proposal instead.",
            )
        decision.decision_note = validation.text("input.note", note, limit=2000)
        decision.status = DecisionStatus.APPROVED
        lifecycle_before = L(service.lifecycle).value
        service.lifecycle = target
        audit.record(
            session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Service",
            entity_id=service.id, entity_label=service.name, action=AuditAction.UPDATE,
            before={"lifecycle": lifecycle_before}, after={"lifecycle": target.value},
        )  # fmt: skip
    else:
        decision.decision_note = validation.reason("input.note", note, "reject a portfolio move")
        decision.status = DecisionStatus.REJECTED
    decision.decided_by_id = viewer.person_id
    decision.decided_at = now()
    session.flush()
    after = audit.snapshot(decision, AUDITED)
    changed = [name for name in AUDITED if before[name] != after[name]]
    _audit(session, viewer, decision, service, AuditAction.TRANSITION,
           {n: before[n] for n in changed}, {n: after[n] for n in changed})  # fmt: skip
    return decision


def quantify(
    session: Session,
    viewer: Viewer,
    service_id: int | None,
    annual_cost: Decimal | None,
    currency: str | None,
    value_statement: str | None,
    cost_given: bool = True,
) -> Service:
    """What a service costs a year and what it is worth, in words (its owner, the service
    strategy manager, administrators)."""
    service = session.get(Service, service_id) if service_id is not None else None
    if service is None:
        raise RuleViolation(NOT_FOUND, "no service has this id", "input.serviceId")
    if not may_propose_portfolio_move(viewer, service.id):
        raise RuleViolation(
            FORBIDDEN,
            f"Only the owner of {service.name}, the service strategy manager and "
            "administrators state what it costs and is worth.",
        )
    names = ["annual_cost", "cost_currency", "value_statement"]
    before = audit.snapshot(service, names)
    if cost_given:
        service.annual_cost = validation.money("input.annualCost", annual_cost)
    if currency is not None:
        service.cost_currency = validation.currency("input.currency", currency)
    if value_statement is not None:
        service.value_statement = validation.text(
            "input.valueStatement", value_statement, limit=5000
        )
    session.flush()
    after = audit.snapshot(service, names)
    changed = [name for name in names if before[name] != after[name]]
    if changed:
        audit.record(
            session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Service",
            entity_id=service.id, entity_label=service.name, action=AuditAction.UPDATE,
            before={n: before[n] for n in changed}, after={n: after[n] for n in changed},
        )  # fmt: skip
    return service
