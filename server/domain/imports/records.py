"""The measurement import record: uploaded and checked, started by its uploader, then run.

An upload with any bad line is refused whole (nothing stored); a good one is kept with its
text, a preview and its count per metric until the uploader starts it. Running it checks the
file again (someone may have recorded a clashing measurement meanwhile) and writes every row,
or none. Only the uploader and administrators see an import; to anyone else it does not exist.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from server.domain.core import audit
from server.domain.core.errors import INVALID_TRANSITION, NOT_FOUND, RuleViolation
from server.domain.core.viewer import Viewer, viewer_from_rows, viewer_query
from server.domain.imports.checker import (
    CheckedFile,
    ImportRejected,
    Progress,
    check,
    write,
)
from server.domain.imports.csv_reader import LineProblem
from server.models import ImportState, MeasurementImport
from server.models.enums import AuditAction

MAX_FILE_NAME = 255
# A running import says it is alive when claimed and after every batch (where the database has a
# second writer; SQLite's single writer leaves only the claim). Silent this long, its process has
# died: the largest upload takes well under a minute to write even on SQLite.
ABANDONED_AFTER = timedelta(minutes=3)


def visible_imports(viewer: Viewer | None) -> ColumnElement[bool] | None:
    """The uploader's own imports; every import for administrators (None: no condition)."""
    if viewer is None:
        return MeasurementImport.id.is_(None)
    if viewer.is_admin:
        return None
    return MeasurementImport.uploaded_by_id == viewer.person_id


def upload(
    session: Session, viewer: Viewer, file_name: str, text: str, *, audited: bool = True
) -> MeasurementImport:
    """Check the file and keep it for its uploader to start; refuse it whole if any line is bad."""
    name = clean_file_name(file_name)
    checked = check(session, viewer, text)
    if not checked.ok:
        raise ImportRejected(checked.problems, checked.lines_read)
    record = MeasurementImport(
        file_name=name,
        uploaded_by_id=viewer.person_id,
        state=ImportState.VALIDATED,
        row_count=len(checked.rows),
        rows_done=0,
        content=text,
        summary=summary(checked),
    )
    session.add(record)
    session.flush()
    if audited:
        audit.record(
            session,
            actor_id=viewer.person_id,
            actor_name=viewer.name,
            entity_type="MeasurementImport",
            entity_id=record.id,
            entity_label=name,
            action=AuditAction.CREATE,
            after={"fileName": name, "rows": record.row_count, "state": record.state.value},
        )
    return record


def start(session: Session, viewer: Viewer, import_id: int) -> MeasurementImport:
    """Queue a checked import; a background task writes it (server/domain/imports/worker.py)."""
    record = get(session, viewer, import_id, lock=True)  # two clicks queue it once
    if record.uploaded_by_id != viewer.person_id:
        raise RuleViolation(
            "FORBIDDEN", "only the person who uploaded the file may start its import", "input.id"
        )
    if record.state is not ImportState.VALIDATED:
        raise RuleViolation(
            INVALID_TRANSITION, f"this import is already {record.state.value}", "input.id"
        )
    record.state = ImportState.QUEUED
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="MeasurementImport",
        entity_id=record.id,
        entity_label=record.file_name,
        action=AuditAction.UPDATE,
        before={"state": ImportState.VALIDATED.value},
        after={"state": ImportState.QUEUED.value},
    )
    session.flush()
    return record


def requeue_abandoned(session: Session, now: datetime | None = None) -> list[int]:
    """Queue again the running imports whose process died. Their rows are written in one
    transaction, so a dead run wrote none and running it again is safe. Returns their ids."""
    cutoff = (now or datetime.now(UTC)) - ABANDONED_AFTER
    silent = (MeasurementImport.state == ImportState.RUNNING) & (
        func.coalesce(MeasurementImport.heartbeat_at, MeasurementImport.started_at) < cutoff
    )
    # Look before writing: an UPDATE would wait for SQLite's write lock even when nothing matches.
    ids = list(session.scalars(select(MeasurementImport.id).where(silent)))
    if ids:
        session.execute(
            update(MeasurementImport)
            .where(MeasurementImport.id.in_(ids), silent)
            .values(state=ImportState.QUEUED, rows_done=0, started_at=None, heartbeat_at=None)
        )
    return ids


