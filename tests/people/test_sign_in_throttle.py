"""Guessing passwords on the sign-in form is throttled in the database: from the 5th failure for
an account (or the 20th from one address) the answer is 429 at once, without hashing; at the
10th the account locks for 15 minutes whatever the password; administrators unlock it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

import pytest
from sqlalchemy import func, insert, select, update
from starlette.testclient import TestClient

from server.app import create_app
from server.db import make_sync_engine
from server.domain.people.passwords import PasswordPool
from server.models import AuthFailure, Person
from server.models.enums import FailureKind
from tests.support.clients import run_async, settings_for
from tests.support.demo import DEMO_PASSWORD, demo_email
from tests.support.pages import csrf_from, sign_in

WRONG = "That e-mail address and password do not match an active account."
TOO_MANY = "Too many attempts; try again in 15 minutes."


class CountingPool(PasswordPool):
    """The app's own pool, counting how often a password is checked."""

    def __init__(self) -> None:
        super().__init__(1)
        self.verified = 0

    async def verify(self, password_hash, password):
        self.verified += 1
        return await super().verify(password_hash, password)


def attempt(client: TestClient, key: str, password: str, email: str | None = None):
    token = csrf_from(client)
    return client.post(
        "/sign-in",
        data={"email": email or demo_email(key), "password": password, "csrf_token": token},
    )


def rows(url: str, statement):
    engine = make_sync_engine(url, pooled=False)
    with engine.begin() as connection:
        result = connection.execute(statement)
        found = result.all() if result.returns_rows else None
    engine.dispose()
    return found


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(demo_client):
    for _ in range(40):
        assert attempt(demo_client, "nora", "wrong-password").status_code in (401, 429)
    response = sign_in(demo_client, "nora")
    assert response.status_code == 429
    assert TOO_MANY in response.text
    assert demo_client.get("/").status_code == 303  # not signed in


def test_from_the_fifth_failure_the_answer_is_429_at_once_without_hashing(demo_client):
    pool = CountingPool()
    demo_client.app.state.passwords = pool
    for _ in range(4):
        response = attempt(demo_client, "nora", "wrong-password")
        assert response.status_code == 401 and WRONG in response.text
    fifth = attempt(demo_client, "nora", "wrong-password")
    assert fifth.status_code == 429
    assert 840 <= int(fifth.headers["retry-after"]) <= 900
    assert TOO_MANY in fifth.text and 'role="alert"' in fifth.text
    assert pool.verified == 5
    right = sign_in(demo_client, "nora")  # the right password is not even looked at
    assert right.status_code == 429 and TOO_MANY in right.text
    assert pool.verified == 5
    assert sign_in(demo_client, "priya").status_code == 303  # other accounts are not affected


def test_at_ten_failures_the_account_locks_until_an_administrator_unlocks_it(
    demo_client, demo_url, app_factory
):
    for _ in range(10):
        attempt(demo_client, "nora", "wrong-password")
    (locked_until,) = rows(
        demo_url, select(Person.locked_until).where(Person.email == demo_email("nora"))
    )[0]
    assert locked_until is not None
    # Even after the failures leave the window, the lock holds, whatever the password.
    rows(demo_url, update(AuthFailure).values(at=datetime.now(UTC) - timedelta(hours=1)))
    response = sign_in(demo_client, "nora")
    assert response.status_code == 429 and TOO_MANY in response.text

    admin = app_factory(demo_url)
    assert sign_in(admin, "ada").status_code == 303
    people = admin.get("/people", params={"q": "nora"}).text
    nora = people.split('href="/people/')[1].split('"')[0]
    page = admin.get(f"/people/{nora}")
    assert "Signing in is locked" in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    unlocked = admin.post(f"/people/{nora}/unlock", data={"csrf_token": token})
    assert unlocked.status_code == 303
    assert "Signing in is locked" not in admin.get(f"/people/{nora}").text
    assert sign_in(demo_client, "nora").status_code == 303


def test_twenty_failures_from_one_address_refuse_every_account_from_it(demo_client, demo_url):
    pool = CountingPool()
    demo_client.app.state.passwords = pool
    for number in range(20):
        response = attempt(demo_client, "nobody", "wrong-password", f"guess{number}@example.org")
        assert response.status_code == 401
    counted = rows(demo_url, select(func.count()).select_from(AuthFailure))[0][0]
    response = sign_in(demo_client, "priya")
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert pool.verified == 20  # the refused attempt was not hashed
    assert rows(demo_url, select(func.count()).select_from(AuthFailure))[0][0] == counted


def proxied_client(demo_url, tmp_path, peer: str) -> TestClient:
    settings = settings_for(demo_url, tmp_path, trusted_proxies=(ip_network("10.0.0.0/8"),))
    client = TestClient(create_app(settings), follow_redirects=False, client=(peer, 4000))
    client.__enter__()
    return client


