"""The background import worker: progress readable through the API while the rows are being
written (on SQLite too, whose single writer is busy with the import), and an import whose
process died is queued again and finished."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.domain.imports import records as measurement_imports
from server.domain.imports import worker as import_worker
from server.domain.imports.checker import BATCH_ROWS
from server.models import ImportState
from server.models import MeasurementImport as ImportRow
from tests.support.imports import ROWS, queued_import

STATUS = """query($id: ID!) { measurementImport(id: $id) { state rowsDone rowCount } }"""


def test_progress_is_readable_while_the_rows_are_written(api, demo_url, monkeypatch):
    api.query("carlos", "{ viewer { name } }")  # its token is stored before the import writes
    # The app looks for queued imports as it starts: once it is done, this one is the test's.
    deadline = time.monotonic() + 30
    while api.client.app.state.import_worker.running and time.monotonic() < deadline:
        time.sleep(0.05)
    pk = queued_import(demo_url)
    halfway, resume = threading.Event(), threading.Event()
    unpaused = measurement_imports.run

    def run_pausing_after_a_batch(session, record, progress):
        def pausing(done: int, total: int) -> None:
            progress(done, total)
            if 0 < done < total and not halfway.is_set():
                halfway.set()
                resume.wait(30)

        return unpaused(session, record, pausing)

    monkeypatch.setattr(measurement_imports, "run", run_pausing_after_a_batch)
    worker = threading.Thread(target=import_worker.run_next, args=(demo_url,))
    worker.start()
    try:
        assert halfway.wait(30), "the import never reached its first batch"
        during = api.query("carlos", STATUS, {"id": to_global_id("MeasurementImport", pk)})
        assert during["measurementImport"] == {
            "state": "RUNNING", "rowsDone": BATCH_ROWS, "rowCount": ROWS
        }  # fmt: skip
    finally:
        resume.set()
        worker.join(60)
    after = api.query("carlos", STATUS, {"id": to_global_id("MeasurementImport", pk)})
    assert after["measurementImport"] == {"state": "DONE", "rowsDone": ROWS, "rowCount": ROWS}


def test_an_import_whose_process_died_is_queued_again_and_finished(api, demo_url, caplog):
    pk = queued_import(demo_url)
    engine = make_sync_engine(demo_url, pooled=False)

    def claimed(heartbeat: datetime) -> None:
        with Session(engine) as session:
            session.execute(
                update(ImportRow).where(ImportRow.id == pk)
                .values(state=ImportState.RUNNING, started_at=heartbeat, heartbeat_at=heartbeat)
            )  # fmt: skip
            session.commit()

    def requeued() -> list[int]:
        with Session(engine) as session:
            ids = measurement_imports.requeue_abandoned(session)
            session.commit()
            return ids

    claimed(datetime.now(UTC) - timedelta(seconds=5))  # its process is alive and writing
    assert requeued() == []
    claimed(datetime.now(UTC) - measurement_imports.ABANDONED_AFTER - timedelta(seconds=5))
    with caplog.at_level("WARNING", logger="steward.imports"):
        assert import_worker.run_next(demo_url) is True  # abandoned ones are queued first
    assert f"measurement imports [{pk}] lost their process; queued again" in caplog.text
    engine.dispose()
    status = api.query("carlos", STATUS, {"id": to_global_id("MeasurementImport", pk)})
    assert status["measurementImport"] == {"state": "DONE", "rowsDone": ROWS, "rowCount": ROWS}
