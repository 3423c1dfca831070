"""Orphan rows: foreign keys that name no row. SQLite enforces foreign keys only on connections
that switch them on, so a file written by another program (or before a fix) may hold some;
PostgreSQL enforces them, but a restore with triggers disabled can let some in."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, ForeignKeyConstraint, Table, and_, inspect, select

from server.integrity.findings import Finding, examples, ok, plural, problem
from server.models import Base


def sqlite_foreign_key_check(connection: Connection) -> list[Finding]:
    """SQLite's own `PRAGMA foreign_key_check`, over every table (nothing to do on PostgreSQL)."""
    if connection.dialect.name != "sqlite":
        return []
    name = "foreign key check"
    violations = Counter(
        (row[0], row[2]) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")
    )
    if not violations:
        return [ok(name, "SQLite's PRAGMA foreign_key_check finds no violation")]
    return [
        problem(name, f"{table}: {plural(count, 'row')} naming a missing {parent} row")
        for (table, parent), count in sorted(violations.items())
    ]


def orphan_rows(connection: Connection) -> list[Finding]:
    """Each foreign key of the models, checked with a LEFT JOIN to the row it names."""
    present = set(inspect(connection).get_table_names())
    found: list[Finding] = []
    checked = 0
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue  # reported by the tables check
        for constraint in sorted(table.foreign_key_constraints, key=_columns):
            if constraint.referred_table.name not in present:
                continue
            checked += 1
            orphans = _orphans(connection, table, constraint)
            if orphans:
                found.append(
                    problem(
                        "orphan rows",
                        f"{table.name}.{_columns(constraint)}: {plural(len(orphans), 'value')} "
                        f"naming no {constraint.referred_table.name} row ({examples(orphans)})",
                    )
                )
    if not found:
        found.append(ok("orphan rows", f"none ({checked} foreign keys checked)"))
    return found


def _columns(constraint: ForeignKeyConstraint) -> str:
    return ", ".join(element.parent.name for element in constraint.elements)


def _orphans(
    connection: Connection, table: Table, constraint: ForeignKeyConstraint
) -> list[object]:
    """The distinct values of the constraint's columns that name no row."""
    parent = constraint.referred_table.alias("parent")
    children = [element.parent for element in constraint.elements]
    named = [parent.c[element.column.name] for element in constraint.elements]
    statement = (
        select(*children)
        .distinct()
        .select_from(
            table.outerjoin(parent, and_(*(c == p for c, p in zip(children, named, strict=True))))
        )
        .where(*(child.is_not(None) for child in children), named[0].is_(None))
        .order_by(*children)
    )
    return [row[0] if len(row) == 1 else tuple(row) for row in connection.execute(statement)]
