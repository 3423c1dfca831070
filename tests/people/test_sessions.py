"""Sessions live in the database, so ending one ends it at once: a copy of the cookie taken
before sign-out, a password change, a deactivation or "sign out everywhere" no longer works, nor
does one left idle or kept too long. The account page lists them and ends them."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from starlette.testclient import TestClient

from server.db import make_sync_engine
from server.domain.people.authentication import hash_key
from server.models import Person, WebSession
from server.web.core.authentication import SESSION_KEY
from tests.support.demo import DEMO_PASSWORD, demo_email
from tests.support.pages import csrf, sign_in

NEW_PASSWORD = "lantern-orchard-velvet-42"


def copy_of(client: TestClient, app_factory, url: str) -> TestClient:
    """Another browser holding a copy of the client's session cookie."""
    thief = app_factory(url)
    thief.cookies.set("steward_session", client.cookies["steward_session"])
    return thief


def signed_in_elsewhere(app_factory, url: str, key: str) -> TestClient:
    other = app_factory(url)
    assert sign_in(other, key).status_code == 303
    return other


def execute(url: str, statement):
    engine = make_sync_engine(url, pooled=False)
    with engine.begin() as connection:
        result = connection.execute(statement)
        found = result.all() if result.returns_rows else None
    engine.dispose()
    return found


def test_a_copied_cookie_is_refused_after_sign_out(demo_client, demo_url, app_factory):
    assert sign_in(demo_client, "nora").status_code == 303
    thief = copy_of(demo_client, app_factory, demo_url)
    assert thief.get("/").status_code == 200
    token = csrf(demo_client.get("/").text)
    assert demo_client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert thief.get("/").status_code == 303
    assert thief.post("/graphql", json={"query": "{ viewer { name } }"}).status_code == 401


def test_changing_ones_password_ends_the_other_sessions_and_keeps_this_one(
    demo_client, demo_url, app_factory
):
    assert sign_in(demo_client, "nora").status_code == 303
    elsewhere = signed_in_elsewhere(app_factory, demo_url, "nora")
    thief = copy_of(demo_client, app_factory, demo_url)
    page = demo_client.get("/account")
    response = demo_client.post("/account/password", data={
        "csrf_token": csrf(page.text), "currentPassword": DEMO_PASSWORD,
        "newPassword": NEW_PASSWORD, "repeatPassword": NEW_PASSWORD,
    })  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/account"
    assert "Your password was changed" in demo_client.get("/account").text
    assert elsewhere.get("/").status_code == 303
    assert thief.get("/").status_code == 200  # a copy of this very session stays with it
    fresh = app_factory(demo_url)
    assert sign_in(fresh, "nora").status_code == 401
    assert sign_in(fresh, "nora", NEW_PASSWORD).status_code == 303


def test_deactivation_ends_the_persons_sessions(demo_client, demo_url, app_factory):
    assert sign_in(demo_client, "nora").status_code == 303
    thief = copy_of(demo_client, app_factory, demo_url)
    admin = signed_in_elsewhere(app_factory, demo_url, "ada")
    nora = admin.get("/people", params={"q": "nora"}).text.split('href="/people/')[1].split('"')[0]
    token = csrf(admin.get(f"/people/{nora}").text)
    assert admin.post(f"/people/{nora}/deactivate", data={"csrf_token": token}).status_code == 303
    assert thief.get("/").status_code == 303
    assert demo_client.get("/").status_code == 303
    person = Person.id == WebSession.person_id
    rows = execute(demo_url, select(WebSession.id).join(Person, person).where(
        Person.email == demo_email("nora")))  # fmt: skip
    assert rows == []


