"""A prototype of the read path's next step, measured beside the API: a whole document as one
statement whose answer PostgreSQL builds as JSON, executed prepared on the driver connection,
Python only re-encoding it (orjson). Not part of the product; docs/architecture.md ("Options
measured") holds its figures.

    python -m tests.bench.json_prototype     # on the `make bench` database, steering committee

For each benchmark document it prints the statement's p50 (prepared and not), the client CPU,
and whether the bytes equal the API's answer for the same person. The statements are written by
hand here for a viewer who sees every plan; a compiler would write them from the selection, with
the viewer's visibility conditions.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import orjson
import psycopg
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.bench import database as db
from tests.bench.baseline import global_id
from tests.bench.load import PROJECT_ROOT

HERE = Path(__file__).resolve().parent
OUTPUT = PROJECT_ROOT / "var" / "bench"


def gid(type_name: str, column: str) -> str:
    """A global id in SQL, as schema/core/ids.py writes it (url-safe base64, no padding)."""
    return (
        f"rtrim(translate(encode(convert_to('{type_name}:' || {column}, 'UTF8'), 'base64'), "
        f"'+/', '-_'), '=')"
    )


INITIATIVE = f"""
SELECT json_build_object('data', json_build_object('node', (
 SELECT json_build_object(
  'id', {gid("Initiative", "i.id")}, 'title', i.title, 'status', upper(i.status),
  'plan', (SELECT json_build_object('id', {gid("Plan", "p.id")}, 'name', p.name,
            'ownerRole', (SELECT json_build_object('name', r.name) FROM roles AS r
                          WHERE r.id = p.owner_role_id))
           FROM plans AS p WHERE p.id = i.plan_id),
  'parent', (SELECT json_build_object('id', {gid("Initiative", "q.id")}, 'title', q.title)
             FROM initiatives AS q WHERE q.id = i.parent_id),
  'children', json_build_object('nodes', COALESCE((
      SELECT json_agg(json_build_object('id', {gid("Initiative", "c.id")}, 'title', c.title,
                                        'status', upper(c.status)) ORDER BY c.id)
      FROM (SELECT * FROM initiatives AS c WHERE c.parent_id = i.id ORDER BY c.id LIMIT 100) AS c
  ), '[]')),
  'metrics', json_build_object('nodes', COALESCE((
      SELECT json_agg(json_build_object('id', {gid("Metric", "m.id")}, 'name', m.name,
          'unit', m.unit,
          'measurements', json_build_object('nodes', COALESCE((
              SELECT json_agg(json_build_object('takenAt', v.taken_at, 'value', v.value)
                              ORDER BY v.taken_at, v.id)
              FROM (SELECT * FROM measurements AS v WHERE v.metric_id = m.id
                    ORDER BY v.taken_at DESC, v.id DESC LIMIT 12) AS v
          ), '[]'))) ORDER BY m.id)
      FROM (SELECT m.* FROM metric_initiatives AS l JOIN metrics AS m ON m.id = l.metric_id
            WHERE l.initiative_id = i.id ORDER BY m.id LIMIT 50) AS m
  ), '[]'))
 ) FROM initiatives AS i WHERE i.id = %s)))::text
"""

REPORT = f"""
SELECT json_build_object('data', json_build_object('plans', json_build_object('nodes', COALESCE((
 SELECT json_agg(json_build_object('id', {gid("Plan", "p.id")}, 'name', p.name,
   'initiatives', json_build_object('nodes', COALESCE((
     SELECT json_agg(json_build_object('id', {gid("Initiative", "i.id")}, 'title', i.title,
        'status', upper(i.status), 'budgetRequested', i.budget_requested::text,
        'budgetApproved', i.budget_approved::text, 'createdAt', i.created_at,
        'metrics', json_build_object('nodes', COALESCE((
          SELECT json_agg(json_build_object('id', {gid("Metric", "m.id")}, 'name', m.name,
             'unit', m.unit, 'baselineValue', m.baseline_value, 'targetValue', m.target_value,
             'latestMeasurement', (
                SELECT json_build_object('takenAt', v.taken_at, 'value', v.value)
                FROM measurements AS v WHERE v.metric_id = m.id
                ORDER BY v.taken_at DESC, v.id DESC LIMIT 1)
          ) ORDER BY m.id)
          FROM (SELECT m.* FROM metric_initiatives AS l JOIN metrics AS m ON m.id = l.metric_id
                WHERE l.initiative_id = i.id ORDER BY m.id LIMIT 10) AS m), '[]'))
     ) ORDER BY i.id)
     FROM (SELECT * FROM initiatives AS i WHERE i.plan_id = p.id ORDER BY i.id LIMIT 100) AS i
   ), '[]'))
 ) ORDER BY p.id)
 FROM (SELECT * FROM plans AS p ORDER BY p.id LIMIT 20) AS p), '[]'))))::text
"""


def measure(connection: psycopg.Connection, sql: str, params: tuple, prepare: bool, runs: int):
    wall, cpu = [], []
    answer = b""
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        text = connection.execute(sql, params, prepare=prepare).fetchone()[0]  # type: ignore[arg-type]
        answer = orjson.dumps(orjson.loads(text))
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000, answer


def main() -> int:
    database = db.prepare(log=lambda message: None)
    subject = db.pick_initiative(database)
    token = db.create_token(database, db.STEERING_COMMITTEE)
    app = create_app(
        Settings(database_url=database.url, secret_key="prototype-" * 4, var_dir=OUTPUT)
    )
    documents = {
        "initiative": (INITIATIVE, (subject.pk,), {"id": global_id("Initiative", subject.pk)}),
        "report": (REPORT, (), {}),
    }
    headers = {"authorization": f"Bearer {token}", "accept-encoding": "identity"}
    with (
        TestClient(app) as client,
        psycopg.connect(database.dsn, autocommit=True, options="-c TimeZone=UTC") as connection,
    ):
        for name, (sql, params, variables) in documents.items():
            query = (HERE / f"{name}.graphql").read_text()
            api = client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            ).content
            runs = 300 if name == "initiative" else 40
            for prepare in (False, True):
                wall, cpu, answer = measure(connection, sql, params, prepare, runs)
                print(
                    f"{name:<11} prepared={prepare!s:<5} p50 {wall:8.2f} ms  client CPU "
                    f"{cpu:6.3f} ms  {len(answer)} bytes  same as the API: {answer == api}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
