"""My API tokens: everyone signed in lists, creates and revokes their own tokens; the secret is
shown once, in the reply to the form that created it, and works at once."""

from __future__ import annotations

import html
import re

from schema.core.ids import to_global_id
from tests.support.pages import HTML, csrf
from tests.support.people import audit_rows, post


def create(client, **fields):
    return post(client, "/tokens", "/tokens", **fields)


def secret_in(page: str) -> str:
    return html.unescape(re.search(r'id="new-token-secret"[^>]*value="([^"]+)"', page).group(1))


def test_creating_a_token_shows_its_secret_once_and_the_secret_works(signed_in, demo_client):
    client = signed_in("nora")
    page = create(client, name="Monthly report", scope="READ", expiresInDays="30")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    secret = secret_in(page.text)
    assert secret.startswith("stw_")
    assert '<label for="new-token-secret">' in page.text and "readonly" in page.text
    assert 'data-copy-from="new-token-secret" hidden' in page.text  # shown by the script only
    listed = client.get("/tokens", headers=HTML).text
    assert "Monthly report" in listed and secret not in listed
    assert "Read only" in listed and '<span class="badge token-active">Active</span>' in listed
    answer = demo_client.post(
        "/graphql",
        json={"query": "{ viewer { name } }"},
        headers={"authorization": f"Bearer {secret}"},
    )
    assert answer.json() == {"data": {"viewer": {"name": "Nora Quinn"}}}


def test_a_refused_token_keeps_the_input_beside_the_errors(signed_in, demo_url):
    client = signed_in("nora")
    before = audit_rows(demo_url)
    unnamed = create(client, name="  ", scope="READ_WRITE", expiresInDays="30")
    assert unnamed.status_code == 422
    assert 'id="token-name-error"' in unnamed.text and "must not be empty" in unnamed.text
    assert 'value="READ_WRITE" checked' in unnamed.text and 'value="30"' in unnamed.text
    too_long = create(client, name="Forever", scope="READ", expiresInDays="5000")
    assert too_long.status_code == 422
    assert 'id="token-expiry-error"' in too_long.text and "from 1 to 3650 days" in too_long.text
    assert 'value="Forever"' in too_long.text
    words = create(client, name="Soon", scope="READ", expiresInDays="soon")
    assert words.status_code == 422 and "must be a whole number of days" in words.text
    odd_scope = create(client, name="Odd", scope="EVERYTHING")
    assert odd_scope.status_code == 422 and 'id="token-scope-error"' in odd_scope.text
    assert audit_rows(demo_url) == before
    assert "new-token-secret" not in unnamed.text


def test_revoking_a_token_asks_first_then_stops_it_working(signed_in, demo_client):
    client = signed_in("nora")
    secret = secret_in(create(client, name="Old script", scope="READ_WRITE").text)
    page = client.get("/tokens", headers=HTML).text
    assert "Revoke…</summary>" in page and "Yes, revoke Old script" in page
    action = re.search(r'action="(/tokens/[^"]+/revoke)"', page).group(1)
    revoked = post(client, "/tokens", action)
    assert revoked.status_code == 303 and revoked.headers["location"] == "/tokens"
    page = client.get("/tokens", headers=HTML).text
    assert "The token was revoked" in page
    assert '<span class="badge token-revoked">Revoked</span>' in page
    assert "Yes, revoke Old script" not in page
    answer = demo_client.post(
        "/graphql", json={"query": "{ viewer { name } }"},
        headers={"authorization": f"Bearer {secret}"},
    )  # fmt: skip
    assert answer.status_code == 401


def test_an_expired_token_says_so(signed_in, demo_url):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from server.db import make_sync_engine
    from server.models import ApiToken

    client = signed_in("nora")
    create(client, name="Last year", scope="READ", expiresInDays="1")
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.begin() as connection:
        connection.execute(
            update(ApiToken)
            .where(ApiToken.name == "Last year")
            .values(expires_at=datetime.now(UTC) - timedelta(days=2))
        )
    engine.dispose()
    row = re.search(r"<tr>\s*<th scope=\"row\">Last year.*?</tr>", client.get("/tokens").text, re.S)
    assert '<span class="badge token-expired">Expired</span>' in row.group(0)


def test_an_administrator_sees_only_their_own_tokens_here(signed_in, demo_client):
    nora = signed_in("nora")
    create(nora, name="Nora's report", scope="READ")
    demo_client.cookies.clear()
    ada = signed_in("ada")
    create(ada, name="Ada's export", scope="READ")
    page = ada.get("/tokens", headers=HTML).text
    assert "Ada&#39;s export" in page and "Nora&#39;s report" not in page


def test_nobody_revokes_someone_elses_token_from_here(signed_in, demo_client):
    nora = signed_in("nora")
    create(nora, name="Nora's report", scope="READ")
    action = re.search(r'action="(/tokens/[^"]+/revoke)"', nora.get("/tokens").text).group(1)
    demo_client.cookies.clear()
    margaret = signed_in("margaret")
    assert post(margaret, "/tokens", action).status_code == 404
    missing = f"/tokens/{to_global_id('ApiToken', 999)}/revoke"
    assert post(margaret, "/tokens", missing).status_code == 404
    assert post(margaret, "/tokens", "/tokens/nonsense/revoke").status_code == 404


def test_strangers_are_sent_to_sign_in_and_forms_need_the_csrf_token(signed_in, demo_client):
    response = demo_client.get("/tokens", headers=HTML)
    assert response.status_code == 303 and "/sign-in" in response.headers["location"]
    client = signed_in("nora")
    refused = client.post("/tokens", data={"name": "No token"}, headers=HTML)
    assert refused.status_code == 403
    assert "No token" not in client.get("/tokens").text


def test_everyone_has_the_tokens_link_in_the_navigation(signed_in):
    page = signed_in("nora").get("/", headers=HTML).text
    assert '<a href="/tokens">API tokens</a>' in page
    assert csrf(page)
