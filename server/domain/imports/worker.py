"""Runs started measurement imports in the background, with their progress in the database.

A started import is `queued` in the database, so any process can run it: the worker claims
one (`queued` -> `running` in one conditional UPDATE, so two processes never both run it),
writes it in a thread (the domain code is synchronous), and looks for the next. It wakes when
this process starts an import and once at start-up (imports queued before a restart).

Progress is committed on a second connection after every batch, so the page can show it while
the rows are written in one transaction. SQLite has a single writer, held by that transaction:
there progress goes to a companion file every process reads (server/domain/imports/progress.py).

A process that dies mid-import leaves it `running` with nothing written; every look for work
first queues such abandoned imports again (see `requeue_abandoned`), so they finish after all.

One process per database runs imports at a time: it holds the `measurement-imports` lease
(server/runner_lease.py) while it works, renews it with each batch where it can, and gives it up
when nothing is queued. A process that cannot take the lease leaves the work to its holder.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server import runner_lease
from server.db import make_sync_engine
from server.domain.core.sql import changed_rows
from server.domain.imports import progress as import_progress
from server.domain.imports import records as measurement_imports
from server.domain.imports.checker import ImportRejected
from server.models import ImportState, MeasurementImport

log = logging.getLogger("steward.imports")

LEASE = "measurement-imports"
# Longer than a large import takes on SQLite, where the import's transaction holds the only
# writer and the lease cannot be renewed until it ends.
LEASE_TTL = timedelta(minutes=10)


class ImportWorker:
    """One drain task per process at a time; `nudge` starts it or asks it to look again."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def nudge(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())
        else:
            self._again = True

    @property
    def running(self) -> bool:
        """Whether it is looking for, or running, imports just now."""
        return self._task is not None and not self._task.done()

    async def close(self) -> None:
        """Let a running import finish (its thread cannot be stopped half-way)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def _drain(self) -> None:
        while True:
            self._again = False
            try:
                ran = await asyncio.to_thread(run_next, self.database_url)
            except DBAPIError as error:  # the database is down, or not migrated yet
                log.warning("the import worker cannot reach the imports: %s", error.orig)
                return
            except Exception:
                log.exception("the import worker failed")
                return
            if not ran and not self._again:
                return


def run_next(database_url: str) -> bool:
    """Claim and run the oldest queued import; False when none is queued."""
    engine = make_sync_engine(database_url, pooled=False)
    holder = runner_lease.this_process()
    try:
        with Session(engine) as session:
            runner = runner_lease.acquire(session, LEASE, holder, LEASE_TTL)
            session.commit()
            if not runner:
                return False  # another process runs the imports; it will find this one
            if abandoned := measurement_imports.requeue_abandoned(session):
                session.commit()
                log.warning("measurement imports %s lost their process; queued again", abandoned)
            pk = session.scalars(
                select(MeasurementImport.id)
                .where(MeasurementImport.state == ImportState.QUEUED)
                .order_by(MeasurementImport.id)
                .limit(1)
            ).first()
            if pk is None:
                runner_lease.release(session, LEASE, holder)
                session.commit()
                return False
            now = datetime.now(UTC)
            claimed = changed_rows(
                session.execute(
                    update(MeasurementImport)
                    .where(
                        MeasurementImport.id == pk, MeasurementImport.state == ImportState.QUEUED
                    )
                    .values(state=ImportState.RUNNING, started_at=now, heartbeat_at=now)
                )
            )
            session.commit()
        if claimed:
            run_import(engine, pk, holder)
        return True
    finally:
        engine.dispose()


def run_import(engine: Engine, pk: int, holder: str | None = None) -> None:
    """Write one claimed import: all its rows and `done`, or none and `failed` with why."""
    with Session(engine) as progress_session, Session(engine) as session:
        # The import's own transaction holds SQLite's only write lock: progress goes beside it.
        companion = import_progress.companion_path(str(engine.url))

        def progress(done: int, total: int) -> None:
            if companion is not None:
                import_progress.report(companion, pk, done, total)
                return
            progress_session.execute(
                update(MeasurementImport)
                .where(MeasurementImport.id == pk)
                .values(rows_done=done, row_count=total, heartbeat_at=datetime.now(UTC))
            )
            if holder is not None:
                runner_lease.acquire(progress_session, LEASE, holder, LEASE_TTL)
            progress_session.commit()

        try:
            record = session.get(MeasurementImport, pk)
            if record is None:
                return
            measurement_imports.run(session, record, progress)
            session.commit()
            log.info("measurement import %s: %s rows written", pk, record.rows_done)
        except ImportRejected as rejected:
            session.rollback()
            _fail(progress_session, pk, measurement_imports.problems_json(rejected))
        except Exception:
            session.rollback()
            log.exception("measurement import %s failed", pk)
            reason = "an unexpected error stopped the import; nothing was written"
            _fail(progress_session, pk, [{"line": 0, "reason": reason}])
        finally:
            if companion is not None:
                import_progress.finished(companion, pk)


def _fail(session: Session, pk: int, problems: list[dict[str, Any]]) -> None:
    session.rollback()
    session.execute(
        update(MeasurementImport)
        .where(MeasurementImport.id == pk)
        .values(
            state=ImportState.FAILED,
            rows_done=0,
            problems=problems,
            finished_at=datetime.now(UTC),
        )
    )
    session.commit()
