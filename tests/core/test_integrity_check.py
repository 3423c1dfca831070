"""`steward check`: passes on the demo, and names each kind of damage done to a database."""

from __future__ import annotations

from sqlalchemy import text

from server.db import make_sync_engine
from server.integrity import schema as integrity_schema
from tests.support.cli import run

CHECKS = (
    "migrations",
    "tables",
    "orphan rows",
    "satisfaction",
    "realised benefits",
    "search index",
    "audit references",
    "audit plans",
)


def _execute(url: str, *statements: str, foreign_keys_off: bool = False) -> None:
    """Run SQL as another program might: on SQLite with foreign keys off if asked, on
    PostgreSQL with the foreign key triggers skipped (as a careless restore would)."""
    engine = make_sync_engine(url, pooled=False)
    with engine.connect() as connection:
        if foreign_keys_off:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            else:
                connection.exec_driver_sql("SET session_replication_role = replica")
        for statement in statements:
            connection.execute(text(statement))
        connection.commit()
    engine.dispose()


def _scalar(url: str, statement: str):
    engine = make_sync_engine(url, pooled=False)
    with engine.connect() as connection:
        value = connection.execute(text(statement)).scalar()
    engine.dispose()
    return value


def _check(env, url: str, capsys) -> tuple[int, list[str], str]:
    env(url)
    code, out, err = run(capsys, "check")
    return code, out.splitlines(), err


def test_check_passes_on_the_demo(env, demo_url, capsys):
    code, lines, err = _check(env, demo_url, capsys)
    assert code == 0, "\n".join(lines)
    assert err == ""
    for name in CHECKS:
        assert any(line.startswith(f"ok       {name}:") for line in lines), name
    assert not any(line.startswith("PROBLEM") for line in lines)
    assert lines[-1].startswith("All ") and "checks passed" in lines[-1]


def test_check_passes_on_an_empty_database(env, database_url, capsys):
    code, lines, _ = _check(env, database_url, capsys)
    assert code == 0, "\n".join(lines)


def _problems(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("PROBLEM")]


def test_an_orphan_row_is_named(env, demo_url, capsys):
    _execute(
        demo_url,
        "INSERT INTO feedback (service_id, given_on, score, comment, channel, created_at) "
        "VALUES (999999, '2024-01-15', 4, '', 'survey', CURRENT_TIMESTAMP)",
        foreign_keys_off=True,
    )
    code, lines, err = _check(env, demo_url, capsys)
    assert code == 1 and "problem" in err
    problems = _problems(lines)
    assert "PROBLEM  orphan rows: feedback.service_id: 1 value naming no services row (999999)" in (
        problems
    )
    if demo_url.startswith("sqlite"):  # SQLite's own check agrees
        assert "PROBLEM  foreign key check: feedback: 1 row naming a missing services row" in (
            problems
        )
    assert len(problems) == (2 if demo_url.startswith("sqlite") else 1)


def _index_entry(url: str, initiative_id: int) -> str:
    if url.startswith("sqlite"):
        return f"rowid = {initiative_id * 16 + 1}"
    return f"kind = 1 AND object_id = {initiative_id}"


def test_an_initiative_missing_from_the_search_index_is_named(env, demo_url, capsys):
    initiative = _scalar(demo_url, "SELECT min(id) FROM initiatives")
    _execute(demo_url, f"DELETE FROM search_index WHERE {_index_entry(demo_url, initiative)}")
    code, lines, _ = _check(env, demo_url, capsys)
    assert code == 1
    assert _problems(lines) == [
        f"PROBLEM  search index: initiatives: 1 row not in the index (ids {initiative})"
    ]


def test_stale_and_outdated_search_entries_are_named(env, demo_url, capsys):
    metric = _scalar(demo_url, "SELECT min(id) FROM metrics")
    if demo_url.startswith("sqlite"):
        stale = "INSERT INTO search_index (rowid, title, body) VALUES (99999 * 16 + 3, 'x', '')"
        outdated = f"UPDATE search_index SET title = 'renamed' WHERE rowid = {metric * 16 + 3}"
    else:
        stale = "INSERT INTO search_index (kind, object_id, title, body) VALUES (3, 99999, 'x', '')"
        outdated = (
            f"UPDATE search_index SET title = 'renamed' WHERE kind = 3 AND object_id = {metric}"
        )
    _execute(demo_url, stale, outdated)
    code, lines, _ = _check(env, demo_url, capsys)
    assert code == 1
    assert _problems(lines) == [
        "PROBLEM  search index: metrics: 1 stale entry for rows that no longer exist (ids 99999)",
        f"PROBLEM  search index: metrics: 1 entry with an outdated title or text (ids {metric})",
    ]


