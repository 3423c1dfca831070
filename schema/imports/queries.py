"""The measurement imports' root field, and loading one import as the API shows it (its
progress read live while it runs)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.ids import to_global_id
from schema.core.mutations import decode
from schema.imports.types import (
    MeasurementImport,
    MeasurementImportMetric,
    MeasurementImportProblem,
    MeasurementImportRow,
    MeasurementImportState,
)
from server.domain.core.errors import RuleViolation
from server.domain.imports import progress as import_progress
from server.domain.imports import records as domain
from server.models import ImportState, Person
from server.models import MeasurementImport as ImportRow

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
        format=summary.get("format") or "comma-separated, decimal point",
        problems=[
            MeasurementImportProblem(line=item["line"], reason=item["reason"])
            for item in row.problems or []
        ],
    )


@strawberry.type
class ImportsQuery:
    @strawberry.field(
        description="A measurement import by id: its preview, counts and progress; null when "
        "missing or not yours (administrators see every import)."
    )
    async def measurement_import(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The import's global id.")],
    ) -> MeasurementImport | None:
        try:
            pk = decode(id, "MeasurementImport", "id")
        except RuleViolation:
            return None
        return await load(info.context, pk)
