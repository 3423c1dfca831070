"""Every route keeps its path, methods and name, and answers the addresses it answered before.

`route_table.txt` is the table as `create_app` built it before the routes moved into the web
areas: one route a line, `path methods name`, with `-` for a route of every method (the GraphQL
door) and `MOUNT` for a mounted app. Its order is the old matching order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.routing import Match, Mount, Route

from server.app import create_app
from server.settings import Settings

EXPECTED = Path(__file__).with_name("route_table.txt")


def _row(route) -> tuple[str, str, str]:
    if isinstance(route, Mount):
        return (route.path, "MOUNT", route.name)
    assert isinstance(route, Route)
    methods = ",".join(sorted(route.methods)) if route.methods else "-"
    return (route.path, methods, route.name)


def _expected() -> list[tuple[str, str, str]]:
    rows = []
    for line in EXPECTED.read_text().splitlines():
        path, methods, name = line.split(" ")
        rows.append((path, methods, name))
    return rows


@pytest.fixture(scope="module")
def routes(tmp_path_factory):
    settings = Settings(
        database_url="sqlite+aiosqlite:///:memory:",
        secret_key="test-secret-key",
        var_dir=tmp_path_factory.mktemp("routes"),
    )
    return create_app(settings).routes


def test_every_route_keeps_its_path_methods_and_name(routes):
    assert sorted(_row(route) for route in routes) == sorted(_expected())


def _example(path: str) -> str:
    """An address the route's path matches: every parameter filled with a plain word."""
    return re.sub(r"\{[^}]+\}", "x1", path)


@pytest.mark.parametrize("row", _expected(), ids=lambda row: f"{row[1]} {row[0]}")
def test_each_address_reaches_the_same_route(routes, row):
    """No route is shadowed by one listed before it (`/metrics/new` by `/metrics/{id}`, say):
    the first route that fully matches an address, for each of its methods, is still its own."""
    path, methods, name = row
    if methods == "MOUNT":
        path, methods = f"{path}/css/site.css", "GET"
    for method in ["GET"] if methods == "-" else methods.split(","):
        scope = {"type": "http", "path": _example(path), "method": method}
        found = next((route for route in routes if route.matches(scope)[0] == Match.FULL), None)
        assert found is not None and found.name == name, (method, path, found and found.name)
