"""Loads the demo organisation into an empty database, in one transaction, with bulk inserts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, func, select, text

from server.demo import content
from server.demo.build import TABLE_ORDER, build
from server.domain.people.passwords import hash_password
from server.models import Base, Person, Plan, Role

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
        rows = build(scale, today, role_ids, lambda: demo_hash)
        for name in TABLE_ORDER:
            table_rows = rows.tables.get(name, [])
            if table_rows:
                _insert(connection, name, table_rows)
        if connection.dialect.name == "postgresql":
            _advance_sequences(connection, [n for n in TABLE_ORDER if n in rows.tables])
    return LoadResult(
        loaded=True, counts={name: len(rows.tables.get(name, [])) for name in TABLE_ORDER}
    )


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