def test_a_changed_satisfaction_measurement_is_named(env, demo_url, capsys):
    metric = _scalar(demo_url, "SELECT min(id) FROM metrics WHERE derived_from = 'feedback'")
    taken_at = _scalar(
        demo_url, f"SELECT max(taken_at) FROM measurements WHERE metric_id = {metric}"
    )
    _execute(
        demo_url,
        f"UPDATE measurements SET value = value + 0.5 WHERE metric_id = {metric} "
        f"AND taken_at = (SELECT max(taken_at) FROM measurements WHERE metric_id = {metric})",
    )
    code, lines, _ = _check(env, demo_url, capsys)
    assert code == 1
    (problem,) = _problems(lines)
    month = str(taken_at)[:7]
    assert problem.startswith(f"PROBLEM  satisfaction: metric {metric} holds ")
    assert f"for {month}; its feedback averages " in problem


def test_a_missing_satisfaction_month_is_named(env, demo_url, capsys):
    metric = _scalar(demo_url, "SELECT min(id) FROM metrics WHERE derived_from = 'feedback'")
    _execute(
        demo_url,
        f"DELETE FROM measurements WHERE metric_id = {metric} "
        f"AND taken_at = (SELECT min(taken_at) FROM measurements WHERE metric_id = {metric})",
    )
    code, lines, _ = _check(env, demo_url, capsys)
    assert code == 1
    (problem,) = _problems(lines)
    assert problem.startswith(f"PROBLEM  satisfaction: metric {metric} lacks the months ")
    assert problem.endswith("which have feedback")


def test_a_changed_realised_benefit_is_named(env, demo_url, capsys):
    initiative, metric = (
        _scalar(demo_url, "SELECT min(initiative_id) FROM realised_benefits"),
        _scalar(
            demo_url,
            "SELECT min(metric_id) FROM realised_benefits WHERE initiative_id = "
            "(SELECT min(initiative_id) FROM realised_benefits)",
        ),
    )
    _execute(
        demo_url,
        f"UPDATE realised_benefits SET attainment = 7.5 "
        f"WHERE initiative_id = {initiative} AND metric_id = {metric}",
    )
    code, lines, _ = _check(env, demo_url, capsys)
    assert code == 1
    (problem,) = _problems(lines)
    assert problem.startswith(
        f"PROBLEM  realised benefits: initiative {initiative}, metric {metric}: "
        "attainment 7.5 stored, "
    )


def test_audit_entries_without_their_references_or_with_another_plan_are_named(
    env, demo_url, capsys
):
    initiative, plan = (
        _scalar(demo_url, "SELECT min(id) FROM initiatives"),
        _scalar(
            demo_url, "SELECT plan_id FROM initiatives WHERE id = (SELECT min(id) FROM initiatives)"
        ),
    )
    other_plan = _scalar(demo_url, f"SELECT min(id) FROM plans WHERE id <> {plan}")
    entry = (
        "INSERT INTO audit_log (id, at, actor_name, entity_type, entity_id, entity_label, action, "
        "plan_id, admin_only) VALUES ({id}, CURRENT_TIMESTAMP, 'someone', 'Initiative', "
        f"{initiative}, 'x', 'update', {{plan}}, false)"
    )
    _execute(
        demo_url,
        entry.format(id=900001, plan=plan),  # names nothing: no references at all
        entry.format(id=900002, plan=other_plan),
        f"INSERT INTO audit_references (entry_id, entity_type, entity_id) VALUES "
        f"(900002, 'Initiative', {initiative}), (900002, 'Plan', {other_plan})",
    )
    code, lines, _ = _check(env, demo_url, capsys)
    assert code == 1
    assert _problems(lines) == [
        "PROBLEM  audit references: 1 entry without a reference to each row named in it "
        "(entries 900001)",
        "PROBLEM  audit plans: 1 entry with the wrong plan id (an initiative's entries carry its "
        "plan, a plan's its own id): entries 900002",
    ]


def test_a_database_behind_the_migrations_is_told_to_migrate(env, demo_url, capsys):
    scripts = integrity_schema.scripts()
    previous = scripts.get_revision(scripts.get_current_head()).down_revision
    _execute(demo_url, f"UPDATE alembic_version SET version_num = '{previous}'")
    code, lines, _ = _check(env, demo_url, capsys)
    assert code == 1
    (problem,) = _problems(lines)
    assert problem.startswith(f"PROBLEM  migrations: the database is at revision {previous},")
    assert problem.endswith("run `steward migrate`")


def test_a_database_without_a_schema_fails_every_check_without_a_traceback(env, tmp_path, capsys):
    code, lines, err = _check(env, f"sqlite:///{tmp_path / 'nothing.db'}", capsys)
    assert code == 1 and "problems found" in err
    assert "PROBLEM  migrations: the database has no schema revision; run `steward migrate`" in (
        lines
    )
    assert any(line.startswith("PROBLEM  satisfaction: could not run: ") for line in lines)
