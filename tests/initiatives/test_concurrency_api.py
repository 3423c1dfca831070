"""Eight clients race to change one initiative on PostgreSQL: exactly one wins each step,
no event is lost, and the history replays to the current state."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from server.app import create_app
from tests.support.clients import run_async, settings_for
from tests.support.initiatives import initiatives_in

CLIENTS = 8
STEPS = ["HOLD", "RESUME", "HOLD", "RESUME", "COMPLETE"]
MUTATION = {
    "HOLD": 'holdInitiative(input: {{id: "{id}", expectedVersion: {v}, reason: "client {n}"}})',
    "RESUME": 'resumeInitiative(input: {{id: "{id}", expectedVersion: {v}}})',
    "COMPLETE": (
        'completeInitiative(input: {{id: "{id}", expectedVersion: {v}, outcome: ACHIEVED, '
        'note: "client {n}"}})'
    ),
}


def test_concurrent_transitions_serialise_on_postgresql(api, backend, tmp_path):
    if backend != "postgresql":
        pytest.skip("the race is proved on PostgreSQL, where writers run concurrently")
    initiative = next(
        i for i in initiatives_in(api, "IN_PROGRESS") if i["owner"]["email"].startswith("priya")
    )
    token = api.token("priya", "read_write")
    app = create_app(settings_for(api.url, tmp_path))

    async def race() -> list[list[dict]]:
        rounds = []
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            headers = {"authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(
                transport=transport, base_url="http://steward", headers=headers
            ) as client:
                version = initiative["version"]
                for step in STEPS:

                    async def attempt(n: int, step=step, version=version) -> dict:
                        field = MUTATION[step].format(id=initiative["id"], v=version, n=n)
                        query = (
                            f"mutation {{ result: {field} {{ initiative {{ version status }} "
                            "errors { code message } } }"
                        )
                        response = await client.post("/graphql", json={"query": query})
                        return response.json()["data"]["result"]

                    results = await asyncio.gather(*(attempt(n) for n in range(CLIENTS)))
                    rounds.append(results)
                    version += 1
        return rounds

    rounds = run_async(race)
    for step, results in zip(STEPS, rounds, strict=True):
        winners = [r for r in results if not r["errors"]]
        losers = [r for r in results if r["errors"]]
        assert len(winners) == 1, (step, results)
        assert {r["errors"][0]["code"] for r in losers} == {"CONFLICT"}
        # The row is locked while a step is decided: the others wait, then are told who
        # changed it (rather than failing blind when their write finds the row changed).
        for loser in losers:
            assert loser["errors"][0]["message"].startswith(
                "The initiative was changed after you loaded it"
            ), loser
    history = api.query(
        "priya",
        f'{{ node(id: "{initiative["id"]}") {{ ... on Initiative {{ status version '
        "events(first: 100) { nodes { fromStatus toStatus } } } } }",
    )["node"]
    steps = [(e["fromStatus"], e["toStatus"]) for e in history["events"]["nodes"]]
    assert steps[-len(STEPS):] == [
        ("IN_PROGRESS", "ON_HOLD"), ("ON_HOLD", "IN_PROGRESS"),
        ("IN_PROGRESS", "ON_HOLD"), ("ON_HOLD", "IN_PROGRESS"), ("IN_PROGRESS", "COMPLETED"),
    ]  # fmt: skip
    state = None
    for from_status, to_status in steps:
        assert from_status == state
        state = to_status
    assert state == history["status"] == "COMPLETED"
    assert history["version"] == initiative["version"] + len(STEPS)
