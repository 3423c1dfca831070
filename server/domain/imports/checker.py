"""Importing measurements from a CSV file (step 3, gather): checked whole, then written whole.

`check` reads the file and judges every line against the database, set-based: the metrics the
file names are looked up once, existing measurements once per 200 metrics. `write` inserts
the rows in large batches in the caller's transaction (COPY on PostgreSQL) and records one
audit entry. The rules are those of `recordMeasurements` (server/domain/metrics/measurements.py):
the same permission (`may_record`), and a duplicate (the same metric and time, in the file or
already recorded) is refused, never overwritten.
"""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Connection, and_, or_, select
from sqlalchemy.orm import Session

from server.domain.core import audit, visibility
from server.domain.core.errors import (
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    RuleViolation,
    RuleViolations,
)
from server.domain.core.validation import database_id
from server.domain.core.viewer import Viewer
from server.domain.imports.csv_reader import CsvRow, LineProblem, parse
from server.domain.metrics.measurements import computed_metric, may_record
from server.models import Initiative, Measurement, Metric, MetricInitiative, Plan
from server.models.enums import AuditAction

DEFAULT_SOURCE = "CSV import"
BATCH_ROWS = 5_000
PREVIEW_ROWS = 10
_LOOKUP_CHUNK = 500
_EXISTING_CHUNK = 200

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MetricRef:
    id: int
    name: str
    owner_id: int | None
    plan_id: int | None
    derived_from: str | None = None
    process_id: int | None = None


# A row ready to write: (line, metric id, taken at in UTC, value, source). A plain tuple: a
# file holds up to hundreds of thousands of them.
GoodRow = tuple[int, int, datetime, float, str]
LINE: Final = 0
METRIC: Final = 1
TAKEN_AT: Final = 2
VALUE: Final = 3
SOURCE: Final = 4
# The table written to directly (rows, not ORM objects: a file holds many).
MEASUREMENTS = Measurement.metadata.tables[Measurement.__tablename__]


@dataclass
class CheckedFile:
    """What `check` found: the rows to write, or the problems that refuse the file."""

    rows: list[GoodRow]
    problems: list[LineProblem]
    lines_read: int
    metrics: dict[int, MetricRef] = field(default_factory=dict)
    preview: list[CsvRow] = field(default_factory=list)
    preview_names: dict[int, str] = field(default_factory=dict)  # line -> the metric's name
    format: str = ""  # how the file was read: "semicolon-separated, decimal comma"

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> list[tuple[MetricRef, int]]:
        """Rows per metric, in the order of the metrics' names."""
        counted = Counter(row[METRIC] for row in self.rows)
        return sorted(
            ((self.metrics[pk], n) for pk, n in counted.items()),
            key=lambda pair: (pair[0].name, pair[0].id),
        )


class ImportRejected(RuleViolations):
    """The file has bad lines; every one is named, and nothing was written."""

    def __init__(self, problems: list[LineProblem], lines_read: int) -> None:
        super().__init__(
            [
                RuleViolation(
                    problem.code,
                    problem.message,
                    f"input.content.{problem.line}" if problem.line else "input.content",
                )
                for problem in problems
            ]
        )
        self.problems = problems
        self.lines_read = lines_read


def check(session: Session, viewer: Viewer, text: str) -> CheckedFile:
    """Every line judged; the rows are good only when `problems` is empty."""
    parsed = parse(text)
    rows = parsed.rows
    metrics, by_name = _lookup(session, viewer, {row.metric for row in rows if row.metric})
    linked = _linked_owners(session, list(metrics))
    judged: dict[str, tuple[MetricRef | None, str, str]] = {}  # per distinct text, judged once
    for text in {row.metric for row in rows if row.metric}:
        metric, reason = _resolve(text, metrics, by_name)
        if metric is None:
            judged[text] = (None, NOT_FOUND, reason)
        elif (computed := computed_metric(metric.name, metric.derived_from)) is not None:
            judged[text] = (None, INVALID, computed)
        elif not may_record(
            viewer, metric.owner_id, linked.get(metric.id, set()), metric.process_id
        ):
            reason = (
                f"you may not record measurements of {metric.name!r}: only the metric's owner, "
                "the owner of a linked initiative or the manager of its process may"
            )
            judged[text] = (None, FORBIDDEN, reason)
        else:
            judged[text] = (metric, "", "")
    resolved: dict[int, MetricRef] = {}
    for row in rows:
        if not row.metric:
            continue
        metric, code, reason = judged[row.metric]
        if metric is None:
            row.reasons.insert(0, reason)
            row.code = code
        else:
            resolved[row.line] = metric
    good: list[GoodRow] = [
        (row.line, resolved[row.line].id, row.taken_at, row.value, row.source)
        for row in rows
        if not row.reasons
        and row.line in resolved
        and row.taken_at is not None  # a line without reasons has both
        and row.value is not None
    ]
    duplicates = _duplicates(session, good, resolved)
    problems = list(parsed.problems)
    for row in rows:
        if row.line in duplicates:  # only lines with no other problem are compared
            row.reasons.append(duplicates[row.line])
            row.code = DUPLICATE
        if row.reasons:
            problems.append(LineProblem(row.line, "; ".join(row.reasons), row.code))
    problems.sort(key=lambda problem: problem.line)
    used = {metric.id: metric for metric in resolved.values()}
    return CheckedFile(
        rows=[] if problems else good,
        problems=problems,
        lines_read=parsed.lines_read,
        metrics=used,
        preview=rows[:PREVIEW_ROWS],
        format=parsed.format,
        preview_names={
            row.line: resolved[row.line].name for row in rows[:PREVIEW_ROWS] if row.line in resolved
        },
    )


