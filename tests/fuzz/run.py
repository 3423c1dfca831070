"""`make fuzz`: schemathesis against every query and mutation, then the hostile corpus, timed.

    python -m tests.fuzz.run [--requests 10000] [--seed 1] [--backend sqlite|postgresql]

For each backend (SQLite, and PostgreSQL when STEWARD_TEST_POSTGRES_URL is set; the two fuzz
side by side in their own processes) it loads the demo organisation into a database of its own,
signs in as an administrator with a read-write token and sends schemathesis' documents
(tests/fuzz/driver.py) in rounds of fresh seeds until --requests were sent. It prints the
counts (requests, by status, user errors, server errors, INTERNAL) and the findings. Then, one
backend at a time, it times the app's answer to each request of the hostile corpus
(tests/hostile/corpus.py), in-process, slowest first, against the goal of 50 ms. It exits
non-zero on any server error or INTERNAL error, or when a hostile request is not refused as the
corpus says.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from starlette.testclient import TestClient

from server.app import create_app
from tests.fuzz.driver import Fuzzer, Tally
from tests.hostile.corpus import CORPUS, Hostile
from tests.support.clients import ApiClient, settings_for
from tests.support.databases import POSTGRES_ENV, PostgresFactory, SQLiteFactory, postgres_admin_url
from tests.support.pages import sign_in

GOAL_SECONDS = 0.05
PER_OPERATION = 25  # examples per operation and round; each round takes a new seed
TIMED_RUNS = 5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="requests per backend")
    parser.add_argument("--seed", type=int, default=1, help="the first round's seed")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), help="only this one")
    parser.add_argument("--part", choices=("fuzz", "refusals", "all"), default="all")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.backend is None:
        return every_backend(args)
    ok = True
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="steward-fuzz-")))
        url = demo_database(stack, args.backend, folder)
        timer = Timer(create_app(settings_for(url, folder)))
        client = stack.enter_context(
            TestClient(timer, follow_redirects=False, raise_server_exceptions=False)
        )
        if args.part in ("fuzz", "all"):
            tally = fuzz(client, url, args)
            print(f"[{args.backend}] {tally.report()}", flush=True)
            for finding in tally.findings:
                print(f"[{args.backend}] finding: {finding}", flush=True)
            ok = tally.server_errors == 0 and tally.internal == 0
        if args.part in ("refusals", "all"):
            ok = time_refusals(client, timer, url, args.backend) and ok
    return 0 if ok else 1


def every_backend(args: argparse.Namespace) -> int:
    """Fuzz each backend in its own process, side by side (a core each); then time the
    refusals one backend at a time, on a quiet machine."""
    backends = ["sqlite"] + (["postgresql"] if postgres_admin_url() else [])
    if len(backends) == 1:
        print(f"PostgreSQL skipped: set {POSTGRES_ENV} to fuzz it too", flush=True)
    command = [sys.executable, "-m", "tests.fuzz.run", "--requests", str(args.requests),
               "--seed", str(args.seed)]  # fmt: skip
    fuzzing = [
        subprocess.Popen([*command, "--backend", backend, "--part", "fuzz"]) for backend in backends
    ]
    codes = [process.wait() for process in fuzzing]
    for backend in backends:
        codes.append(subprocess.call([*command, "--backend", backend, "--part", "refusals"]))
    return max(codes)


class Timer:
    """ASGI wrapper that keeps how long the app took to answer the last request."""

    def __init__(self, app) -> None:
        self.app = app
        self.last = 0.0

    async def __call__(self, scope, receive, send) -> None:
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.last = time.perf_counter() - started


def demo_database(stack: ExitStack, backend: str, folder: Path) -> str:
    from tests.support.databases import TEMPLATES

    if backend == "sqlite":
        factory = SQLiteFactory(folder)
        return stack.enter_context(factory.database("demo", TEMPLATES["demo"], folder))
    admin = postgres_admin_url()
    if admin is None:
        raise SystemExit(f"set {POSTGRES_ENV} to fuzz PostgreSQL")
    factory = PostgresFactory(admin, f"fuzz_{time.time_ns()}")
    stack.callback(factory.close)
    return stack.enter_context(factory.database("demo", TEMPLATES["demo"]))


def fuzz(client: TestClient, url: str, args: argparse.Namespace) -> Tally:
    headers = {"authorization": f"Bearer {ApiClient(client, url).token('ada', 'read_write')}"}

    def post(body: dict) -> tuple[int, str]:
        response = client.post("/graphql", json=body, headers=headers)
        return response.status_code, response.text

    fuzzer = Fuzzer(post)
    tally = Tally()
    started = time.monotonic()
    round_seed = args.seed
    while tally.requests < args.requests:
        fuzzer.run(tally, per_operation=PER_OPERATION, seed_value=round_seed)
        rate = tally.requests / (time.monotonic() - started)
        print(f"[{args.backend}] seed {round_seed}: {tally.report()} ({rate:.0f}/s)", flush=True)
        round_seed += 1
    missing = {op.label for op in fuzzer.operations} - set(tally.by_operation)
    if missing:
        tally.findings.append(f"never sent: {', '.join(sorted(missing))}")
        tally.server_errors += len(missing)
    return tally


def time_refusals(client: TestClient, timer: Timer, url: str, backend: str) -> bool:
    """Each hostile request, sent as new TIMED_RUNS times (so no cache answers it): the app's
    time to answer, best (its cost; a busy machine adds to the median) and median, slowest
    first."""
    token = ApiClient(client, url).token("nora")
    assert sign_in(client, "nora").status_code == 303
    rows = []
    all_refused = True
    for hostile in CORPUS:
        times = []
        for run in range(TIMED_RUNS):
            request = _fresh(hostile, run).request()
            if not hostile.cookie:
                request["headers"]["authorization"] = f"Bearer {token}"
            response = client.request(**request)
            times.append(timer.last)
            refused = response.status_code == hostile.status and hostile.refusal in response.text
            all_refused = all_refused and refused
        rows.append((min(times), statistics.median(times), hostile.name, refused))
    rows.sort(reverse=True)
    print(f"[{backend}] hostile requests, the app's time to answer, best and median of "
          f"{TIMED_RUNS} (goal < 50 ms):", flush=True)  # fmt: skip
    for best, median, name, refused in rows:
        verdict = "refused" if refused else "NOT REFUSED AS EXPECTED"
        print(f"[{backend}]   {best * 1000:6.1f} ms {median * 1000:6.1f} ms  {name} ({verdict})",
              flush=True)  # fmt: skip
    best, median, name, _ = rows[0]
    mark = "within" if best < GOAL_SECONDS else "OVER"
    print(f"[{backend}] slowest refusal: {best * 1000:.1f} ms (median {median * 1000:.1f} ms, "
          f"{name}), {mark} the goal", flush=True)  # fmt: skip
    return all_refused


def _fresh(hostile: Hostile, run: int) -> Hostile:
    """The same request with a comment that makes its document new to the parser's cache."""
    if isinstance(hostile.body, dict) and isinstance(hostile.body.get("query"), str):
        body = {**hostile.body, "query": f"{hostile.body['query']} # run {run}"}
        return Hostile(hostile.name, body, cookie=hostile.cookie, status=hostile.status,
                       refusal=hostile.refusal)  # fmt: skip
    if hostile.get is not None:
        return Hostile(hostile.name, get=f"{hostile.get} # run {run}", cookie=hostile.cookie,
                       status=hostile.status, refusal=hostile.refusal)  # fmt: skip
    return hostile


if __name__ == "__main__":
    sys.exit(main())
