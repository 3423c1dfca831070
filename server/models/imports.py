"""A measurement import: an uploaded CSV file kept between its preview and its commit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column


class ImportState(StrEnum):
    VALIDATED = "validated"  # checked, waiting for the uploader to start it
    QUEUED = "queued"  # started; the background task has not picked it up yet
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # checked again when it ran and refused, or an unexpected error


class MeasurementImport(Base):
    """One uploaded file: its text until it is imported, its preview and its progress."""

    __tablename__ = "measurement_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    uploaded_at: Mapped[datetime] = created_at_column()
    state: Mapped[ImportState] = mapped_column(enum_column(ImportState, "state"))
    row_count: Mapped[int] = mapped_column()
    rows_done: Mapped[int] = mapped_column(default=0, server_default="0")
    # The file's text, kept until the rows are written (then cleared).
    content: Mapped[str | None] = mapped_column(Text)
    # {"metrics": [{"id", "name", "count"}], "preview": [{"line", "metric", ...}]}
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Why a run failed: [{"line", "reason"}] (line 0: the file as a whole).
    problems: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the process running it last said it is alive (claim, then every batch where the
    # database allows a second writer); a running import silent for long has lost its process.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
