"""`make bench`: import 100,000 measurements from a CSV file on PostgreSQL, against a 10 s target.

The rows go to metrics of the person who owns the most metrics in the bench data, at times no
bench measurement has (2045 onwards, a minute apart). The import is timed from the file's text
to the commit, as `steward import-measurements` runs it; then its rows, its record and its
audit entry are deleted again, so the bench data set stays as `steward demo --scale bench`
loaded it.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.domain.core import visibility
from server.domain.imports import records as measurement_imports
from server.domain.imports.checker import ImportRejected
from server.models import AuditEntry, Measurement, MeasurementImport, Metric

ROWS = 100_000
TARGET_SECONDS = 10.0
METRICS = 50
SOURCE = "bench import"


def csv_text(metric_ids: list[int], rows: int = ROWS) -> str:
    start = datetime(2045, 1, 1, tzinfo=UTC)
    ids = [to_global_id("Metric", pk) for pk in metric_ids]
    lines = ["metric,taken_at,value,source"]
    for n in range(rows):
        moment = start + timedelta(minutes=n)
        lines.append(f"{ids[n % len(ids)]},{moment.isoformat()},{n % 997 / 10},{SOURCE}")
    return "\n".join(lines) + "\n"


def run(url: str, log) -> dict:
    engine = make_sync_engine(url, pooled=False)
    try:
        with Session(engine) as session:
            owner_id = session.execute(
                select(Metric.owner_id)
                .where(Metric.owner_id.is_not(None))
                .group_by(Metric.owner_id)
                .order_by(func.count().desc(), Metric.owner_id)
                .limit(1)
            ).scalar_one()
            viewer = measurement_imports.viewer_for(session, owner_id)
            visible = visibility.visible_metrics(viewer)
            metric_ids = list(
                session.scalars(
                    select(Metric.id)
                    .where(Metric.owner_id == owner_id, *([] if visible is None else [visible]))
                    .order_by(Metric.id)
                    .limit(METRICS)
                )
            )
        text = csv_text(metric_ids)
        log(f"Importing {ROWS:,} measurements for {len(metric_ids)} metrics of {viewer.name} ...")
        with Session(engine) as session:
            started = time.perf_counter()
            try:
                record = measurement_imports.import_now(session, viewer, "bench-100k.csv", text)
            except ImportRejected as refused:
                first = refused.problems[0].message
                raise SystemExit(f"the bench import was refused: {first}") from None
            session.commit()
            seconds = time.perf_counter() - started
            _clean_up(session, record.id)
    finally:
        engine.dispose()
    log(f"  import 100k: {seconds:.2f} s")
    return {
        "rows": ROWS,
        "metrics": len(metric_ids),
        "seconds": round(seconds, 2),
        "target_seconds": TARGET_SECONDS,
        "pass": seconds <= TARGET_SECONDS,
    }


def _clean_up(session: Session, import_id: int) -> None:
    session.execute(delete(Measurement).where(Measurement.source == SOURCE))
    session.execute(
        delete(AuditEntry).where(
            AuditEntry.entity_type == "MeasurementImport", AuditEntry.entity_id == import_id
        )
    )
    session.execute(delete(MeasurementImport).where(MeasurementImport.id == import_id))
    session.commit()


def line(result: dict) -> str:
    verdict = "PASS" if result["pass"] else "MISS"
    return (
        f"  import 100k {result['seconds']:6.2f} s   (target <= {result['target_seconds']:.0f} s)"
        f"  {verdict}"
    )
