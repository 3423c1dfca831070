"""Loads the demo organisation into an empty database, in one transaction, with bulk inserts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, func, select, text

from server.demo import content
from server.demo.build import TABLE_ORDER, bench_multiple, build
from server.domain.people.passwords import hash_password
from server.models import Base, Person, Plan, Role

ANALYZE_ABOVE = 50_000  # initiatives
COPY_THRESHOLD = 2_000  # rows; PostgreSQL's COPY beats batched INSERTs past a few thousand


@dataclass(frozen=True)
class LoadResult:
    loaded: bool
    counts: dict[str, int]


def database_is_empty(connection: Connection) -> bool:
    people = connection.scalar(select(func.count()).select_from(Person))
    plans = connection.scalar(select(func.count()).select_from(Plan))
    return not people and not plans


def load_demo(engine: Engine, scale: int | str = 1, today: date | None = None) -> LoadResult:
    """Load the demo unless the database already holds people or plans (then change nothing)."""
    today = today or datetime.now(UTC).date()
    with engine.begin() as connection:
        if not database_is_empty(connection):
            return LoadResult(loaded=False, counts={})
        role_ids = dict(connection.execute(select(Role.slug, Role.id)).all())
        # Every demo account shares one password, so one hash serves them all.
        demo_hash = hash_password(content.DEMO_PASSWORD)

        unchecked = _unchecked_tables(connection) if (bench_multiple(scale) or 0) > 1 else set()

        def insert(tables: dict[str, list[dict]]) -> None:
            for name in TABLE_ORDER:
                if tables.get(name):
                    if unchecked:
                        role = "replica" if name in unchecked else "origin"
                        connection.execute(text(f"SET LOCAL session_replication_role = {role}"))
                    _insert(connection, name, tables[name])

        rows = build(scale, today, role_ids, lambda: demo_hash, sink=insert)
        insert(rows.tables)
        if connection.dialect.name == "postgresql":
            _advance_sequences(connection, [n for n in TABLE_ORDER if n in rows.counts])
            if rows.counts.get("initiatives", 0) > ANALYZE_ABOVE:
                # The planner's statistics, before the first query rather than whenever
                # autovacuum comes round: a large set is queried straight after loading.
                connection.execute(text("ANALYZE"))
    return LoadResult(loaded=True, counts={name: rows.counts.get(name, 0) for name in TABLE_ORDER})


def _insert(connection: Connection, name: str, rows: list[dict]) -> None:
    table = Base.metadata.tables[name]
    if connection.dialect.name == "postgresql" and len(rows) >= COPY_THRESHOLD:
        columns = list(rows[0])
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor:
            statement = f"COPY {name} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[column] for column in columns])
        return
    connection.execute(table.insert(), rows)


def _unchecked_tables(connection: Connection) -> set[str]:
    """For the large benchmark sets on PostgreSQL: the tables loaded without a foreign-key
    check per row (as `pg_restore --disable-triggers` does), which halves the load. The rows are
    the builder's own, into an empty database, and `steward check` looks for orphans
    afterwards. Tables with triggers of their own (the search index's) keep them; only a
    superuser may do this, and anyone else loads every table with its checks, more slowly."""
    if connection.dialect.name != "postgresql":
        return set()
    if connection.scalar(text("SELECT current_setting('is_superuser')")) != "on":
        return set()
    triggered = set(
        connection.scalars(
            text(
                "SELECT DISTINCT c.relname FROM pg_trigger AS t "
                "JOIN pg_class AS c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            )
        )
    )
    return set(TABLE_ORDER) - triggered


def _advance_sequences(connection: Connection, names: list[str]) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move each past its table's largest id."""
    for name in names:
        if "id" not in Base.metadata.tables[name].c:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
            )
        )
