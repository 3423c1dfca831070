"""Importing measurements from CSV through the domain: every bad line named with its line number
and reason and nothing written; a good file written whole with one audit entry; 100,000 rows."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.domain.imports import records as measurement_imports
from server.domain.imports.checker import BATCH_ROWS, ImportRejected
from server.models import AuditEntry, ImportState, Measurement, MeasurementImport, Metric
from tests.support.imports import generated, viewer

M = Measurement

MTTR = "Mean time to restore"  # Carlos owns it (demo content)
INCIDENTS_LOGGED = "Incidents logged in the portal"  # Carlos's too


@pytest.fixture
def session(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        yield session
    engine.dispose()


def counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(Measurement)),
        session.scalar(select(func.count()).select_from(AuditEntry)),
        session.scalar(select(func.count()).select_from(MeasurementImport)),
    )


def metric_id(session: Session, name: str) -> int:
    return session.scalar(select(Metric.id).where(Metric.name == name))


def test_a_file_with_every_kind_of_bad_line_is_refused_whole_with_every_line_named(session):
    mttr = metric_id(session, MTTR)
    existing = session.scalar(
        select(Measurement.taken_at).where(Measurement.metric_id == mttr).limit(1)
    )
    content = "\n".join(
        [
            "metric,taken_at,value,source",  # 1
            f"{MTTR},2031-01-01,4.5,Ticketing",  # 2 good
            "No such metric,2031-01-01,1,",  # 3 unknown metric
            "E-mail availability,2031-01-01,99.9,",  # 4 Priya's metric: not Carlos's to record
            f"{MTTR},2031-02-01,four,",  # 5 bad number
            f'{MTTR},2031-03-01,"4,5",',  # 6 decimal comma
            "",  # 7 blank: skipped
            f"{MTTR},31/03/2031,4.5,",  # 8 bad date
            f"{MTTR},2031-01-01T01:00:00+01:00,4.1,",  # 9 the same time as line 2
            f"{MTTR},{existing.isoformat()},3,",  # 10 already recorded
            f"{MTTR},2031-04-01,1,x,y",  # 11 a field too many
            f"{to_global_id('Metric', 999_999)},2031-05-01,1,",  # 12 unknown metric ID
            f"{to_global_id('Metric', mttr)},2031-06-01,2.5,by ID",  # 13 good
        ]
    )
    before = counts(session)
    with pytest.raises(ImportRejected) as refused:
        measurement_imports.import_now(session, viewer(session, "carlos"), "bad.csv", content)
    session.rollback()
    assert [(p.line, p.reason) for p in refused.value.problems] == [
        (3, "unknown metric 'No such metric' (no metric you can see has this name or ID)"),
        (
            4,
            "you may not record measurements of 'E-mail availability': only the metric's "
            "owner, the owner of a linked initiative or the manager of its process may",
        ),
        (5, "value 'four' is not a number"),
        (6, "value '4,5' has a decimal comma; write a decimal point (4.5)"),
        (
            8,
            "taken_at '31/03/2031' is not an ISO 8601 date or date-time "
            "(e.g. 2030-01-31 or 2030-01-31T08:00:00Z)",
        ),
        (9, "duplicate of line 2 (same metric and taken_at); a metric has one value per time"),
        (
            10,
            f"'{MTTR}' already has a measurement at {existing.isoformat()}; "
            "a metric has one value per time",
        ),
        (11, "expected 4 fields as in the header, found 5"),
        (12, f"unknown metric ID '{to_global_id('Metric', 999_999)}'"),
    ]
    assert [p.code for p in refused.value.problems] == [
        "NOT_FOUND", "FORBIDDEN", "INVALID", "INVALID", "INVALID",
        "DUPLICATE", "DUPLICATE", "INVALID", "NOT_FOUND",
    ]  # fmt: skip
    assert counts(session) == before


def test_the_header_must_name_the_columns(session):
    carlos = viewer(session, "carlos")
    cases = {
        "metric,when,value\nx,2031-01-01,1\n": "line 1: header: unknown column 'when' "
        "(the columns are metric, taken_at, value, source); missing column taken_at",
        "metric,taken_at,value,value\n": "line 1: header: repeated column value",
        "": "the file is empty; it needs a header row",
        "metric,taken_at,value\n\n": "the file has a header but no measurements",
    }
    for content, message in cases.items():
        with pytest.raises(ImportRejected) as refused:
            measurement_imports.import_now(session, carlos, "f.csv", content)
        assert [p.message for p in refused.value.problems] == [message]


def test_a_name_shared_by_two_metrics_needs_the_id(session):
    mttr = session.get(Metric, metric_id(session, MTTR))
    twin = Metric(name=MTTR, direction=mttr.direction, owner_id=mttr.owner_id)
    session.add(twin)
    session.flush()
    twin_id = to_global_id("Metric", twin.id)
    content = f"metric,taken_at,value\n{MTTR},2031-01-01,1\n{twin_id},2031-01-01,2\n"
    with pytest.raises(ImportRejected) as refused:
        measurement_imports.import_now(session, viewer(session, "carlos"), "twins.csv", content)
    assert [p.message for p in refused.value.problems] == [
        f"line 2: 2 metrics are named '{MTTR}'; give the metric's ID instead of its name"
    ]


def test_a_good_file_is_written_whole_with_one_audit_entry(session):
    content = (
        "Metric,Taken_At,Value,Source\n"
        f"{MTTR},2031-01-01,4.5,Ticketing\n"
        f"{MTTR},2031-02-01T08:00:00+02:00,4.25,\n"
        f"{INCIDENTS_LOGGED},2031-01-01 12:30,40,\n"
    )
    before = counts(session)
    carlos = viewer(session, "carlos")
    record = measurement_imports.import_now(session, carlos, "/tmp/x/january.csv", content)
    session.commit()
    assert counts(session) == (before[0] + 3, before[1] + 1, before[2] + 1)
    assert (record.state, record.row_count, record.file_name) == (
        ImportState.DONE,
        3,
        "january.csv",
    )
    rows = session.execute(
        select(M.taken_at, M.value, M.source, M.recorded_by_id)
        .where(
            M.metric_id == metric_id(session, MTTR), M.taken_at >= datetime(2031, 1, 1, tzinfo=UTC)
        )
        .order_by(M.taken_at)
    ).all()
    assert [tuple(row) for row in rows] == [
        (datetime(2031, 1, 1, tzinfo=UTC), 4.5, "Ticketing", carlos.person_id),
        (datetime(2031, 2, 1, 6, tzinfo=UTC), 4.25, "CSV import", carlos.person_id),
    ]
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.entity_type, entry.entity_id, entry.entity_label) == (
        "MeasurementImport",
        record.id,
        "january.csv",
    )
    assert entry.after["measurementsRecorded"] == 3
    assert [m["name"] for m in entry.after["metrics"]] == [INCIDENTS_LOGGED, MTTR]


def test_an_uploaded_file_is_checked_again_when_it_runs(session):
    carlos = viewer(session, "carlos")
    record = measurement_imports.upload(
        session, carlos, "later.csv", f"metric,taken_at,value\n{MTTR},2032-01-01,4\n"
    )
    measurement_imports.start(session, carlos, record.id)
    # meanwhile the same value arrives another way
    session.add(
        Measurement(
            metric_id=metric_id(session, MTTR),
            value=4.0,
            taken_at=datetime(2032, 1, 1, tzinfo=UTC),
            recorded_at=datetime.now(UTC),
        )
    )
    session.flush()
    with pytest.raises(ImportRejected) as refused:
        measurement_imports.run(session, record)
    assert refused.value.problems[0].line == 2
    assert "already has a measurement" in refused.value.problems[0].reason


@pytest.mark.slow  # 5-15 s per database, depending on the machine's load
def test_a_hundred_thousand_rows_import_with_progress(session):
    carlos = viewer(session, "carlos")
    mine = list(session.scalars(select(Metric.id).where(Metric.owner_id == carlos.person_id)))
    content = generated(mine, 100_000)
    before = counts(session)
    seen: list[tuple[int, int]] = []
    started = time.perf_counter()
    record = measurement_imports.import_now(
        session, carlos, "big.csv", content, progress=lambda done, total: seen.append((done, total))
    )
    session.commit()
    elapsed = time.perf_counter() - started
    assert counts(session)[0] == before[0] + 100_000
    assert record.row_count == 100_000
    assert seen[0] == (0, 100_000) and seen[-1] == (100_000, 100_000)
    assert [done for done, _ in seen] == list(range(0, 100_001, BATCH_ROWS))
    assert elapsed < 30, f"100,000 rows took {elapsed:.1f} s"


def test_a_european_spreadsheet_s_file_with_semicolons_and_decimal_commas_is_read(session):
    content = (
        "\ufeffmetric;taken_at;value;source\n"
        f"{MTTR};2031-04-01;4,5;Ticketing Europe\n"
        f"{MTTR};2031-05-01;1.234,25;\n"
        f'"{MTTR}";2031-06-01;-3;"with; a semicolon"\n'
    )
    carlos = viewer(session, "carlos")
    record = measurement_imports.import_now(session, carlos, "export.csv", content)
    session.commit()
    assert (record.state, record.row_count) == (ImportState.DONE, 3)
    assert record.summary["format"] == "semicolon-separated, decimal comma"
    values = session.scalars(
        select(M.value)
        .where(
            M.metric_id == metric_id(session, MTTR), M.taken_at >= datetime(2031, 4, 1, tzinfo=UTC)
        )
        .order_by(M.taken_at)
    ).all()
    assert values == [4.5, 1234.25, -3.0]


def test_a_semicolon_file_mixing_decimal_commas_and_points_is_refused_whole(session):
    content = f"metric;taken_at;value\n{MTTR};2031-04-01;4,5\n{MTTR};2031-05-01;4.25\n"
    before = counts(session)
    with pytest.raises(ImportRejected) as refused:
        measurement_imports.import_now(session, viewer(session, "carlos"), "mixed.csv", content)
    session.rollback()
    assert counts(session) == before
    reasons = [problem.message for problem in refused.value.problems]
    assert (
        "the values mix decimal commas (4,5) and decimal points (4.5); write them one way"
        in reasons
    )


def test_a_comma_separated_file_still_refuses_a_decimal_comma():
    from server.domain.imports.csv_reader import parse

    parsed = parse(f'metric,taken_at,value\n{MTTR},2031-04-01,"4,5"\n')
    assert parsed.format == "comma-separated, decimal point"
    assert parsed.rows[0].reasons == [
        "value '4,5' has a decimal comma; write a decimal point (4.5)"
    ]