def write(
    session: Session,
    viewer: Viewer,
    checked: CheckedFile,
    *,
    file_name: str,
    import_id: int,
    progress: Progress | None = None,
) -> int:
    """Insert every row of a checked file in the caller's transaction; the number written.

    `progress(done, total)` is called before the first batch and after each one."""
    if not checked.ok:
        raise ImportRejected(checked.problems, checked.lines_read)
    rows = checked.rows
    total = len(rows)
    now = datetime.now(UTC)
    if progress:
        progress(0, total)
    connection = session.connection()
    use_copy = connection.dialect.name == "postgresql"
    for start in range(0, total, BATCH_ROWS):
        batch = rows[start : start + BATCH_ROWS]
        if use_copy:
            _copy(connection, batch, viewer.person_id, now)
        else:
            session.execute(
                MEASUREMENTS.insert(),
                [
                    {
                        "metric_id": metric_id,
                        "value": value,
                        "taken_at": taken_at,
                        "source": source or DEFAULT_SOURCE,
                        "recorded_by_id": viewer.person_id,
                        "recorded_at": now,
                    }
                    for _, metric_id, taken_at, value, source in batch
                ],
            )
        if progress:
            progress(start + len(batch), total)
    counts = checked.counts()
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="MeasurementImport",
        entity_id=import_id,
        entity_label=file_name,
        action=AuditAction.UPDATE,
        after={
            "state": "done",
            "fileName": file_name,
            "measurementsRecorded": total,
            "metrics": [{"id": m.id, "name": m.name, "count": n} for m, n in counts],
            "from": min(row[TAKEN_AT] for row in rows).isoformat(),
            "to": max(row[TAKEN_AT] for row in rows).isoformat(),
        },
        plan_id=_audit_plan(session, [metric for metric, _ in counts]),
    )
    return total


def _copy(connection: Connection, batch: list[GoodRow], recorded_by: int, now: datetime) -> None:
    """One COPY of a batch in PostgreSQL's text format, written as whole lines (several times
    faster than converting row by row)."""
    escaped: dict[str, str] = {}
    tail = f"\t{recorded_by}\t{now.isoformat()}\n"
    lines = []
    for _, metric_id, taken_at, value, source in batch:
        text = escaped.get(source)
        if text is None:
            text = escaped[source] = _copy_text(source or DEFAULT_SOURCE)
        lines.append(f"{metric_id}\t{value!r}\t{taken_at.isoformat()}\t{text}{tail}")
    driver = connection.connection.driver_connection  # psycopg's, for its COPY support
    if driver is None:
        raise RuntimeError("the database connection was closed")
    with driver.cursor() as cursor:
        statement = (
            "COPY measurements (metric_id, value, taken_at, source, recorded_by_id, recorded_at) "
            "FROM STDIN"
        )
        with cursor.copy(statement) as copy:
            copy.write("".join(lines).encode())


