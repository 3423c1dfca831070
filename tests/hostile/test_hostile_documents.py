"""Every request of the hostile corpus is refused before execution, and a real server keeps
answering /healthz while it is sent."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.hostile.corpus import CORPUS, DIAMOND_40, Hostile
from tests.support.clients import ApiClient, StatementCounter
from tests.support.demo import demo_email
from tests.support.pages import sign_in


def trivial(hostile: Hostile) -> dict:
    """The same kind of request, asking for nothing that touches the database."""
    if hostile.get is not None:
        return Hostile("trivial", get="{ __typename }").request()
    return Hostile("trivial", {"query": "{ __typename }"}).request()


def _credentials(client, api: ApiClient, hostile: Hostile) -> dict[str, str]:
    if hostile.cookie:
        assert sign_in(client, "nora").status_code == 303
        return {}
    return {"authorization": f"Bearer {api.token('nora')}"}


def assert_refused(response, hostile: Hostile) -> None:
    assert response.status_code == hostile.status, response.text[:300]
    assert hostile.refusal in response.text, response.text[:300]
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        assert body.get("data") is None, "nothing was executed"
        assert "INTERNAL" not in response.text


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_a_hostile_request_is_refused_before_anything_is_executed(api, hostile):
    client = api.client
    headers = _credentials(client, api, hostile)
    # Who is asking costs the same statements for any request; count them on a trivial one.
    baseline = trivial(hostile)
    baseline["headers"].update(headers)
    client.request(**baseline)  # a token's first use is recorded
    counter = StatementCounter(client)
    assert client.request(**baseline).status_code == 200
    identifying = counter.count
    counter.count = 0
    request = hostile.request()
    response = client.request(**{**request, "headers": {**request["headers"], **headers}})
    counter.close()
    assert_refused(response, hostile)
    assert counter.count <= identifying


def test_the_forty_level_fragment_diamond_is_refused_in_the_stock_executor_too(api):
    """Refused by the checks before execution, so both executors agree (ApiClient compares)."""
    errors = api.errors("nora", DIAMOND_40)
    assert "could return more than 500,000 fields" in errors[0]


def test_healthz_answers_while_each_hostile_request_is_sent(demo_url, tmp_path):
    from tests.support.browser import LiveServer

    token = ApiClient(None, demo_url).token("nora")
    with LiveServer(demo_url, tmp_path) as server:
        cookie_client = httpx.Client(base_url=server.base_url, timeout=60)
        page = cookie_client.get("/sign-in").text
        csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        signed = cookie_client.post(
            "/sign-in",
            data={"email": demo_email("nora"), "password": "steward-demo", "csrf_token": csrf},
        )
        assert signed.status_code == 303
        for hostile in CORPUS:
            outcome: dict[str, httpx.Response] = {}
            request = hostile.request()
            client = (
                cookie_client
                if hostile.cookie
                else httpx.Client(
                    base_url=server.base_url,
                    timeout=60,
                    headers={"authorization": f"Bearer {token}"},
                )
            )

            def send(client=client, request=request, outcome=outcome) -> None:
                outcome["response"] = client.request(**request)

            sender = threading.Thread(target=send)
            sender.start()
            health = httpx.get(f"{server.base_url}/healthz", timeout=60)
            sender.join(timeout=60)
            assert health.status_code == 200, hostile.name
            assert not sender.is_alive(), f"{hostile.name}: no answer"
            assert_refused(outcome["response"], hostile)
            if client is not cookie_client:
                client.close()
        cookie_client.close()


def test_a_fragment_diamond_within_the_limits_is_answered_like_its_plain_query(api):
    """Fifteen levels of fragments spreading the next twice: 32,768 paths to one selection.
    The checks, the planner and both executors take each fragment once (the answer and the
    statements are those of the plain query)."""
    leaf = "name initiatives(first: 1) { nodes { id metrics(first: 1) { nodes { id } } } }"
    fragments = " ".join(f"fragment F{n} on Plan {{ ...F{n + 1} ...F{n + 1} }}" for n in range(15))
    diamond_query = (
        f"{{ plans(first: 2) {{ nodes {{ ...F0 }} }} }} {fragments} "
        f"fragment F15 on Plan {{ {leaf} }}"
    )
    plain_query = f"{{ plans(first: 2) {{ nodes {{ {leaf} }} }} }}"
    api.query("nora", "{ __typename }")  # the token's first use is recorded
    counter = StatementCounter(api.client)
    plain = api.query("nora", plain_query)
    plain_statements, counter.count = counter.count, 0
    answered = api.query("nora", diamond_query)
    counter.close()
    assert answered == plain
    assert counter.count == plain_statements
