"""Measurement imports in the API: upload a CSV file's text, read its preview and report,
start it, and follow its progress. The rules are in server/domain/imports/records.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from strawberry.types import Info

from schema.context import Context
from schema.ids import to_global_id
from schema.payloads import ERRORS, READ_ONLY, UserError, _error, decode
from server.domain.core.errors import RuleViolation, RuleViolations
from server.domain.core.viewer import Viewer
from server.domain.imports import progress as import_progress
from server.domain.imports import records as domain
from server.models import ImportState, Person
from server.models import MeasurementImport as ImportRow


@strawberry.enum(description="Where a measurement import is.")
class MeasurementImportState(Enum):
    VALIDATED = strawberry.enum_value(
        "validated", description="Checked and kept; waits for its uploader to start it."
    )
    QUEUED = strawberry.enum_value("queued", description="Started; waits for a background run.")
    RUNNING = strawberry.enum_value(
        "running", description="Being written; `rowsDone` of `rowCount` so far."
    )
    DONE = strawberry.enum_value("done", description="Every row written.")
    FAILED = strawberry.enum_value(
        "failed", description="Stopped with nothing written; `problems` says why."
    )


@strawberry.type(description="How many rows of an import go to one metric.")
class MeasurementImportMetric:
    metric_id: strawberry.ID = strawberry.field(description="The metric's global id.")
    name: str = strawberry.field(description="The metric's name when the file was checked.")
    count: int = strawberry.field(description="How many of the file's rows are its values.")


@strawberry.type(description="One line of the uploaded file, as written (the preview).")
class MeasurementImportRow:
    line: int = strawberry.field(description="The line number in the file; the header is line 1.")
    metric: str = strawberry.field(description="The metric's ID or name, as written.")
    metric_name: str | None = strawberry.field(
        description="The name of the metric it is; null when no metric matched."
    )
    taken_at: datetime | None = strawberry.field(
        description="When the value was taken, as read; null when it could not be read."
    )
    value: float | None = strawberry.field(
        description="The value, in the metric's unit; null when it could not be read."
    )
    source: str = strawberry.field(
        description="The source column as written; empty means 'CSV import'."
    )


@strawberry.type(description="Why a line (0: the file as a whole) stopped a run.")
class MeasurementImportProblem:
    line: int = strawberry.field(
        description="The line number in the file (the header is line 1); 0 for the whole file."
    )
    reason: str = strawberry.field(description="What is wrong with it, in words.")


@strawberry.type(
    description="An uploaded CSV file of measurements: checked, started by its uploader, then "
    "written in the background, all rows or none. Seen by its uploader and administrators."
)
class MeasurementImport:
    id: strawberry.ID = strawberry.field(
        description="The import's global id, for `measurementImport(id:)`."
    )
    file_name: str = strawberry.field(description="The uploaded file's name.")
    state: MeasurementImportState = strawberry.field(description="Where the import is.")
    row_count: int = strawberry.field(description="Rows the file holds (all good).")
    rows_done: int = strawberry.field(description="Rows written so far.")
    uploaded_by_name: str | None = strawberry.field(
        description="The uploader's name; null when not known."
    )
    uploaded_at: datetime = strawberry.field(description="When the file was uploaded.")
    started_at: datetime | None = strawberry.field(
        description="When its uploader started it; null until then."
    )
    finished_at: datetime | None = strawberry.field(
        description="When it finished, DONE or FAILED; null until then."
    )
    viewer_may_start: bool = strawberry.field(
        description="True when the viewer uploaded it and it waits to be started."
    )
    metrics: list[MeasurementImportMetric] = strawberry.field(
        description="Rows per metric, by metric name."
    )
    preview: list[MeasurementImportRow] = strawberry.field(description="The first rows (up to 10).")
    problems: list[MeasurementImportProblem] = strawberry.field(
        description="Why a run failed; empty unless `state` is FAILED."
    )


@strawberry.input(description="A CSV file's text: header `metric,taken_at,value[,source]`.")
class CreateMeasurementImportInput:
    file_name: str = strawberry.field(
        description="The file's name, to recognise it by; at most 255 characters."
    )
    content: str = strawberry.field(
        description="The file's text: UTF-8 CSV, a header line then at most 250,000 rows "
        "(docs/measurement-import.md)."
    )


@strawberry.input(description="A checked measurement import to start.")
class StartMeasurementImportInput:
    id: strawberry.ID = strawberry.field(description="The import's global id.")


@strawberry.type(
    description="The result of createMeasurementImport; a refused file has an error per bad "
    "line (`field` ends with the line number) and nothing is kept."
)
class CreateMeasurementImportPayload:
    measurement_import: MeasurementImport | None = strawberry.field(
        description="The import, checked and waiting to be started; null when refused."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="The result of startMeasurementImport.")
class StartMeasurementImportPayload:
    measurement_import: MeasurementImport | None = strawberry.field(
        description="The import, now queued to run; null when refused."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)


_COLUMNS = (
    ImportRow.id,
    ImportRow.file_name,
    ImportRow.state,
    ImportRow.row_count,
    ImportRow.rows_done,
    Person.name,
    ImportRow.uploaded_at,
    ImportRow.started_at,
    ImportRow.finished_at,
    ImportRow.summary,
    ImportRow.problems,
    ImportRow.uploaded_by_id,
)


async def load(context: Context, pk: int | None) -> MeasurementImport | None:
    """One import, if the viewer may see it (one statement; the file's text is not read)."""
    condition = domain.visible_imports(context.require_viewer())
    row = (
        await context.session.execute(
            select(*_COLUMNS)
            .outerjoin(Person, Person.id == ImportRow.uploaded_by_id)
            .where(ImportRow.id == pk, *([] if condition is None else [condition]))
        )
    ).first()
    if row is None:
        return None
    summary = row.summary or {}
    rows_done, row_count = row.rows_done, row.row_count
    companion = import_progress.companion_path(str(context.session.bind.url))
    if (
        row.state is ImportState.RUNNING
        and companion is not None
        and (live := import_progress.current(companion, row.id))
    ):
        rows_done, row_count = live
    if row.state in (ImportState.QUEUED, ImportState.RUNNING) and context.wake_import_worker:
        context.wake_import_worker()  # someone is waiting for it: make sure a worker looks
    return MeasurementImport(
        id=strawberry.ID(to_global_id("MeasurementImport", row.id)),
        file_name=row.file_name,
        state=MeasurementImportState(row.state.value),
        row_count=row_count,
        rows_done=rows_done,
        uploaded_by_name=row.name,
        uploaded_at=row.uploaded_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        viewer_may_start=(
            row.uploaded_by_id == context.viewer.person_id and row.state is ImportState.VALIDATED
        ),
        metrics=[
            MeasurementImportMetric(
                metric_id=strawberry.ID(to_global_id("Metric", item["id"])),
                name=item["name"],
                count=item["count"],
            )
            for item in summary.get("metrics", [])
        ],
        preview=[
            MeasurementImportRow(
                line=item["line"],
                metric=item["metric"],
                metric_name=item.get("metricName"),
                taken_at=datetime.fromisoformat(item["takenAt"]) if item["takenAt"] else None,
                value=item["value"],
                source=item["source"],
            )
            for item in summary.get("preview", [])
        ],
        problems=[
            MeasurementImportProblem(line=item["line"], reason=item["reason"])
            for item in row.problems or []
        ],
    )


async def measurement_import(
    info: Info[Context, None], id: strawberry.ID
) -> MeasurementImport | None:
    """The root field `measurementImport(id)`."""
    try:
        pk = decode(id, "MeasurementImport", "id")
    except RuleViolation:
        return None
    return await load(info.context, pk)


async def run(
    info: Info[Context, None], work: Callable[[Session, Viewer], Any], payload_class: type
) -> Any:
    """One domain change in its own transaction; the import as the API shows it, or errors."""
    context = info.context
    viewer = context.require_viewer()
    try:
        if not viewer.may_write:
            raise READ_ONLY
        record = await context.session.run_sync(lambda sync: work(sync, viewer))
        pk = record.id
        await context.session.commit()
    except RuleViolation as violation:
        await context.session.rollback()
        return payload_class(measurement_import=None, errors=[_error(violation)])
    except RuleViolations as problems:
        await context.session.rollback()
        errors = [_error(violation) for violation in problems.violations]
        return payload_class(measurement_import=None, errors=errors)
    except IntegrityError:
        await context.session.rollback()
        violation = RuleViolation("CONFLICT", "This clashes with a change made at the same "
                                  "moment; reload and try again.")  # fmt: skip
        return payload_class(measurement_import=None, errors=[_error(violation)])
    return payload_class(measurement_import=await load(context, pk), errors=[])


async def create(info: Info[Context, None], input: CreateMeasurementImportInput) -> Any:
    def work(session: Session, viewer: Viewer):
        return domain.upload(session, viewer, input.file_name, input.content)

    return await run(info, work, CreateMeasurementImportPayload)


async def start(info: Info[Context, None], input: StartMeasurementImportInput) -> Any:
    def work(session: Session, viewer: Viewer):
        return domain.start(session, viewer, decode(input.id, "MeasurementImport", "input.id"))

    payload = await run(info, work, StartMeasurementImportPayload)
    if not payload.errors and info.context.wake_import_worker is not None:
        info.context.wake_import_worker()
    return payload
