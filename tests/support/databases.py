"""Clean databases for tests, fast: migrate once per worker, then copy (SQLite) or clone a
template (PostgreSQL) for every test."""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from server.cli import alembic_config
from server.db import make_sync_engine

POSTGRES_ENV = "STEWARD_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
_counter = itertools.count()


def postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def migrate(url: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def load_demo_into(url: str, scale: int | str = 1, today: date | None = None) -> None:
    from server.demo.load import load_demo

    engine = make_sync_engine(url, pooled=False)
    try:
        load_demo(engine, scale, today)
    finally:
        engine.dispose()


def build_demo(url: str) -> None:
    """Builds the demo template: the migrated schema and the demo organisation."""
    migrate(url)
    load_demo_into(url)


# The templates a test database is copied from, by name.
TEMPLATES = {"empty": migrate, "demo": build_demo}

REQUIRE_POSTGRES = "STEWARD_REQUIRE_POSTGRES"


@functools.cache
def postgres_missing(url: str | None) -> str | None:
    """Why the PostgreSQL half of the suite cannot run on this URL, or None (asked once)."""
    if url is None:
        return "set STEWARD_TEST_POSTGRES_URL to run against PostgreSQL"
    engine = make_sync_engine(url, pooled=False)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        where = make_url(url).render_as_string(hide_password=True)
        return f"PostgreSQL at {where} does not answer: {str(error).splitlines()[0]}"
    finally:
        engine.dispose()
    return None


TEMPLATE_CACHE_ENV = "STEWARD_TEST_TEMPLATE_CACHE"


def _template_key() -> str:
    """Changes whenever a migration or the demo does, so a kept template is never stale."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for path in sorted([*root.glob("alembic/versions/*.py"), *root.glob("server/demo/*.py")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


class SQLiteFactory:
    """Template files in a folder; each test gets its own copy. With STEWARD_TEST_TEMPLATE_CACHE
    set to a folder, templates are kept there and reused by later runs (`make mutate` starts
    pytest once per mutant)."""

    def __init__(self, folder: Path) -> None:
        cache = os.environ.get(TEMPLATE_CACHE_ENV)
        self.folder = Path(cache) if cache else folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.templates: dict[str, Path] = {}

    def template(self, name: str, build) -> Path:
        if name not in self.templates:
            path = self.folder / f"template-{name}-{_template_key()}.db"
            if not path.exists():
                building = self.folder / f"building-{name}-{os.getpid()}.db"
                url = f"sqlite:///{building}"
                build(url)
                engine = make_sync_engine(url, pooled=False)
                with engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                engine.dispose()
                os.replace(building, path)
            self.templates[name] = path
        return self.templates[name]

    @contextmanager
    def database(self, name: str, build, target_folder: Path) -> Iterator[str]:
        source = self.template(name, build)
        target = target_folder / f"{name}-{next(_counter)}.db"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"


class PostgresFactory:
    """Template databases per test worker; each test gets `CREATE DATABASE ... TEMPLATE`."""

    def __init__(self, admin_url: str, worker: str) -> None:
        self.admin_url = make_url(admin_url)
        self.worker = worker
        self.templates: dict[str, str] = {}
        self.admin = make_sync_engine(admin_url, pooled=False).execution_options(
            isolation_level="AUTOCOMMIT"
        )

    def _url(self, database: str) -> str:
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def _recreate(self, database: str, template: str | None = None) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            suffix = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{database}"{suffix}'))

    def drop(self, database: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))

    def template(self, name: str, build) -> str:
        if name not in self.templates:
            database = f"steward_tpl_{name}_{self.worker}"
            self._recreate(database)
            build(self._url(database))
            self.templates[name] = database
        return self.templates[name]

    @contextmanager
    def database(self, name: str, build) -> Iterator[str]:
        template = self.template(name, build)
        database = f"steward_t_{self.worker}_{next(_counter)}"
        self._recreate(database, template)
        try:
            yield self._url(database)
        finally:
            self.drop(database)

    def close(self) -> None:
        for database in self.templates.values():
            self.drop(database)
        self.admin.dispose()