def _copy_text(value: str) -> str:
    """A value in COPY's text format: backslash, tab, newline and carriage return escaped."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _lookup(
    session: Session, viewer: Viewer, texts: set[str]
) -> tuple[dict[int, MetricRef], dict[str, list[MetricRef]]]:
    """The visible metrics the file names, by id and by exact name, in a few statements."""
    ids = {pk for pk in map(metric_pk, texts) if pk is not None}
    names = sorted(texts)
    condition = visibility.visible_metrics(viewer)
    found: dict[int, MetricRef] = {}
    columns = (
        Metric.id, Metric.name, Metric.owner_id, Metric.plan_id, Metric.derived_from,
        Metric.process_id,
    )  # fmt: skip
    extra = [] if condition is None else [condition]
    id_list = sorted(ids)
    for start in range(0, max(len(id_list), len(names)), _LOOKUP_CHUNK):
        wanted = or_(
            Metric.id.in_(id_list[start : start + _LOOKUP_CHUNK]),
            Metric.name.in_(names[start : start + _LOOKUP_CHUNK]),
        )
        for row in session.execute(select(*columns).where(wanted, *extra)):
            found[row.id] = MetricRef(
                row.id, row.name, row.owner_id, row.plan_id, row.derived_from, row.process_id
            )
    by_name: dict[str, list[MetricRef]] = {}
    for metric in found.values():
        by_name.setdefault(metric.name, []).append(metric)
    return found, by_name


def global_pk(text: str, type_name: str) -> int | None:
    """The database id behind a global ID of this type as the API shows it (base64 of
    `<Type>:<id>`, URL-safe, unpadded), or None when the text is not one."""
    try:
        padded = text + "=" * (-len(text) % 4)
        decoded = base64.urlsafe_b64decode(padded.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    found_type, _, pk = decoded.partition(":")
    return database_id(pk) if found_type == type_name else None


def metric_pk(text: str) -> int | None:
    """The database id behind a metric's global ID, or None when the text is not one."""
    return global_pk(text, "Metric")


def _resolve(
    text: str, metrics: dict[int, MetricRef], by_name: dict[str, list[MetricRef]]
) -> tuple[MetricRef | None, str]:
    pk = metric_pk(text)
    if pk is not None:
        metric = metrics.get(pk)
        return (metric, "") if metric else (None, f"unknown metric ID {text!r}")
    named = by_name.get(text, [])
    if len(named) == 1:
        return named[0], ""
    if len(named) > 1:
        return None, (
            f"{len(named)} metrics are named {text!r}; give the metric's ID instead of its name"
        )
    return None, f"unknown metric {text!r} (no metric you can see has this name or ID)"


def _linked_owners(session: Session, metric_ids: list[int]) -> dict[int, set[int]]:
    linked: dict[int, set[int]] = {}
    for start in range(0, len(metric_ids), _LOOKUP_CHUNK):
        for metric_id, owner_id in session.execute(
            select(MetricInitiative.metric_id, Initiative.owner_id)
            .join(Initiative, Initiative.id == MetricInitiative.initiative_id)
            .where(MetricInitiative.metric_id.in_(metric_ids[start : start + _LOOKUP_CHUNK]))
        ):
            if owner_id is not None:
                linked.setdefault(metric_id, set()).add(owner_id)
    return linked


def _duplicates(
    session: Session, rows: list[GoodRow], resolved: dict[int, MetricRef]
) -> dict[int, str]:
    """The reason each duplicate line is refused: a repeat within the file, or of a stored one."""
    reasons: dict[int, str] = {}
    first_line: dict[tuple[int, datetime], int] = {}
    ranges: dict[int, tuple[datetime, datetime]] = {}
    for line, metric_id, taken_at, _, _ in rows:
        key = (metric_id, taken_at)
        if key in first_line:
            reasons[line] = (
                f"duplicate of line {first_line[key]} (same metric and taken_at); "
                "a metric has one value per time"
            )
            continue
        first_line[key] = line
        span = ranges.get(metric_id)
        if span is None:
            ranges[metric_id] = (taken_at, taken_at)
        elif taken_at < span[0]:
            ranges[metric_id] = (taken_at, span[1])
        elif taken_at > span[1]:
            ranges[metric_id] = (span[0], taken_at)
    metric_ids = sorted(ranges)
    names = {metric.id: metric.name for metric in resolved.values()}
    for start in range(0, len(metric_ids), _EXISTING_CHUNK):
        window = or_(
            *(
                and_(Measurement.metric_id == pk, Measurement.taken_at.between(*ranges[pk]))
                for pk in metric_ids[start : start + _EXISTING_CHUNK]
            )
        )
        for metric_id, taken_at in session.execute(
            select(Measurement.metric_id, Measurement.taken_at).where(window)
        ):
            first = first_line.get((metric_id, taken_at.astimezone(UTC)))
            if first is not None:
                reasons[first] = (
                    f"{names[metric_id]!r} already has a measurement at {taken_at.isoformat()}; "
                    "a metric has one value per time"
                )
    return reasons


def _audit_plan(session: Session, metrics: list[MetricRef]) -> int | None:
    """The plan the entry follows for visibility: the one plan of all the metrics, else a
    confidential plan among them (so nobody reads its metrics' names), else none."""
    plan_ids = {metric.plan_id for metric in metrics}
    if len(plan_ids) == 1:
        return next(iter(plan_ids))
    known = sorted(pk for pk in plan_ids if pk is not None)
    confidential = session.scalars(
        select(Plan.id).where(Plan.id.in_(known), Plan.confidential.is_(True)).limit(1)
    ).first()
    return confidential
