"""The benchmark database: created, migrated and loaded with `steward demo --scale bench` once,
then reused while it still holds exactly that data set; API tokens and the initiative to ask for."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from server.demo import content

ADMIN_ENV = "STEWARD_BENCH_POSTGRES_URL"
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "steward_bench"
STEWARD = Path(sys.executable).with_name("steward")

# What `steward demo --scale bench` loads (server/demo/build.py).
BENCH_SIZE = {"plans": 6, "initiatives": 10_000, "metrics": 30_000, "measurements": 360_000}
STEERING_COMMITTEE = "margaret@harbour-it.example"
NO_CONFIDENTIAL = "nora@harbour-it.example"  # sees every plan but the confidential one
DEMO_PASSWORD = content.DEMO_PASSWORD


@dataclass(frozen=True)
class BenchDatabase:
    url: str  # SQLAlchemy URL, for the app (STEWARD_DATABASE_URL)
    dsn: str  # libpq URL, for psycopg and the baseline
    name: str


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def admin_url() -> str:
    return os.environ.get(ADMIN_ENV) or DEFAULT_ADMIN_URL


def steward(database: BenchDatabase, *args: str) -> str:
    """Run a `steward` command on the bench database; its output, or exit with its errors."""
    env = {**os.environ, "STEWARD_DATABASE_URL": database.url}
    done = subprocess.run(
        [str(STEWARD), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(
            f"`steward {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def _holds_bench_data(dsn: str) -> bool:
    try:
        with psycopg.connect(dsn, autocommit=True) as connection:
            if connection.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
                return False
            for table, expected in BENCH_SIZE.items():
                query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                if connection.execute(query).fetchone()[0] != expected:
                    return False
            found = connection.execute(
                "SELECT count(*) FROM people WHERE email = %s", (STEERING_COMMITTEE,)
            ).fetchone()[0]
            return found == 1
    except psycopg.Error:
        return False


def prepare(name: str = DEFAULT_DATABASE, *, fresh: bool = False, log=print) -> BenchDatabase:
    """The bench database, loaded: reused when it already holds the bench data set."""
    return _reuse_or_load(name, "bench", _holds_bench_data, fresh=fresh, log=log)


# Initiatives per copy of the demo organisation (`steward demo --scale N` loads N copies).
INITIATIVES_PER_COPY = 60


def prepare_scale(scale: int, log=print) -> BenchDatabase:
    """A database of its own holding `steward demo --scale <scale>`, for the scale check;
    reused when it already does."""
    return _reuse_or_load(
        f"{DEFAULT_DATABASE}_scale{scale}",
        str(scale),
        lambda dsn: _holds_initiatives(dsn, scale * INITIATIVES_PER_COPY),
        fresh=False,
        log=log,
    )


def prepare_multiple(multiple: int, log=print) -> BenchDatabase:
    """A database of its own holding `steward demo --scale bench-x<multiple>` (the benchmark
    set `multiple` times over), for the large run; reused when it already does."""
    return _reuse_or_load(
        f"{DEFAULT_DATABASE}_x{multiple}",
        f"bench-x{multiple}",
        lambda dsn: _holds_initiatives(dsn, BENCH_SIZE["initiatives"] * multiple),
        fresh=False,
        log=log,
    )


def _reuse_or_load(
    name: str, scale: str, holds: Callable[[str], bool], *, fresh: bool, log
) -> BenchDatabase:
    """Database `name` migrated and analysed, with `steward demo --scale <scale>` loaded into it
    unless `holds(dsn)` says it is already there (and `fresh` does not ask for a reload)."""
    admin = admin_url()
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    database = BenchDatabase(url=url, dsn=libpq(url), name=name)
    try:
        admin_connection = psycopg.connect(libpq(admin), autocommit=True)
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"cannot reach PostgreSQL at {make_url(admin).render_as_string()} "
            f"(set {ADMIN_ENV}): {error}"
        ) from None
    with admin_connection:
        exists = admin_connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists and not fresh and holds(database.dsn):
            log(f"Reusing database {name} (it holds `steward demo --scale {scale}`).")
            steward(database, "migrate")
            _vacuum_analyze(database)
            return database
        log(f"Creating database {name} and loading `steward demo --scale {scale}` ...")
        admin_connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin_connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    steward(database, "migrate")
    log("  " + steward(database, "demo", "--scale", scale).strip())
    _vacuum_analyze(database)
    return database


def _holds_initiatives(dsn: str, expected: int) -> bool:
    try:
        with psycopg.connect(dsn, autocommit=True) as connection:
            if connection.execute("SELECT to_regclass('initiatives')").fetchone()[0] is None:
                return False
            found = connection.execute("SELECT count(*) FROM initiatives").fetchone()[0]
            return found == expected
    except psycopg.Error:
        return False


def _vacuum_analyze(database: BenchDatabase) -> None:
    """Fresh planner statistics and visibility maps, as a live database has; autovacuum may be
    off, or not have come round yet after a bulk load, and stale statistics pick bad plans."""
    with psycopg.connect(database.dsn, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def create_token(database: BenchDatabase, email: str, scope: str = "read") -> str:
    """A token for the person (read, or read-write), made with `steward create-token` (its
    `stw_` line)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    output = steward(
        database,
        "create-token",
        "--email",
        email,
        "--name",
        f"benchmark {stamp}",
        "--expires-in-days",
        "1",
        "--scope",
        scope,
    )
    for line in output.splitlines():
        if line.strip().startswith("stw_"):
            return line.strip()
    raise SystemExit(f"`steward create-token` printed no token:\n{output}")


@dataclass(frozen=True)
class Subject:
    pk: int
    children: int
    metrics: int
    measurements: int
    has_parent: bool


def pick_initiative(database: BenchDatabase) -> Subject:
    """The initiative the `initiative` document asks for: one with children if the data has
    any (with a parent, too, if possible), and metrics with measurements; the most of them.
    It is taken from a plan everyone may see, so the check as a viewer without access to the
    confidential plan compares a whole answer too."""
    query = """
        SELECT id, children, metrics, measurements, has_parent FROM (
            SELECT i.id,
                   (SELECT count(*) FROM initiatives AS c WHERE c.parent_id = i.id) AS children,
                   (SELECT count(*) FROM metric_initiatives AS l
                     WHERE l.initiative_id = i.id) AS metrics,
                   (SELECT count(*) FROM metric_initiatives AS l
                      JOIN measurements AS v ON v.metric_id = l.metric_id
                     WHERE l.initiative_id = i.id) AS measurements,
                   i.parent_id IS NOT NULL AS has_parent
            FROM initiatives AS i
            JOIN plans AS p ON p.id = i.plan_id AND NOT p.confidential
        ) AS candidate
        WHERE measurements > 0
        ORDER BY children > 0 DESC, has_parent DESC, children DESC, measurements DESC, id
        LIMIT 1
    """
    with psycopg.connect(database.dsn, autocommit=True) as connection:
        row = connection.execute(query).fetchone()
    if row is None:
        raise SystemExit("the bench data has no initiative with measured metrics")
    return Subject(*row)