def get(
    session: Session, viewer: Viewer, import_id: int | None, *, lock: bool = False
) -> MeasurementImport:
    condition = visible_imports(viewer)
    statement = select(MeasurementImport).where(
        MeasurementImport.id == import_id, *([] if condition is None else [condition])
    )
    record = session.scalars(statement.with_for_update() if lock else statement).first()
    if record is None:
        raise RuleViolation(NOT_FOUND, "no measurement import has this id", "input.id")
    return record


def run(
    session: Session, record: MeasurementImport, progress: Progress | None = None
) -> CheckedFile:
    """Check the kept file again as its uploader and write every row, in the caller's
    transaction; marks the record done. Raises ImportRejected (nothing written) otherwise."""
    viewer = viewer_for(session, record.uploaded_by_id)
    if viewer is None:
        raise ImportRejected([_whole("the person who uploaded the file is no longer active")], 0)
    if record.content is None:
        raise ImportRejected([_whole("the file's text is no longer kept")], 0)
    checked = check(session, viewer, record.content)
    if not checked.ok:
        raise ImportRejected(checked.problems, checked.lines_read)
    _write(session, viewer, record, checked, progress)
    return checked


def import_now(
    session: Session,
    viewer: Viewer,
    file_name: str,
    text: str,
    progress: Progress | None = None,
) -> MeasurementImport:
    """Check and write a file at once (the command line): the record, every row and one audit
    entry in the caller's transaction, or ImportRejected and nothing."""
    checked = check(session, viewer, text)
    if not checked.ok:
        raise ImportRejected(checked.problems, checked.lines_read)
    now = datetime.now(UTC)
    record = MeasurementImport(
        file_name=clean_file_name(file_name),
        uploaded_by_id=viewer.person_id,
        state=ImportState.RUNNING,
        row_count=len(checked.rows),
        rows_done=0,
        summary={},
        started_at=now,
    )
    session.add(record)
    session.flush()
    _write(session, viewer, record, checked, progress)
    return record


def _write(
    session: Session,
    viewer: Viewer,
    record: MeasurementImport,
    checked: CheckedFile,
    progress: Progress | None,
) -> None:
    write(
        session,
        viewer,
        checked,
        file_name=record.file_name,
        import_id=record.id,
        progress=progress,
    )
    record.state = ImportState.DONE
    record.rows_done = len(checked.rows)
    record.row_count = len(checked.rows)
    record.summary = summary(checked)
    record.content = None  # the rows are in the database now
    record.finished_at = datetime.now(UTC)
    session.flush()


def summary(checked: CheckedFile) -> dict[str, Any]:
    return {
        "format": checked.format,
        "metrics": [{"id": m.id, "name": m.name, "count": n} for m, n in checked.counts()],
        "preview": [
            {
                "line": row.line,
                "metric": row.metric,
                "metricName": checked.preview_names.get(row.line),
                "takenAt": row.taken_at.isoformat() if row.taken_at else None,
                "value": row.value,
                "source": row.source,
            }
            for row in checked.preview
        ],
    }


def problems_json(error: ImportRejected) -> list[dict[str, Any]]:
    return [{"line": problem.line, "reason": problem.reason} for problem in error.problems]


def clean_file_name(file_name: str) -> str:
    """The file's own name (no folders), or a stand-in; long names are cut."""
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name or "measurements.csv")[:MAX_FILE_NAME]


def viewer_for(session: Session, person_id: int | None) -> Viewer | None:
    """The active person with their role grants (as server/domain/people/authentication.py
    builds them), for work done on their behalf outside a request."""
    return viewer_from_rows(session.execute(viewer_query(person_id)).all())


def _whole(reason: str) -> LineProblem:
    return LineProblem(0, reason)
