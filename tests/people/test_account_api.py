"""One's own account through the API: changeMyPassword, viewer.sessions, endSession,
signOutEverywhere; administrators' unlockPerson and Person.lockedUntil; the password policy on
every path that sets a password; and invalid bearer tokens slowed per address."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.models import Person
from tests.support.demo import DEMO_PASSWORD, demo_email
from tests.support.pages import sign_in

NEW_PASSWORD = "lantern-orchard-velvet-42"
CHANGE = """mutation($current: String!, $new: String!) {
  changeMyPassword(input: {currentPassword: $current, newPassword: $new}) {
    person { email } errors { field code message } } }"""
SESSIONS = "{ viewer { sessions { id current userAgent address createdAt lastSeenAt } } }"
END = """mutation($id: ID!) { endSession(input: {id: $id}) {
  endedSessionId person { name } errors { field code message } } }"""
EVERYWHERE = """mutation { signOutEverywhere(input: {}) {
  endedSessions person { name } errors { field code message } } }"""
UNLOCK = """mutation($id: ID!) { unlockPerson(input: {id: $id}) {
  person { lockedUntil } errors { field code message } } }"""
LOCKED = """query($id: ID!) { node(id: $id) { ... on Person { lockedUntil } } }"""


def person_id(api, key: str) -> str:
    people = api.query("ada", "{ people(first: 50) { nodes { id email } } }")["people"]["nodes"]
    return next(p["id"] for p in people if p["email"] == demo_email(key))


def lock(url: str, key: str) -> None:
    engine = make_sync_engine(url, pooled=False)
    with engine.begin() as connection:
        connection.execute(
            update(Person)
            .where(Person.email == demo_email(key))
            .values(locked_until=datetime.now(UTC) + timedelta(minutes=10))
        )
    engine.dispose()


def test_change_my_password_needs_the_current_one_and_a_good_new_one(api, app_factory):
    wrong = api.mutate("nora", CHANGE, {"current": "not-it-at-all", "new": NEW_PASSWORD})
    assert wrong["errors"] == [{"field": ["input", "currentPassword"], "code": "INVALID",
                                "message": "is not your current password"}]  # fmt: skip
    for weak, says in [
        ("aaaaaaaaaa", "too easy to guess"),
        ("1234567890", "too easy to guess"),
        ("nora@harbour-it.example", "must not be or contain the e-mail address"),
        ("hello-nora-again", "must not be or contain the e-mail address"),
        ("short", "at least 10 characters"),
    ]:
        payload = api.mutate("nora", CHANGE, {"current": DEMO_PASSWORD, "new": weak})
        assert payload["person"] is None
        ((error),) = payload["errors"]
        assert error["field"] == ["input", "newPassword"] and error["code"] == "INVALID"
        assert says in error["message"], (weak, error)
    done = api.mutate("nora", CHANGE, {"current": DEMO_PASSWORD, "new": NEW_PASSWORD})
    assert done == {"person": {"email": demo_email("nora")}, "errors": []}
    browser = app_factory(api.url)
    assert sign_in(browser, "nora").status_code == 401
    assert sign_in(browser, "nora", NEW_PASSWORD).status_code == 303


def test_wrong_current_passwords_count_towards_the_sign_in_throttle(api):
    for _ in range(5):
        api.mutate("nora", CHANGE, {"current": "not-it-at-all", "new": NEW_PASSWORD})
    payload = api.mutate("nora", CHANGE, {"current": DEMO_PASSWORD, "new": NEW_PASSWORD})
    assert payload["errors"][0]["message"].startswith("Too many attempts; try again in")


def test_viewer_sessions_lists_ones_own_and_end_session_ends_one(api, app_factory):
    browser = app_factory(api.url)
    assert sign_in(browser, "nora").status_code == 303
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/").text).group(1)
    mine = browser.post("/graphql", json={"query": SESSIONS}, headers={"x-csrf-token": token})
    (session,) = mine.json()["data"]["viewer"]["sessions"]
    assert session["current"] is True and session["userAgent"] == "testclient"
    (listed,) = api.query("nora", SESSIONS)["viewer"]["sessions"]
    assert listed["id"] == session["id"] and listed["current"] is False  # a token is no session
    assert api.query("priya", SESSIONS)["viewer"]["sessions"] == []
    refused = api.mutate("priya", END, {"id": session["id"]})
    assert refused["errors"] == [{"field": ["input", "id"], "code": "NOT_FOUND",
                                  "message": "no session of yours has this id"}]  # fmt: skip
    assert browser.get("/").status_code == 200
    ended = api.mutate("nora", END, {"id": session["id"]})
    assert ended == {"endedSessionId": session["id"], "person": {"name": "Nora Quinn"},
                     "errors": []}  # fmt: skip
    assert browser.get("/").status_code == 303


def test_sign_out_everywhere_ends_them_all(api, app_factory):
    browsers = [app_factory(api.url) for _ in range(2)]
    for browser in browsers:
        assert sign_in(browser, "nora").status_code == 303
    payload = api.mutate("nora", EVERYWHERE)
    assert payload == {"endedSessions": 2, "person": {"name": "Nora Quinn"}, "errors": []}
    assert all(browser.get("/").status_code == 303 for browser in browsers)


def test_only_administrators_see_and_lift_a_lock(api, app_factory):
    lock(api.url, "nora")
    nora = person_id(api, "nora")
    assert api.query("ada", LOCKED, {"id": nora})["node"]["lockedUntil"] is not None
    assert api.query("priya", LOCKED, {"id": nora})["node"]["lockedUntil"] is None
    browser = app_factory(api.url)
    assert sign_in(browser, "nora").status_code == 429
    refused = api.mutate("priya", UNLOCK, {"id": nora})
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    assert api.mutate("ada", UNLOCK, {"id": nora}) == {
        "person": {"lockedUntil": None},
        "errors": [],
    }
    assert sign_in(browser, "nora").status_code == 303
    audit = api.query("ada", "{ auditLog(first: 1) { nodes { entityLabel after } } }")
    (entry,) = audit["auditLog"]["nodes"]
    assert entry["entityLabel"] == "Nora Quinn" and entry["after"]["locked_until"] is None


CREATE = """mutation($password: String) { createPerson(input: {email: "sam.taylor@example.org",
  name: "Sam Taylor", password: $password}) { person { id } errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $password: String) { updatePerson(input: {id: $id,
  password: $password}) { person { id } errors { field code message } } }"""


def test_administrators_setting_a_password_meet_the_same_policy(api, app_factory):
    for weak in ("aaaaaaaaaa", "1234567890", "sam.taylor@example.org", "sam.taylor-2024!"):
        payload = api.mutate("ada", CREATE, {"password": weak})
        assert payload["person"] is None
        assert payload["errors"][0]["field"] == ["input", "password"], weak
    created = api.mutate("ada", CREATE, {"password": "a-long-first-password"})
    assert created["errors"] == []
    nora = person_id(api, "nora")
    weak = api.mutate("ada", UPDATE, {"id": nora, "password": "noranoranora"})
    assert weak["errors"][0]["field"] == ["input", "password"]
    browser = app_factory(api.url)
    assert sign_in(browser, "nora").status_code == 303
    assert api.mutate("ada", UPDATE, {"id": nora, "password": NEW_PASSWORD})["errors"] == []
    assert browser.get("/").status_code == 303  # a new password ends every session
    assert sign_in(browser, "nora", NEW_PASSWORD).status_code == 303


def test_the_demo_password_passes_the_policy_for_every_demo_person():
    from server.demo import content
    from server.domain.people.passwords import password_problem

    assert DEMO_PASSWORD == content.DEMO_PASSWORD
    for key, *_ in content.PEOPLE:
        assert password_problem(DEMO_PASSWORD, demo_email(key)) is None, key


def test_a_burst_of_invalid_tokens_from_one_address_is_slowed(api):
    good = api.token("nora")
    for number in range(20):
        bad = f"stw_{number:08d}_not-a-real-secret"
        response = api.client.post("/graphql", json={"query": "{ viewer { name } }"},
                                   headers={"authorization": f"Bearer {bad}"})  # fmt: skip
        assert response.status_code == 401
    refused = api.client.post("/graphql", json={"query": "{ viewer { name } }"},
                              headers={"authorization": f"Bearer {good}"})  # fmt: skip
    assert refused.status_code == 429
    assert 840 <= int(refused.headers["retry-after"]) <= 900
    assert refused.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_ATTEMPTS"
    assert refused.json()["errors"][0]["message"] == "Too many attempts; try again in 15 minutes."


def test_a_node_id_for_a_session_is_not_a_node(api):
    session_id = to_global_id("Session", 1)
    assert api.query("nora", f'{{ node(id: "{session_id}") {{ id }} }}') == {"node": None}
