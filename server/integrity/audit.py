"""The audit log's derived columns: the rows an entry names (`audit_references`, which decide who
may read it) and the plan it belongs to (`plan_id`, which it follows in visibility)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, select

from server.domain.core.audit import Reference, names
from server.integrity.findings import Finding, examples, ok, plural, problem
from server.models import AuditEntry, AuditReference, Initiative

REFERENCES = "audit references"
PLANS = "audit plans"


def audit_references(connection: Connection) -> list[Finding]:
    """Every entry names its own row, its plan and the ids its before and after hold: an entry
    missing one would be shown to people who may not see that row."""
    named: dict[int, set[Reference]] = defaultdict(set)
    for entry_id, kind, pk in connection.execute(
        select(AuditReference.entry_id, AuditReference.entity_type, AuditReference.entity_id)
    ):
        named[entry_id].add((kind, pk))
    lacking: list[int] = []
    entries = 0
    for row in connection.execute(
        select(
            AuditEntry.id,
            AuditEntry.entity_type,
            AuditEntry.entity_id,
            AuditEntry.before,
            AuditEntry.after,
            AuditEntry.plan_id,
        ).order_by(AuditEntry.id)
    ):
        entries += 1
        expected = names(row.entity_type, row.entity_id, row.before, row.after, row.plan_id)
        if not expected <= named.get(row.id, set()):
            lacking.append(row.id)
    if lacking:
        return [
            problem(
                REFERENCES,
                f"{plural(len(lacking), 'entry')} without a reference to each row named in "
                f"it (entries {examples(list(lacking))})",
            )
        ]
    return [ok(REFERENCES, f"{plural(entries, 'entry')} name what they refer to")]


def audit_plans(connection: Connection) -> list[Finding]:
    """An initiative's entries carry its plan (initiatives never move between plans), and a
    plan's entries the plan itself."""
    wrong: list[int] = []
    for entry_id, plan_id, actual in connection.execute(
        select(AuditEntry.id, AuditEntry.plan_id, Initiative.plan_id)
        .join(Initiative, Initiative.id == AuditEntry.entity_id)
        .where(AuditEntry.entity_type == "Initiative")
    ):
        if plan_id != actual:
            wrong.append(entry_id)
    wrong.extend(
        connection.scalars(
            select(AuditEntry.id).where(
                AuditEntry.entity_type == "Plan",
                AuditEntry.plan_id.is_not(None),
                AuditEntry.plan_id != AuditEntry.entity_id,
            )
        )
    )
    if wrong:
        return [
            problem(
                PLANS,
                f"{plural(len(wrong), 'entry')} with the wrong plan id (an initiative's entries "
                f"carry its plan, a plan's its own id): entries {examples(sorted(wrong))}",
            )
        ]
    return [ok(PLANS, "entries about initiatives and plans carry their plan")]