def test_a_trusted_proxy_names_the_client_and_an_untrusted_one_is_not_believed(demo_url, tmp_path):
    behind_proxy = proxied_client(demo_url, tmp_path, "10.0.0.5")
    direct = proxied_client(demo_url, tmp_path, "192.0.2.7")
    try:
        for number in range(20):
            headers = {"x-forwarded-for": f"203.0.113.{number}, 198.51.100.1"}
            token = csrf_from(behind_proxy)
            behind_proxy.post("/sign-in", headers=headers, data={
                "email": f"guess{number}@example.org", "password": "x", "csrf_token": token,
            })  # fmt: skip
        # Every attempt came from 198.51.100.1 (the proxy's neighbour), whatever the left says.
        headers = {"x-forwarded-for": "198.51.100.1"}
        token = csrf_from(behind_proxy)
        data = {"email": demo_email("nora"), "password": DEMO_PASSWORD, "csrf_token": token}
        assert behind_proxy.post("/sign-in", headers=headers, data=data).status_code == 429
        other = {"x-forwarded-for": "198.51.100.2"}
        assert behind_proxy.post("/sign-in", headers=other, data=data).status_code == 303
        # A client that is not a trusted proxy cannot pretend to be someone else.
        token = csrf_from(direct)
        data = {"email": demo_email("priya"), "password": DEMO_PASSWORD, "csrf_token": token}
        spoofed = direct.post("/sign-in", headers={"x-forwarded-for": "198.51.100.1"}, data=data)
        assert spoofed.status_code == 303
    finally:
        behind_proxy.__exit__(None, None, None)
        direct.__exit__(None, None, None)


def test_old_failures_are_pruned(demo_client, demo_url):
    old = datetime.now(UTC) - timedelta(days=1)
    rows(demo_url, insert(AuthFailure).values(
        [{"kind": FailureKind.PASSWORD, "email": "old@example.org", "address": "x", "at": old}] * 30
    ))  # fmt: skip
    attempt(demo_client, "nora", "wrong-password")
    assert rows(demo_url, select(func.count()).select_from(AuthFailure))[0][0] == 1


def test_a_successful_sign_in_forgets_the_accounts_failures(demo_client, demo_url):
    for _ in range(4):
        attempt(demo_client, "nora", "wrong-password")
    assert sign_in(demo_client, "nora").status_code == 303
    where = AuthFailure.email == demo_email("nora")
    assert rows(demo_url, select(func.count()).select_from(AuthFailure).where(where))[0][0] == 0


def test_passwords_are_checked_off_the_event_loop():
    pool = PasswordPool(1)

    async def where_it_runs() -> tuple[int, int]:
        return threading.get_ident(), await pool.run(threading.get_ident)

    # on a loop of its own: after a browser test this thread keeps Playwright's loop running
    loop_thread, pool_thread = run_async(where_it_runs)
    assert pool_thread != loop_thread


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("STEWARD_SIGN_IN_ACCOUNT_LIMIT", "0", "STEWARD_SIGN_IN_ACCOUNT_LIMIT must be a whole"),
        ("STEWARD_SIGN_IN_WINDOW_MINUTES", "soon", "STEWARD_SIGN_IN_WINDOW_MINUTES must be a"),
        ("STEWARD_SIGN_IN_LOCK_AFTER", "3", "STEWARD_SIGN_IN_LOCK_AFTER must be at least"),
        ("STEWARD_TRUSTED_PROXIES", "10.0.0.1, proxy", "STEWARD_TRUSTED_PROXIES must list IP"),
        ("STEWARD_PASSWORD_THREADS", "-1", "STEWARD_PASSWORD_THREADS must be a whole number"),
        ("STEWARD_SESSION_IDLE_MINUTES", "x", "STEWARD_SESSION_IDLE_MINUTES must be a whole"),
        ("STEWARD_SESSION_LIFETIME_HOURS", "0", "STEWARD_SESSION_LIFETIME_HOURS must be a"),
        ("STEWARD_TOKEN_ADDRESS_LIMIT", "1.5", "STEWARD_TOKEN_ADDRESS_LIMIT must be a whole"),
    ],
)
def test_throttle_and_session_settings_name_the_variable_at_fault(
    tmp_path, variable, value, expected
):
    from server.settings import Settings, SettingsError

    env = {"STEWARD_VAR_DIR": str(tmp_path), "STEWARD_SECRET_KEY": "k", variable: value}
    with pytest.raises(SettingsError, match=expected):
        Settings.from_env(env)


def test_the_settings_are_read_from_the_environment(tmp_path):
    from server.settings import Settings

    settings = Settings.from_env({
        "STEWARD_VAR_DIR": str(tmp_path), "STEWARD_SECRET_KEY": "k",
        "STEWARD_SIGN_IN_ACCOUNT_LIMIT": "3", "STEWARD_TRUSTED_PROXIES": "10.0.0.1, fd00::/8",
        "STEWARD_SESSION_IDLE_MINUTES": "30",
    })  # fmt: skip
    assert settings.sign_in_account_limit == 3
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.1/32", "fd00::/8"]
    assert settings.session_idle_minutes == 30
