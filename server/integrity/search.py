"""The search index (migration 0023_search, kept by triggers): every searchable row in it with
its current title and text, and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, column, select, table

from server.integrity.findings import Finding, examples, ok, plural, problem
from server.integrity.schema import scripts

NAME = "search index"
DEFINED_IN = "0023_search"  # its INDEXED: (kind code, table, title column, other columns)


def indexed() -> Sequence[tuple[int, str, str, Sequence[str]]]:
    """What the triggers index, as the migration that made them defines it."""
    script = scripts().get_revision(DEFINED_IN)
    assert script is not None
    spec: Sequence[tuple[int, str, str, Sequence[str]]] = script.module.INDEXED
    return spec


def search_index(connection: Connection) -> list[Finding]:
    entries = _entries(connection)
    found: list[Finding] = []
    total = 0
    for code, name, title, others in indexed():
        source = table(name, column("id"), column(title), *(column(other) for other in others))
        expected = {
            row[0]: (row[1], " ".join(value or "" for value in row[2:]))
            for row in connection.execute(select(*source.c))
        }
        actual = entries.pop(code, {})
        total += len(expected)
        missing = sorted(set(expected) - set(actual))
        stale = sorted(set(actual) - set(expected))
        differ = sorted(pk for pk in set(expected) & set(actual) if expected[pk] != actual[pk])
        if missing:
            found.append(
                problem(
                    NAME,
                    f"{name}: {plural(len(missing), 'row')} not in the "
                    f"index (ids {examples(list(missing))})",
                )
            )
        if stale:
            found.append(
                problem(
                    NAME,
                    f"{name}: {plural(len(stale), 'stale entry')} for rows "
                    f"that no longer exist (ids {examples(list(stale))})",
                )
            )
        if differ:
            found.append(
                problem(
                    NAME,
                    f"{name}: {plural(len(differ), 'entry')} with an "
                    f"outdated title or text (ids {examples(list(differ))})",
                )
            )
    for code, rows in sorted(entries.items()):
        found.append(
            problem(
                NAME,
                f"{plural(len(rows), 'entry')} of kind {code}, which no table is indexed as",
            )
        )
    if not found:
        found.append(ok(NAME, f"{plural(total, 'row')} indexed, each as it is now, no stale entry"))
    return found


def _entries(connection: Connection) -> dict[int, dict[int, tuple[Any, Any]]]:
    """The index's entries: by kind code, by object id, (title, body)."""
    if connection.dialect.name == "postgresql":
        statement = "SELECT kind, object_id, title, body FROM search_index"
    else:  # FTS5: the rowid is the object's id * 16 + its kind's code
        statement = "SELECT rowid % 16, rowid / 16, title, body FROM search_index"
    entries: dict[int, dict[int, tuple[Any, Any]]] = {}
    for kind, object_id, title, body in connection.exec_driver_sql(statement):
        entries.setdefault(kind, {})[object_id] = (title, body)
    return entries
