"""A login flood against a real server: /healthz p50 idle, then while 8 loops send wrong
passwords as fast as they can for about 5 seconds (goal: within 2x of idle).

Run with `python -m tests.bench.login_flood`. It serves the demo organisation on SQLite with
`steward serve` on a loopback port, twice: with the default throttle (the flood is answered 429
after a few attempts, without hashing), and with the throttle raised out of reach, so every
attempt is hashed in the password pool (what the pool alone does for the event loop).
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

from tests.bench.load import free_port, start_server

STEWARD = Path(sys.executable).with_name("steward")
LOOPS = 8
VICTIMS = ("nora@harbour-it.example", "priya@harbour-it.example")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
UNTHROTTLED = {
    "STEWARD_SIGN_IN_ACCOUNT_LIMIT": "1000000",
    "STEWARD_SIGN_IN_ADDRESS_LIMIT": "1000000",
    "STEWARD_SIGN_IN_LOCK_AFTER": "1000000",
}


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


async def _flood(base_url: str, seconds: float, outcomes) -> None:
    async def loop(number: int) -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            token = CSRF.search((await client.get("/sign-in")).text)[1]
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                answer = await client.post("/sign-in", data={
                    "email": VICTIMS[number % len(VICTIMS)],
                    "password": f"wrong-guess-{time.perf_counter_ns()}",
                    "csrf_token": token,
                })  # fmt: skip
                outcomes[answer.status_code] = outcomes.get(answer.status_code, 0) + 1

    await asyncio.gather(*(loop(number) for number in range(LOOPS)))


def flood(base_url: str, seconds: float, outcomes) -> None:
    """The 8 loops, in a process of their own so they do not slow the probe's client."""
    asyncio.run(_flood(base_url, seconds, outcomes))


def measure(url: str, extra_env: dict[str, str], seconds: float, log: Path) -> dict:
    port = free_port()
    env = {"STEWARD_DATABASE_URL": url, "STEWARD_SECRET_KEY": "flood-secret", **extra_env}
    server = start_server("steward", [str(STEWARD), "serve", "--port", str(port)], env, port, log)
    try:
        idle = asyncio.run(probe(server.base_url, 3))
        with multiprocessing.Manager() as manager:
            outcomes = manager.dict()
            loops = multiprocessing.Process(target=flood, args=(server.base_url, seconds, outcomes))
            loops.start()
            time.sleep(0.5)  # the loops get going
            busy = asyncio.run(probe(server.base_url, seconds - 1))
            loops.join()
            counted = dict(outcomes)
    finally:
        server.stop()
    return {
        "idle_p50": statistics.median(idle),
        "flood_p50": statistics.median(busy),
        "outcomes": Counter(counted),
    }


def prepare(folder: Path) -> str:
    url = f"sqlite:///{folder / 'flood.db'}"
    env = {**os.environ, "STEWARD_DATABASE_URL": url}
    for command in (["migrate"], ["demo"]):
        subprocess.run([str(STEWARD), *command], env=env, check=True, capture_output=True)
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long the flood lasts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="steward-flood-") as folder:
        url = prepare(Path(folder))
        print(f"/healthz p50 while {LOOPS} loops send wrong passwords for {args.seconds:.0f} s")
        worst = 0.0
        for name, extra in (("default throttle", {}), ("throttle out of reach", UNTHROTTLED)):
            result = measure(url, extra, args.seconds, Path(folder) / f"{name}.log")
            ratio = result["flood_p50"] / result["idle_p50"]
            worst = max(worst, ratio)
            answers = ", ".join(f"{n} x {code}" for code, n in sorted(result["outcomes"].items()))
            print(
                f"  {name:<22} idle {result['idle_p50']:6.2f} ms   flood {result['flood_p50']:6.2f}"
                f" ms   ratio {ratio:4.2f}x   (sign-in answers: {answers})"
            )
        verdict = "within" if worst <= 2 else "NOT within"
        print(f"Goal: within 2x of idle: {verdict} ({worst:.2f}x at worst)")
    return 0 if worst <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