def test_sign_out_everywhere_ends_every_session(demo_client, demo_url, app_factory):
    assert sign_in(demo_client, "nora").status_code == 303
    elsewhere = signed_in_elsewhere(app_factory, demo_url, "nora")
    thief = copy_of(demo_client, app_factory, demo_url)
    someone_else = signed_in_elsewhere(app_factory, demo_url, "priya")
    token = csrf(demo_client.get("/account").text)
    response = demo_client.post("/account/sign-out-everywhere", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    assert "You signed out everywhere." in demo_client.get("/sign-in").text
    for client in (demo_client, elsewhere, thief):
        assert client.get("/").status_code == 303
    assert someone_else.get("/").status_code == 200


def test_a_session_left_idle_too_long_ends(demo_client, demo_url):
    assert sign_in(demo_client, "nora").status_code == 303
    idle = datetime.now(UTC) - timedelta(hours=12, minutes=1)
    execute(demo_url, update(WebSession).values(last_seen_at=idle))
    assert demo_client.get("/").status_code == 303


def test_a_session_used_all_along_still_ends_at_its_absolute_lifetime(demo_client, demo_url):
    assert sign_in(demo_client, "nora").status_code == 303
    old = datetime.now(UTC) - timedelta(days=14, minutes=1)
    execute(demo_url, update(WebSession).values(created_at=old))
    assert demo_client.get("/").status_code == 303


def test_a_session_in_use_is_kept_and_seen_at_most_once_a_minute(demo_client, demo_url):
    assert sign_in(demo_client, "nora").status_code == 303
    earlier = datetime.now(UTC) - timedelta(hours=11)
    execute(demo_url, update(WebSession).values(last_seen_at=earlier))
    assert demo_client.get("/").status_code == 200
    (seen,) = execute(demo_url, select(WebSession.last_seen_at))[0]
    assert seen > earlier + timedelta(hours=10)
    assert demo_client.get("/").status_code == 200
    assert execute(demo_url, select(WebSession.last_seen_at))[0][0] == seen  # no write


def test_the_cookie_holds_a_random_key_and_the_database_only_its_hash(demo_client, demo_url):
    assert sign_in(demo_client, "nora").status_code == 303
    payload = demo_client.cookies["steward_session"].split(".")[0]
    session = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    key = session[SESSION_KEY]
    assert "person_id" not in session and len(key) >= 40
    stored = execute(demo_url, select(WebSession.key_hash))
    assert stored == [(hash_key(key),)]


def test_the_account_page_lists_sessions_and_ends_another_one(demo_client, demo_url, app_factory):
    assert sign_in(demo_client, "nora").status_code == 303
    elsewhere = signed_in_elsewhere(app_factory, demo_url, "nora")
    page = demo_client.get("/account")
    assert page.status_code == 200
    assert page.text.count('action="/account/sessions/') == 2
    assert page.text.count("This session") == 1
    assert 'href="/account"' in page.text and "Nora Quinn</a>" in page.text  # the header link
    assert 'href="/tokens"' in page.text
    current = re.search(r"This session.*?action=\"(/account/sessions/[^\"]+)\"", page.text, re.S)
    other = next(
        action for action in re.findall(r'action="(/account/sessions/[^"]+)"', page.text)
        if action != current.group(1)
    )  # fmt: skip
    response = demo_client.post(other, data={"csrf_token": csrf(page.text)})
    assert response.status_code == 303 and response.headers["location"] == "/account"
    assert elsewhere.get("/").status_code == 303
    assert demo_client.get("/").status_code == 200
    ending_this = demo_client.post(current.group(1), data={"csrf_token": csrf(page.text)})
    assert ending_this.headers["location"] == "/sign-in"
    assert demo_client.get("/").status_code == 303


def test_the_account_page_refuses_a_weak_new_password_beside_the_field(demo_client):
    assert sign_in(demo_client, "nora").status_code == 303
    token = csrf(demo_client.get("/account").text)
    response = demo_client.post("/account/password", data={
        "csrf_token": token, "currentPassword": DEMO_PASSWORD,
        "newPassword": "1234567890", "repeatPassword": "1234567890",
    })  # fmt: skip
    assert response.status_code == 422
    assert 'id="new-password-error"' in response.text and "too easy to guess" in response.text
    wrong = demo_client.post("/account/password", data={
        "csrf_token": token, "currentPassword": "not-my-password",
        "newPassword": NEW_PASSWORD, "repeatPassword": NEW_PASSWORD,
    })  # fmt: skip
    assert wrong.status_code == 422
    assert 'id="current-password-error"' in wrong.text and "is not your current password" in (
        wrong.text
    )
    mismatch = demo_client.post("/account/password", data={
        "csrf_token": token, "currentPassword": DEMO_PASSWORD,
        "newPassword": NEW_PASSWORD, "repeatPassword": NEW_PASSWORD + "x",
    })  # fmt: skip
    assert mismatch.status_code == 422 and 'id="repeat-password-error"' in mismatch.text


def test_the_account_page_asks_strangers_to_sign_in(demo_client):
    assert demo_client.get("/account").headers["location"] == "/sign-in?next=%2Faccount"


def test_a_signed_in_request_is_authenticated_in_one_statement(demo_client):
    from tests.support.clients import StatementCounter

    assert sign_in(demo_client, "nora").status_code == 303
    headers = {"x-csrf-token": csrf(demo_client.get("/account").text)}
    query = {"query": "{ viewer { name } }"}
    demo_client.post("/graphql", json=query, headers=headers)  # warm the caches
    counter = StatementCounter(demo_client)
    try:
        response = demo_client.post("/graphql", json=query, headers=headers)
    finally:
        counter.close()
    assert response.json() == {"data": {"viewer": {"name": "Nora Quinn"}}}
    assert counter.count == 1  # the session, its person and their grants at once


def test_an_administrator_sets_a_password_on_the_person_page(demo_client, demo_url, app_factory):
    nora_browser = signed_in_elsewhere(app_factory, demo_url, "nora")
    assert sign_in(demo_client, "ada").status_code == 303
    ada_elsewhere = signed_in_elsewhere(app_factory, demo_url, "ada")
    people = demo_client.get("/people", params={"q": "nora"}).text
    nora = people.split('href="/people/')[1].split('"')[0]
    page = demo_client.get(f"/people/{nora}")
    details = {"csrf_token": csrf(page.text), "name": "Nora Quinn",
               "email": demo_email("nora")}  # fmt: skip
    weak = demo_client.post(f"/people/{nora}/details", data={**details, "password": "aaaaaaaaaa"})
    assert weak.status_code == 422 and 'id="person-password-error"' in weak.text
    assert "aaaaaaaaaa" not in weak.text  # a password is never sent back
    done = demo_client.post(f"/people/{nora}/details", data={**details, "password": NEW_PASSWORD})
    assert done.status_code == 303
    assert nora_browser.get("/").status_code == 303  # signed out everywhere
    # Setting one's own password keeps the session making the change, and ends the others.
    ada = demo_client.get("/people", params={"q": "ada"}).text.split('href="/people/')[1]
    ada = ada.split('"')[0]
    own = {**details, "name": "Ada Lindqvist", "email": demo_email("ada"), "isAdmin": "on",
           "password": NEW_PASSWORD}  # fmt: skip
    assert demo_client.post(f"/people/{ada}/details", data=own).status_code == 303
    assert demo_client.get("/").status_code == 200
    assert ada_elsewhere.get("/").status_code == 303
