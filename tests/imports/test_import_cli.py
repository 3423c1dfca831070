"""`steward import-measurements`: exit 0 with the count, 1 with every bad line, 2 for usage."""

from __future__ import annotations

import pytest

from server.models import AuditEntry, Measurement, MeasurementImport
from tests.support.cli import count, run
from tests.support.demo import demo_email

GOOD = (
    "metric,taken_at,value,source\n"
    "Mean time to restore,2031-01-01,4.5,Ticketing\n"
    "Incidents logged in the portal,2031-01-01T12:00:00Z,40,\n"
)
BAD = (
    "metric,taken_at,value\n"
    "Mean time to restore,2031-01-01,4.5\n"
    "Mean time to restore,2031-01-01,4.6\n"
    "Nothing like it,2031-02-01,1\n"
    "Mean time to restore,next week,1\n"
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good.csv").write_text(GOOD)
    (tmp_path / "bad.csv").write_text(BAD)
    return tmp_path


def test_a_good_file_is_imported_and_counted(demo_url, env, files, capsys):
    env(demo_url)
    before = count(demo_url, Measurement), count(demo_url, AuditEntry)
    code, out, err = run(
        capsys, "import-measurements", str(files / "good.csv"), "--as", demo_email("carlos")
    )
    assert (code, err) == (0, "")
    assert out == "Imported 2 measurements for 2 metrics from good.csv.\n"
    assert count(demo_url, Measurement) == before[0] + 2
    assert count(demo_url, AuditEntry) == before[1] + 1
    assert count(demo_url, MeasurementImport) == 1


def test_a_dry_run_checks_and_writes_nothing(demo_url, env, files, capsys):
    env(demo_url)
    before = count(demo_url, Measurement)
    code, out, _ = run(
        capsys,
        "import-measurements",
        str(files / "good.csv"),
        "--as",
        demo_email("carlos"),
        "--dry-run",
    )
    assert code == 0
    assert out == (
        "good.csv: 2 measurements for 2 metrics are good; nothing was written (--dry-run).\n"
    )
    assert count(demo_url, Measurement) == before
    assert count(demo_url, MeasurementImport) == 0


def test_a_bad_file_prints_every_bad_line_and_writes_nothing(demo_url, env, files, capsys):
    env(demo_url)
    before = count(demo_url, Measurement), count(demo_url, AuditEntry)
    code, out, err = run(
        capsys, "import-measurements", str(files / "bad.csv"), "--as", demo_email("carlos")
    )
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "steward import-measurements: bad.csv was refused (3 problems); nothing was written:",
        "  line 3: duplicate of line 2 (same metric and taken_at); a metric has one value per time",
        "  line 4: unknown metric 'Nothing like it' (no metric you can see has this name or ID)",
        "  line 5: taken_at 'next week' is not an ISO 8601 date or date-time "
        "(e.g. 2030-01-31 or 2030-01-31T08:00:00Z)",
    ]
    assert "Traceback" not in err
    assert (count(demo_url, Measurement), count(demo_url, AuditEntry)) == before


def test_someone_else_may_not_import_carloss_metrics(demo_url, env, files, capsys):
    env(demo_url)
    code, _, err = run(
        capsys, "import-measurements", str(files / "good.csv"), "--as", demo_email("ben")
    )
    assert code == 1
    assert "line 2: you may not record measurements of 'Mean time to restore'" in err


def test_usage_mistakes_exit_2(demo_url, env, files, capsys):
    env(demo_url)
    with pytest.raises(SystemExit) as stopped:
        run(capsys, "import-measurements", str(files / "good.csv"))
    assert stopped.value.code == 2
    assert "--as" in capsys.readouterr().err
    code, _, err = run(
        capsys, "import-measurements", str(files / "missing.csv"), "--as", demo_email("carlos")
    )
    assert code == 2
    assert err == (
        f"steward import-measurements: cannot read {files / 'missing.csv'}: "
        "No such file or directory\n"
    )


def test_an_unknown_person_or_a_file_not_in_utf8_is_explained(demo_url, env, files, capsys):
    env(demo_url)
    code, _, err = run(
        capsys, "import-measurements", str(files / "good.csv"), "--as", "nobody@example.org"
    )
    assert (code, err) == (
        1,
        "steward import-measurements: --as: no person has the e-mail address nobody@example.org\n",
    )
    (files / "latin1.csv").write_bytes(
        "metric,taken_at,value\nCaf\xe9,2031-01-01,1\n".encode("latin-1")
    )
    code, _, err = run(
        capsys, "import-measurements", str(files / "latin1.csv"), "--as", demo_email("carlos")
    )
    assert code == 1
    assert "is not UTF-8 text" in err and "nothing was written" in err
