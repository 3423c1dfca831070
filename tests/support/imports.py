"""Measurement imports in a test: who imports, a generated CSV file, and an import queued as
the import page leaves it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.domain.imports import records as measurement_imports
from server.domain.imports.checker import BATCH_ROWS
from server.domain.people.accounts import person_by_email
from server.models import ImportState, Metric
from tests.support.demo import demo_email

ROWS = 3 * BATCH_ROWS


def viewer(session: Session, key: str):
    return measurement_imports.viewer_for(session, person_by_email(session, demo_email(key)).id)


def generated(metric_ids: list[int], rows: int) -> str:
    """A good CSV file of `rows` measurements, taken in turn for each of the metrics."""
    start = datetime(2040, 1, 1, tzinfo=UTC)
    lines = ["metric,taken_at,value,source"]
    for n in range(rows):
        pk = metric_ids[n % len(metric_ids)]
        moment = start + timedelta(minutes=n)
        lines.append(f"{to_global_id('Metric', pk)},{moment.isoformat()},{n % 97}.5,generator")
    return "\n".join(lines) + "\n"


def queued_import(url: str, state: ImportState = ImportState.QUEUED) -> int:
    """A checked file of Carlos's, started (queued), as the import page leaves it."""
    engine = make_sync_engine(url, pooled=False)
    with Session(engine) as session:
        carlos = viewer(session, "carlos")
        mine = list(session.scalars(select(Metric.id).where(Metric.owner_id == carlos.person_id)))
        record = measurement_imports.upload(session, carlos, "big.csv", generated(mine, ROWS))
        measurement_imports.start(session, carlos, record.id)
        session.commit()
        pk = record.id
    engine.dispose()
    return pk
