"""One runner per database: the lease on background work is taken by one process at a time,
renewed by its holder, and taken over when its holder stops renewing it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import runner_lease
from server.db import make_sync_engine
from server.domain.imports import worker as import_worker
from server.models import ImportState, MeasurementImport

TTL = timedelta(minutes=5)
NOW = datetime(2031, 1, 1, 12, tzinfo=UTC)


def test_one_holder_at_a_time_until_the_lease_lapses(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    with Session(engine) as session:
        assert runner_lease.acquire(session, "work", "a", TTL, NOW)
        session.commit()
        assert not runner_lease.acquire(session, "work", "b", TTL, NOW + timedelta(minutes=1))
        assert runner_lease.acquire(session, "work", "a", TTL, NOW + timedelta(minutes=4))
        session.commit()
        # a renewed at 12:04 for five minutes: b must wait until 12:09
        assert not runner_lease.acquire(session, "work", "b", TTL, NOW + timedelta(minutes=8))
        assert runner_lease.acquire(session, "work", "b", TTL, NOW + timedelta(minutes=9))
        session.commit()
        assert not runner_lease.acquire(session, "work", "a", TTL, NOW + timedelta(minutes=10))
        assert runner_lease.acquire(session, "other work", "a", TTL, NOW)
    engine.dispose()


def test_a_released_lease_is_free_at_once(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    with Session(engine) as session:
        assert runner_lease.acquire(session, "work", "a", TTL)
        session.commit()
        runner_lease.release(session, "work", "a")
        session.commit()
        assert runner_lease.acquire(session, "work", "b", TTL)
    engine.dispose()


def queue_an_import(url: str) -> int:
    from tests.support.imports import queued_import

    return queued_import(url)


def test_a_process_without_the_lease_leaves_imports_to_the_runner(demo_url, api):
    pk = queue_an_import(demo_url)
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:  # another process runs the imports
        assert runner_lease.acquire(session, import_worker.LEASE, "elsewhere:1:x", TTL)
        session.commit()
    assert import_worker.run_next(demo_url) is False
    with Session(engine) as session:
        state = session.scalar(select(MeasurementImport.state).where(MeasurementImport.id == pk))
        assert state is ImportState.QUEUED
        runner_lease.release(session, import_worker.LEASE, "elsewhere:1:x")
        session.commit()
    assert import_worker.run_next(demo_url) is True  # the runner is gone: this one takes over
    with Session(engine) as session:
        state = session.scalar(select(MeasurementImport.state).where(MeasurementImport.id == pk))
        assert state is ImportState.DONE
    # with nothing left to do the runner gives the lease up, free for any process
    assert import_worker.run_next(demo_url) is False
    with Session(engine) as session:
        assert runner_lease.acquire(session, import_worker.LEASE, "elsewhere:2:y", TTL)
    engine.dispose()
