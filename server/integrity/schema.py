"""The database's schema: at the newest migration, with every table the models name."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from server.integrity.findings import Finding, ok, problem
from server.models import Base
from server.settings import PROJECT_ROOT

SEARCH_TABLE = "search_index"  # made by hand in migration 0023_search; no model describes it


def scripts() -> ScriptDirectory:
    return ScriptDirectory(str(PROJECT_ROOT / "alembic"))


def migrations_current(connection: Connection) -> list[Finding]:
    heads = set(scripts().get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    name = "migrations"
    if current == heads:
        return [ok(name, f"the database is at the newest revision ({', '.join(sorted(heads))})")]
    if not current:
        return [problem(name, "the database has no schema revision; run `steward migrate`")]
    known = {script.revision for script in scripts().walk_revisions()}
    if current - known:
        return [
            problem(
                name,
                f"the database is at revision {', '.join(sorted(current))}, which this version "
                "does not know (a newer version migrated it)",
            )
        ]
    return [
        problem(
            name,
            f"the database is at revision {', '.join(sorted(current))}, the newest is "
            f"{', '.join(sorted(heads))}; run `steward migrate`",
        )
    ]


def tables_present(connection: Connection) -> list[Finding]:
    present = set(inspect(connection).get_table_names())
    missing = sorted({*Base.metadata.tables, SEARCH_TABLE} - present)
    if missing:
        return [problem("tables", f"missing: {', '.join(missing)}")]
    return [ok("tables", f"all {len(Base.metadata.tables) + 1} tables are there")]
