"""/graphql: strangers get 401; sessions and tokens see the same visible plans as the pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.people.accounts import Actor, create_api_token, person_by_email
from server.models import ApiToken
from server.models.enums import TokenScope
from tests.support.demo import demo_email
from tests.support.pages import csrf

PAGE_FIELDS = "nodes { name } pageInfo { hasNextPage endCursor }"
PLANS = "{ plans(first: 100) { totalCount nodes { name confidential } } }"


def issue_token(url: str, key: str, **kwargs) -> str:
    engine = make_sync_engine(url, pooled=False)
    with Session(engine) as session:
        issued = create_api_token(
            session,
            Actor(None, "test"),
            person=person_by_email(session, demo_email(key)),
            name="report",
            scope=kwargs.pop("scope", TokenScope.READ),
            expires_in_days=None,
        )
        session.commit()
    engine.dispose()
    return issued.secret


def post(client, query: str, token: str | None = None):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json={"query": query}, headers=headers)


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer nonsense", "Basic abc", "Bearer stw_x_y"]
)
def test_requests_without_valid_credentials_get_401(demo_client, header):
    headers = {"authorization": header} if header else {}
    response = demo_client.post("/graphql", json={"query": PLANS}, headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Bearer" in response.headers["www-authenticate"]


def test_a_token_reads_the_plans_its_owner_may_see(demo_client, demo_url):
    ordinary = post(demo_client, PLANS, issue_token(demo_url, "nora")).json()["data"]["plans"]
    security = post(demo_client, PLANS, issue_token(demo_url, "omar")).json()["data"]["plans"]
    assert ordinary["totalCount"] == 12 and len(ordinary["nodes"]) == 12
    assert not any(plan["confidential"] for plan in ordinary["nodes"])
    assert security["totalCount"] == 13


def test_a_revoked_token_stops_working_at_once(demo_client, demo_url):
    secret = issue_token(demo_url, "nora")
    assert post(demo_client, PLANS, secret).status_code == 200
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.begin() as connection:
        connection.execute(update(ApiToken).values(revoked_at=datetime.now(UTC)))
    engine.dispose()
    assert post(demo_client, PLANS, secret).status_code == 401


def test_an_expired_token_is_refused(demo_client, demo_url):
    secret = issue_token(demo_url, "nora")
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.begin() as connection:
        connection.execute(
            update(ApiToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    engine.dispose()
    assert post(demo_client, PLANS, secret).status_code == 401


def test_using_a_token_records_when_it_was_last_used(demo_client, demo_url):
    secret = issue_token(demo_url, "nora")
    post(demo_client, PLANS, secret)
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.connect() as connection:
        last_used = connection.scalar(
            ApiToken.__table__.select().with_only_columns(ApiToken.last_used_at)
        )
    engine.dispose()
    assert last_used is not None


def session_csrf(client) -> str:
    return csrf(client.get("/").text)


def test_a_signed_in_session_can_query_graphql_with_its_csrf_token(signed_in):
    client = signed_in("margaret")
    response = client.post(
        "/graphql",
        json={"query": "{ viewer { name roles } }"},
        headers={"x-csrf-token": session_csrf(client)},
    )
    assert response.json() == {
        "data": {"viewer": {"name": "Margaret Okafor", "roles": ["steering_committee"]}}
    }


def test_a_signed_in_browser_post_without_the_csrf_token_is_refused(signed_in):
    response = signed_in("margaret").post("/graphql", json={"query": "{ viewer { name } }"})
    assert response.status_code == 403
    assert "X-CSRF-Token" in response.json()["errors"][0]["message"]


def test_page_sizes_above_the_limit_are_refused_with_the_limit(signed_in):
    client = signed_in("nora")
    response = client.post(
        "/graphql",
        json={"query": "{ plans(first: 501) { totalCount } }"},
        headers={"x-csrf-token": session_csrf(client)},
    )
    assert response.json()["errors"][0]["message"] == (
        "`first` on `plans` is 501; the limit is 500 rows per page."
    )


def test_cursor_pagination_walks_every_visible_plan_once(signed_in):
    client = signed_in("nora")
    headers = {"x-csrf-token": session_csrf(client)}
    names, after = [], None
    while True:
        arguments = f'first: 5, after: "{after}"' if after else "first: 5"
        query = f"{{ plans({arguments}) {{ {PAGE_FIELDS} }} }}"
        response = client.post("/graphql", json={"query": query}, headers=headers)
        page = response.json()["data"]["plans"]
        names += [node["name"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(names) == len(set(names)) == 12


MISSPELT = "{ plans { nodes { nam } } }"
MISSPELT_ENUM = "{ plans { nodes { initiatives(filter: {status: [PROPOSD]}) { totalCount } } } }"


@pytest.mark.parametrize("query", [MISSPELT, MISSPELT_ENUM])
def test_tools_get_no_did_you_mean_hints_but_the_explorer_does(signed_in, demo_url, query):
    client = signed_in("ada")
    tool = post(client, query, token=issue_token(demo_url, "ada")).json()["errors"][0]["message"]
    explorer = client.post(
        "/graphql", json={"query": query}, headers={"x-csrf-token": session_csrf(client)}
    ).json()["errors"][0]["message"]
    assert "Did you mean" in explorer
    assert "Did you mean" not in tool
    assert tool == explorer[: explorer.index(" Did you mean")]
    # the explorer's hint survives a tool's request for the same (cached) document
    again = client.post(
        "/graphql", json={"query": query}, headers={"x-csrf-token": session_csrf(client)}
    ).json()["errors"][0]["message"]
    assert again == explorer
