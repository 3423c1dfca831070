"""Measurement imports through the API: a refused file answers with an error per bad line and
keeps nothing; only the uploader starts an import; only they and administrators see it."""

from __future__ import annotations

import time

CREATE = """mutation($input: CreateMeasurementImportInput!) { createMeasurementImport(input: $input)
  { measurementImport { id state rowCount rowsDone viewerMayStart metrics { name count }
    preview { line metric metricName takenAt value source } }
    errors { field message code } } }"""
START = """mutation($id: ID!) { startMeasurementImport(input: {id: $id})
  { measurementImport { id state } errors { field message code } } }"""
READ = "query($id: ID!) { measurementImport(id: $id) { fileName state rowCount } }"


def wait_until_done(url: str) -> None:
    """Until the background worker has finished every import (read from the database: the
    API client runs each query twice, on two apps, and the state may change in between)."""
    from sqlalchemy import select

    from server.db import make_sync_engine
    from server.models import ImportState, MeasurementImport

    engine = make_sync_engine(url, pooled=False)
    deadline = time.monotonic() + 30
    try:
        while True:
            with engine.connect() as connection:
                states = set(connection.scalars(select(MeasurementImport.state)))
            if states <= {ImportState.DONE, ImportState.FAILED, ImportState.VALIDATED}:
                return
            assert time.monotonic() < deadline, "the import did not finish"
            time.sleep(0.1)
    finally:
        engine.dispose()


GOOD = "metric,taken_at,value\nMean time to restore,2031-01-01T10:00:00+02:00,4.5\n"


def test_a_good_file_is_kept_with_its_preview_until_started(api):
    payload = api.mutate("carlos", CREATE, {"input": {"fileName": "a.csv", "content": GOOD}})
    assert payload["errors"] == []
    item = payload["measurementImport"]
    assert (item["state"], item["rowCount"], item["rowsDone"], item["viewerMayStart"]) == (
        "VALIDATED",
        1,
        0,
        True,
    )
    assert item["metrics"] == [{"name": "Mean time to restore", "count": 1}]
    assert item["preview"] == [
        {
            "line": 2,
            "metric": "Mean time to restore",
            "metricName": "Mean time to restore",
            "takenAt": "2031-01-01T08:00:00+00:00",
            "value": 4.5,
            "source": "",
        }
    ]
    started = api.mutate("carlos", START, {"id": item["id"]})
    assert started["errors"] == [] and started["measurementImport"]["state"] == "QUEUED"
    wait_until_done(api.url)
    again = api.mutate("carlos", START, {"id": item["id"]})
    assert again["errors"][0]["code"] == "INVALID_TRANSITION"


def test_a_bad_file_answers_with_an_error_per_line_and_keeps_nothing(api):
    content = "metric,taken_at,value\nMean time to restore,2031-01-01,x\nNope,2031-01-01,1\n"
    payload = api.mutate("carlos", CREATE, {"input": {"fileName": "b.csv", "content": content}})
    assert payload["measurementImport"] is None
    assert payload["errors"] == [
        {
            "field": ["input", "content", "2"],
            "message": "line 2: value 'x' is not a number",
            "code": "INVALID",
        },
        {
            "field": ["input", "content", "3"],
            "message": "line 3: unknown metric 'Nope' (no metric you can see has this name or ID)",
            "code": "NOT_FOUND",
        },
    ]


def test_only_the_uploader_and_administrators_see_an_import(api):
    item = api.mutate("carlos", CREATE, {"input": {"fileName": "c.csv", "content": GOOD}})[
        "measurementImport"
    ]
    assert api.query("carlos", READ, {"id": item["id"]})["measurementImport"]["state"] == (
        "VALIDATED"
    )
    assert api.query("hana", READ, {"id": item["id"]})["measurementImport"] is None
    assert api.query("ada", READ, {"id": item["id"]})["measurementImport"]["fileName"] == "c.csv"
    assert api.mutate("hana", START, {"id": item["id"]})["errors"][0]["code"] == "NOT_FOUND"
    assert api.mutate("ada", START, {"id": item["id"]})["errors"][0]["code"] == "FORBIDDEN"
    assert api.query("carlos", READ, {"id": "not-an-id"})["measurementImport"] is None


def test_a_read_only_token_may_not_upload(api):
    body = api.post(
        "carlos", CREATE, {"input": {"fileName": "d.csv", "content": GOOD}}, scope="read"
    ).json()
    assert body["data"]["createMeasurementImport"]["errors"][0]["code"] == "FORBIDDEN"


def test_an_import_with_many_rows_and_metrics_is_read_in_one_statement(api):
    from tests.support.clients import StatementCounter

    rows = "".join(
        f"{name},2031-01-{day:02d},{day}\n"
        for name in ("Mean time to restore", "Incidents logged in the portal", "Reopened incidents")
        for day in range(1, 29)
    )
    content = "metric,taken_at,value\n" + rows
    item = api.mutate("carlos", CREATE, {"input": {"fileName": "e.csv", "content": content}})[
        "measurementImport"
    ]
    query = (
        "query($id: ID!) { measurementImport(id: $id) { state rowCount metrics { name count } "
        "preview { line metricName value } problems { line reason } } }"
    )
    api.query("carlos", query, {"id": item["id"]})  # warm the caches
    counter = StatementCounter(api.client)
    try:
        data = api.query("carlos", query, {"id": item["id"]})
    finally:
        counter.close()
    assert data["measurementImport"]["rowCount"] == 84
    assert len(data["measurementImport"]["metrics"]) == 3
    assert counter.count <= 3  # the token, its last use, and the import itself
