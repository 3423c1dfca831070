"""`steward check`: verify a database, after a restore or whenever in doubt.

Each check is a function of a connection that returns its findings (an "ok" line, or one line
per problem). A check that cannot run (a table it reads is missing) is itself a problem; the
others still run, each on a connection of its own."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from server.integrity.audit import audit_plans, audit_references
from server.integrity.derived import realised_benefits, satisfaction
from server.integrity.findings import Finding, problem
from server.integrity.orphans import orphan_rows, sqlite_foreign_key_check
from server.integrity.schema import migrations_current, tables_present
from server.integrity.search import search_index

Check = Callable[..., list[Finding]]

CHECKS: tuple[Check, ...] = (
    migrations_current,
    tables_present,
    sqlite_foreign_key_check,
    orphan_rows,
    satisfaction,
    realised_benefits,
    search_index,
    audit_references,
    audit_plans,
)


def run_checks(engine: Engine, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Every check's findings, in order."""
    found: list[Finding] = []
    for check in checks:
        with engine.connect() as connection:
            try:
                found.extend(check(connection))
            except SQLAlchemyError as error:
                reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
                found.append(problem(check.__name__.replace("_", " "), f"could not run: {reason}"))
    return found


__all__ = ["CHECKS", "Finding", "run_checks"]
