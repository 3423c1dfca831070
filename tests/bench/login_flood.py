"""A login flood against a real server: /healthz p50 idle, then while 8 loops send wrong
passwords as fast as they can for about 5 seconds (goal: within 2x of idle).

Run with `python -m tests.bench.login_flood`. It serves the demo organisation on SQLite with
`steward serve` on a loopback port. Idle and flood are measured in turns (3 by default, each
flood aimed at two accounts not yet locked), and the medians compared, so a passing load on a
shared machine moves the figures less. Two configurations: the default throttle (the goal:
after a few hashed attempts the flood is answered 429 at once), and, for information, the
throttle raised out of reach, so every attempt is hashed in the password pool.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from server.demo import content
from tests.bench.load import free_port, start_server

STEWARD = Path(sys.executable).with_name("steward")
LOOPS = 8
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PEOPLE = [f"{key}@{content.DEMO_DOMAIN}" for key, *_ in content.PEOPLE]
UNTHROTTLED = {
    "STEWARD_SIGN_IN_ACCOUNT_LIMIT": "1000000",
    "STEWARD_SIGN_IN_ADDRESS_LIMIT": "1000000",
    "STEWARD_SIGN_IN_LOCK_AFTER": "1000000",
}
SCENARIOS = [("default throttle", {}), ("throttle out of reach", UNTHROTTLED)]


async def probe(base_url: str, seconds: float) -> list[float]:
    """GET /healthz one after another for `seconds`; the latencies in milliseconds."""
    latencies = []
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        await client.get("/healthz")
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            began = time.perf_counter()
            response = await client.get("/healthz")
            assert response.status_code == 200, response.status_code
            latencies.append((time.perf_counter() - began) * 1000)
            await asyncio.sleep(0.01)
    return latencies


async def _flood(base_url: str, seconds: float, victims: list[str], outcomes) -> None:
    async def loop(number: int) -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            token = CSRF.search((await client.get("/sign-in")).text)[1]
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                answer = await client.post("/sign-in", data={
                    "email": victims[number % len(victims)],
                    "password": f"wrong-guess-{time.perf_counter_ns()}",
                    "csrf_token": token,
                })  # fmt: skip
                outcomes[answer.status_code] = outcomes.get(answer.status_code, 0) + 1

    await asyncio.gather(*(loop(number) for number in range(LOOPS)))


def flood(base_url: str, seconds: float, victims: list[str], outcomes) -> None:
    """The 8 loops, in a process of their own so they do not slow the probe's client."""
    asyncio.run(_flood(base_url, seconds, victims, outcomes))


def measure(url: str, extra_env: dict[str, str], seconds: float, turns: int, log: Path) -> dict:
    port = free_port()
    env = {"STEWARD_DATABASE_URL": url, "STEWARD_SECRET_KEY": "flood-secret", **extra_env}
    server = start_server("steward", [str(STEWARD), "serve", "--port", str(port)], env, port, log)
    idle_p50s, flood_p50s, outcomes = [], [], Counter()
    try:
        for turn in range(turns):
            victims = PEOPLE[2 * turn : 2 * turn + 2]
            idle_p50s.append(statistics.median(asyncio.run(probe(server.base_url, 2))))
            with multiprocessing.Manager() as manager:
                counted = manager.dict()
                loops = multiprocessing.Process(
                    target=flood, args=(server.base_url, seconds, victims, counted)
                )
                loops.start()
                time.sleep(0.5)  # the loops get going
                busy = asyncio.run(probe(server.base_url, seconds - 1))
                loops.join()
                outcomes.update(dict(counted))
            flood_p50s.append(statistics.median(busy))
    finally:
        server.stop()
    return {
        "idle_p50": statistics.median(idle_p50s),
        "flood_p50": statistics.median(flood_p50s),
        "outcomes": outcomes,
    }


def prepare(folder: Path) -> str:
    url = f"sqlite:///{folder / 'flood.db'}"
    env = {**os.environ, "STEWARD_DATABASE_URL": url}
    for command in (["migrate"], ["demo"]):
        subprocess.run([str(STEWARD), *command], env=env, check=True, capture_output=True)
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each flood lasts")
    parser.add_argument("--turns", type=int, default=3, help="idle/flood turns per setting")
    args = parser.parse_args(argv)
    ratios = {}
    with tempfile.TemporaryDirectory(prefix="steward-flood-") as folder:
        print(
            f"/healthz p50 while {LOOPS} loops send wrong passwords for {args.seconds:.0f} s "
            f"(median of {args.turns} turns)"
        )
        for number, (name, extra) in enumerate(SCENARIOS):
            place = Path(folder) / str(number)
            place.mkdir()
            result = measure(prepare(place), extra, args.seconds, args.turns, place / "log")
            ratios[name] = result["flood_p50"] / result["idle_p50"]
            answers = ", ".join(f"{n} x {code}" for code, n in sorted(result["outcomes"].items()))
            print(
                f"  {name:<22} idle {result['idle_p50']:6.2f} ms   flood {result['flood_p50']:6.2f}"
                f" ms   ratio {ratios[name]:4.2f}x   (sign-in answers: {answers})"
            )
    goal = ratios["default throttle"]
    print(f"Goal (default throttle): within 2x of idle: {'met' if goal <= 2 else 'NOT met'}.")
    return 0 if goal <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
