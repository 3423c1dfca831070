"""A measurement import as the API shows it: its state, counts, preview and problems."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry


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
    format: str = strawberry.field(
        description="How the file was read, in words: comma- or semicolon-separated, and with "
        'a decimal point or a decimal comma (e.g. "semicolon-separated, decimal comma").'
    )
    problems: list[MeasurementImportProblem] = strawberry.field(
        description="Why a run failed; empty unless `state` is FAILED."
    )
