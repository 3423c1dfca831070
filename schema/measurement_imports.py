"""Measurement imports in the API: upload a CSV file's text, read its preview and report,
start it, and follow its progress. The rules are in server/domain/measurement_imports.py."""

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
from schema.payloads import READ_ONLY, UserError, _error, decode
from server import import_progress
from server.domain import measurement_imports as domain
from server.domain.errors import RuleViolation, RuleViolations
from server.domain.viewer import Viewer
from server.models import ImportState, Person
from server.models import MeasurementImport as ImportRow


@strawberry.enum(description="Where a measurement import is.")
class MeasurementImportState(Enum):
    VALIDATED = "validated"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@strawberry.type(description="How many rows of an import go to one metric.")
class MeasurementImportMetric:
    metric_id: strawberry.ID
    name: str
    count: int


@strawberry.type(description="One line of the uploaded file, as written (the preview).")
class MeasurementImportRow:
    line: int
    metric: str = strawberry.field(description="The metric's ID or name, as written.")
    metric_name: str | None = strawberry.field(description="The name of the metric it is.")
    taken_at: datetime | None
    value: float | None
    source: str


@strawberry.type(description="Why a line (0: the file as a whole) stopped a run.")
class MeasurementImportProblem:
    line: int
    reason: str


@strawberry.type(
    description="An uploaded CSV file of measurements: checked, started by its uploader, then "
    "written in the background, all rows or none. Seen by its uploader and administrators."
)
class MeasurementImport:
    id: strawberry.ID
    file_name: str
    state: MeasurementImportState
    row_count: int = strawberry.field(description="Rows the file holds (all good).")
    rows_done: int = strawberry.field(description="Rows written so far.")
    uploaded_by_name: str | None
    uploaded_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    viewer_may_start: bool = strawberry.field(
        description="True when the viewer uploaded it and it waits to be started."
    )
    metrics: list[MeasurementImportMetric] = strawberry.field(
        description="Rows per metric, by metric name."
    )
    preview: list[MeasurementImportRow] = strawberry.field(description="The first rows.")
    problems: list[MeasurementImportProblem] = strawberry.field(
        description="Why a run failed; empty unless `state` is FAILED."
    )


@strawberry.input(description="A CSV file's text: header `metric,taken_at,value[,source]`.")
class CreateMeasurementImportInput:
    file_name: str
    content: str


@strawberry.input
class StartMeasurementImportInput:
    id: strawberry.ID


@strawberry.type(
    description="The result of createMeasurementImport; a refused file has an error per bad "
    "line (`field` ends with the line number) and nothing is kept."
)
class CreateMeasurementImportPayload:
    measurement_import: MeasurementImport | None
    errors: list[UserError]


@strawberry.type(description="The result of startMeasurementImport.")
class StartMeasurementImportPayload:
    measurement_import: MeasurementImport | None
    errors: list[UserError]


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
