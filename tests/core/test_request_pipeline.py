"""The request pipeline: every route declares who may use it, no unsafe request from a browser
runs without the session's CSRF token whatever route it is for, and a request opens one
database session at most."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount

from server.web.core.routing import ADMIN, ANYONE, SIGNED_IN, GuardedRoute
from tests.support.clients import settings_for
from tests.support.pages import HTML

EXPIRED = "The form had expired; reload the page and try again."
OPEN_TO_ANYONE = {
    ("/sign-in", "GET"),
    ("/sign-in", "POST"),
    ("/sign-out", "POST"),
    ("/appearance", "POST"),  # the theme, chosen signed out too (a cookie)
    ("/healthz", "GET"),
    ("/readyz", "GET"),
    ("/measurements/import/example.csv", "GET"),
    ("/feedback/import/example.csv", "GET"),
}


def _routes(tmp_path):
    from server.app import create_app

    return create_app(settings_for("sqlite+aiosqlite:///:memory:", tmp_path)).routes


def _methods(route) -> list[str]:
    return sorted((route.methods or {"GET", "POST"}) - {"HEAD"})


def test_every_route_declares_who_may_use_it(tmp_path):
    needs = {}
    for route in _routes(tmp_path):
        if isinstance(route, Mount):
            assert route.path == "/static"  # files, every one public
            continue
        assert isinstance(route, GuardedRoute), route.path
        for method in _methods(route):
            needs[(route.path, method)] = route.needs
    assert {key for key, need in needs.items() if need is ANYONE} == OPEN_TO_ANYONE
    assert {path for (path, _), need in needs.items() if need is ADMIN} == {
        "/people",
        "/people/{person_id}",
        "/people/{person_id}/details",
        "/people/{person_id}/roles",
        "/people/{person_id}/roles/{assignment_id}/remove",
        "/people/{person_id}/deactivate",
        "/people/{person_id}/unlock",
        "/audit",
        "/webhooks",
        "/webhooks/{endpoint_id}",
        "/webhooks/{endpoint_id}/delete",
        "/-/metrics",  # or anyone, with STEWARD_METRICS_OPEN=1
        "/plans/new",
        "/plans/{plan_id}/edit",
        "/services/new",  # a service's own edit page is also its owner's (a rule of the page)
        "/processes/new",
        "/processes/{id}/edit",
    }
    assert all(need in (ANYONE, SIGNED_IN, ADMIN) for need in needs.values())


def _unsafe_addresses(tmp_path) -> list[str]:
    return sorted(
        re.sub(r"\{[^}]+\}", "x1", route.path)
        for route in _routes(tmp_path)
        if isinstance(route, GuardedRoute) and "POST" in _methods(route)
    )


def test_no_browser_post_runs_without_the_csrf_token(signed_in, tmp_path):
    """Whatever the route, a signed-in browser's post without the token (or with a wrong one,
    or one no token could be) is refused before the route runs, as each route answers it."""
    client = signed_in("ada")  # an administrator: every route would run for her
    for path in _unsafe_addresses(tmp_path):
        for headers in ({}, {"x-csrf-token": "forged"}, {"x-csrf-token": "é".encode("latin-1")}):
            response = client.post(path, data={"csrf_token": "x"}, headers={**HTML, **headers})
            if path == "/sign-in":
                assert response.status_code == 400
                assert "The form had expired. Please try again." in response.text
            elif path == "/sign-out":
                assert response.status_code == 303 and response.headers["location"] == "/sign-in"
            elif path == "/graphql":
                assert response.status_code == 403
                assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            else:
                assert response.status_code == 403, (path, headers, response.status_code)
                assert EXPIRED in response.text and "Ada" in response.text  # with the menu
    assert client.get("/account", headers=HTML).status_code == 200  # still signed in


def test_a_post_with_the_token_in_its_header_reads_its_form_in_the_route(signed_in):
    """htmx sends the token as a header; the route then reads the form itself."""
    client = signed_in("ada")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/objectives").text)[1]
    response = client.post(
        "/objectives",
        data={"level": "VISION", "title": "Read by the route", "description": ""},
        headers={**HTML, "x-csrf-token": token},
    )
    assert response.status_code == 303
    assert "Read by the route" in client.get(response.headers["location"], headers=HTML).text


@pytest.mark.parametrize("path", ["/", "/plans", "/metrics", "/graphql"])
def test_a_request_opens_one_database_session(signed_in, path):
    client = signed_in("nora")
    sessions = client.app.state.sessions
    opened = []

    def counting():
        opened.append(path)
        return sessions()

    client.app.state.sessions = counting
    try:
        if path == "/graphql":
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)[1]
            opened.clear()
            response = client.post(
                path, json={"query": "{ viewer { name } }"}, headers={"x-csrf-token": token}
            )
        else:
            response = client.get(path, headers=HTML)
        assert response.status_code == 200
        assert len(opened) == 1
        opened.clear()
        assert client.get("/healthz").status_code == 200
        assert opened == []  # the health check asks the engine, not a session
    finally:
        client.app.state.sessions = sessions


def test_a_bearer_request_neither_reads_nor_writes_the_session_cookie(signed_in, api):
    client = signed_in("nora")
    cookie = client.cookies.get("steward_session")
    bearer = {"authorization": f"Bearer {api.token('margaret')}"}

    response = client.post("/graphql", json={"query": "{ viewer { email } }"}, headers=bearer)
    assert response.json()["data"]["viewer"]["email"] == "margaret@harbour-it.example"
    assert "set-cookie" not in response.headers
    page = client.get("/", headers={**HTML, **bearer})  # a page with forms makes a CSRF token
    assert page.status_code == 200
    assert "set-cookie" not in page.headers

    assert client.cookies.get("steward_session") == cookie
    mine = client.post(
        "/graphql",
        json={"query": "{ viewer { email } }"},
        headers={"x-csrf-token": re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]},
    )
    assert mine.status_code == 403  # the bearer page's token was never the browser's
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/", headers=HTML).text)[1]
    mine = client.post(
        "/graphql", json={"query": "{ viewer { email } }"}, headers={"x-csrf-token": token}
    )
    assert mine.json()["data"]["viewer"]["email"] == "nora@harbour-it.example"
