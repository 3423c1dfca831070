"""Runs the reminders in the background of a serving process, every few minutes, in whichever
process holds the `reminders` lease (server/runner_lease.py): with several workers one of them
raises the reminders, and when it stops another takes over. Nothing is raised twice either way
(reminders.py keeps each occurrence)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server import runner_lease
from server.db import make_sync_engine
from server.domain.collaboration import reminders

LEASE = "reminders"
log = logging.getLogger("steward.reminders")


def run_if_runner(
    database_url: str, thresholds: reminders.Thresholds, every: timedelta,
    session_info: dict[str, Any] | None = None,
) -> int:  # fmt: skip
    """Raise the reminders due if this process holds (or takes) the lease; how many were
    told, or -1 when another process runs them."""
    engine = make_sync_engine(database_url, pooled=False)
    holder = runner_lease.this_process()
    try:
        with Session(engine, info=session_info or {}) as session:
            if not runner_lease.acquire(session, LEASE, holder, every * 2):
                session.commit()
                return -1
            session.commit()
            told = reminders.run(session, thresholds=thresholds)
            session.commit()
            return told
    finally:
        engine.dispose()


class ReminderRunner:
    """The background task: first run soon after start-up, then every `every`."""

    def __init__(self, database_url: str, thresholds: reminders.Thresholds,
                 every: timedelta, session_info: dict[str, Any] | None = None) -> None:  # fmt: skip
        """`session_info`: what the sessions carry (mail.MailConfig when mail is on)."""
        self.session_info = session_info
        self.database_url = database_url
        self.thresholds = thresholds
        self.every = every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        await asyncio.sleep(5)  # let the process start serving first
        while True:
            try:
                told = await asyncio.to_thread(
                    run_if_runner,
                    self.database_url,
                    self.thresholds,
                    self.every,
                    self.session_info,
                )
                if told > 0:
                    log.info("reminded %d people", told)
            except DBAPIError as error:  # the database is down, or not migrated yet
                log.warning("the reminders cannot reach the database: %s", error.orig)
            except Exception:
                log.exception("the reminders failed")
            await asyncio.sleep(self.every.total_seconds())
