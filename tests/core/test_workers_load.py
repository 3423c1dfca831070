"""A small, bounded run of `make loadtest`: two worker processes of `steward serve` on one
port, driven on loopback by the report and pages for a moment, answer every request."""

from __future__ import annotations

import os

import pytest

from tests.bench.workers import drop, measure, prepare
from tests.support.databases import REQUIRE_POSTGRES, postgres_admin_url, postgres_missing


def test_two_workers_on_one_port_answer_every_request(worker_id_safe):
    url = postgres_admin_url()
    reason = postgres_missing(url)
    if reason is not None or url is None:
        if os.environ.get(REQUIRE_POSTGRES, "") not in ("", "0"):
            pytest.fail(f"{REQUIRE_POSTGRES} is set, so PostgreSQL must run: {reason}")
        pytest.skip(str(reason))
    name = f"steward_load_{worker_id_safe}"
    database, secret = prepare(url, name)
    try:
        figures = measure(database, secret, workers=2, seconds=1.5, concurrency=4)
    finally:
        drop(url, name)
    assert figures.errors == []
    assert figures.requests > 0
