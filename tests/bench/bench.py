"""`make bench`: the GraphQL API against a hand-written SQL baseline, over HTTP, on PostgreSQL.

    python -m tests.bench.bench [--seconds 10] [--concurrency 1,8] [--fresh] [--profile report]

1. Loads `steward demo --scale bench` into a PostgreSQL database of its own (`steward_bench` on
   the server of STEWARD_BENCH_POSTGRES_URL, default postgres@127.0.0.1:5432), or reuses it
   when it already holds that data set.
2. Counts the SQL statements and the round trips (every wait for the database: BEGIN,
   ROLLBACK and the token check included, read from libpq's protocol trace) each document
   sends, with the app in this process.
3. Serves the app (`steward serve`) and the baseline (tests/bench/baseline.py) with uvicorn,
   each in its own process, and checks that both answer each operation with the same bytes,
   as a steering committee member and as a person who may not see the confidential plan.
4. Drives each operation over HTTP at each concurrency for a fixed time, on both servers.
   The servers' CPU time per request is read from /proc beside each latency: on a shared
   machine it is steadier than wall time.
5. Scale check (unless --no-scale): the report and the counts on the demo organisation at
   `--scale 100` and `--scale 1000` (databases of their own, loaded once), both served at once
   and measured in turns so that drift over minutes weighs on both alike; the page-sized
   report may take at most 1.2x as long on 10x the rows.
6. Drives the plan page (100 initiatives) and the initiative page beside the GraphQL time of
   their own documents (tests/bench/pages.py), unless --no-pages.
7. With --large 100 (or 10): the report, the initiative and both pages on the benchmark set a
   hundred (ten) times over, `steward demo --scale bench-x100` in a database of its own loaded
   once, each within 1.2x of its time at bench scale in the same run (tests/bench/large.py).
8. Imports 100,000 measurements from CSV (tests/bench/imports.py) against a 10 s target.
9. Prints requests, p50, p99, CPU per request, req/s, statements and round trips per request
   and GraphQL p50 / baseline p50, and writes the same as JSON (per operation and concurrency
   `p50_ms`, `p99_ms`, `cpu_ms`, `round_trips`, `ratio`; `scale` with both p50s and the ratio)
   to var/bench/results-<time>.json and var/bench/latest.json.

With `--profile OPERATION` it instead profiles that operation in this process (sampling) and
writes var/bench/profile-<operation>.txt.
"""

from __future__ import annotations

import argparse
import difflib
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import psycopg

from tests.bench import database as db
from tests.bench import imports, large
from tests.bench.baseline import DSN_ENV, STATEMENTS_HEADER, global_id
from tests.bench.load import PROJECT_ROOT, Call, Sample, Server, drive_server, free_port
from tests.bench.load import start_server as start
from tests.bench.pages import measure_pages, page_table, page_targets

HERE = Path(__file__).resolve().parent
OUTPUT = PROJECT_ROOT / "var" / "bench"
OPERATIONS = ("report", "initiative", "counts")
SIDES = ("graphql", "baseline")
# GraphQL p50 / baseline p50 at concurrency 1, on PostgreSQL; at any other concurrency no
# operation may be slower than BUSY_TARGET.
TARGETS = {"report": 1.5, "initiative": 1.5, "counts": 1.3}
TARGET_CONCURRENCY = 1
BUSY_TARGET = 1.5
# Round trips to the database per API request, the token check included.
MAX_ROUND_TRIPS = 2
# The same page-sized report on the demo organisation at two scales (10x the rows): the larger
# may take at most SCALE_TARGET times as long.
SCALES = (100, 1000)
SCALE_TARGET = 1.2
# Turns each scale takes in the measured time (see scale_check).
SCALE_TURNS = 4


_STARTED = time.monotonic()


def say(message: str) -> None:
    """A progress line, stamped with the time since the start."""
    print(f"[{time.monotonic() - _STARTED:6.1f}s] {message}", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.bench",
        description="Benchmark the GraphQL API against a hand-written SQL baseline.",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per run")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured time per run")
    parser.add_argument(
        "--concurrency",
        default="1,8",
        help="comma-separated numbers of concurrent clients (default 1,8)",
    )
    parser.add_argument(
        "--operations",
        default=",".join(OPERATIONS),
        help=f"comma-separated subset of {', '.join(OPERATIONS)}",
    )
    parser.add_argument("--database", default=db.DEFAULT_DATABASE, help="database name")
    parser.add_argument("--fresh", action="store_true", help="drop and reload the database")
    parser.add_argument(
        "--profile",
        choices=OPERATIONS,
        help="profile this operation in-process (sampling) instead of the HTTP runs",
    )
    parser.add_argument("--profile-requests", type=int, default=20)
    parser.add_argument(
        "--no-scale",
        dest="scale",
        action="store_false",
        help=f"skip the scale check (the demo at `--scale {SCALES[0]}` and `{SCALES[1]}`)",
    )
    parser.add_argument(
        "--no-pages",
        dest="pages",
        action="store_false",
        help="skip the web pages (plan page with 100 initiatives, initiative page)",
    )
    parser.add_argument(
        "--large",
        type=int,
        choices=large.MULTIPLES,
        help="also run the report, the initiative and the pages on the benchmark set this many "
        "times over (100: a million initiatives, 36 million measurements; loaded once, in "
        "about ten minutes)",
    )
    args = parser.parse_args(argv)
    try:
        args.concurrency = [int(n) for n in args.concurrency.split(",") if n.strip()]
    except ValueError:
        parser.error("--concurrency takes whole numbers, e.g. 1,8")
    if not args.concurrency or min(args.concurrency) < 1:
        parser.error("--concurrency takes whole numbers above 0, e.g. 1,8")
    args.operations = [name.strip() for name in args.operations.split(",") if name.strip()]
    unknown = set(args.operations) - set(OPERATIONS)
    if unknown or not args.operations:
        parser.error(f"--operations takes some of {', '.join(OPERATIONS)}")
    if args.seconds <= 0 or args.warmup < 0:
        parser.error("--seconds must be above 0 and --warmup not negative")
    return args


@dataclass(frozen=True)
class Operation:
    name: str
    variables: dict[str, Any]
    body: bytes  # the /graphql request; the baseline takes the same body


def operations(names: list[str], initiative_pk: int) -> list[Operation]:
    found = []
    for name in names:
        query = (HERE / f"{name}.graphql").read_text()
        variables = {"id": global_id("Initiative", initiative_pk)} if name == "initiative" else {}
        body = orjson.dumps({"query": query, "variables": variables})
        found.append(Operation(name, variables, body))
    return found


def headers(token: str) -> dict[str, str]:
    """The API requests of both sides; uncompressed, as the baseline never compresses."""
    return {
        "authorization": f"Bearer {token}",
        "content-type": "application/json",
        "accept-encoding": "identity",
    }


def url(server: Server, side: str, operation: Operation) -> str:
    path = "/graphql" if side == "graphql" else f"/{operation.name}"
    return server.base_url + path


# -- the check: byte-identical answers -------------------------------------------------------------


def pretty(body: bytes) -> list[str]:
    try:
        return orjson.dumps(orjson.loads(body), option=orjson.OPT_INDENT_2).decode().splitlines()
    except orjson.JSONDecodeError:
        return body.decode(errors="replace").splitlines()


def mismatch(
    operation: str,
    viewer: str,
    graphql: bytes,
    other: bytes,
    names: tuple[str, str] = ("graphql", "baseline"),
) -> None:
    """Save both answers, print the start of their diff, and stop the run."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, body in zip(names, (graphql, other), strict=True):
        path = OUTPUT / f"mismatch-{operation}-{viewer}-{name}.json"
        path.write_bytes(body)
        saved.append(str(path.relative_to(PROJECT_ROOT)))
    diff = list(difflib.unified_diff(pretty(graphql), pretty(other), *names, lineterm="", n=3))
    print(f"\nMISMATCH: {operation} as {viewer}: {names[1]} answers differently from {names[0]}.")
    print(f"Sizes: {names[0]} {len(graphql)} bytes, {names[1]} {len(other)} bytes.")
    print("\n".join(diff[:80]))
    if len(diff) > 80:
        print(f"... {len(diff) - 80} more diff lines")
    print(f"Both answers are saved: {', '.join(saved)}")
    raise SystemExit(1)


def check(servers: dict[str, Server], ops: list[Operation], tokens: dict[str, str]) -> dict:
    """Each operation's answer, the same from both servers; the baseline's statement counts."""
    expected: dict[str, bytes] = {}
    baseline_statements: dict[str, int] = {}
    with httpx.Client(timeout=600) as client:
        for operation in ops:
            for viewer, token in tokens.items():
                answers = {}
                for side in SIDES:
                    response = None
                    for _ in range(2):  # the second answer counts: caches and token are warm
                        response = client.post(
                            url(servers[side], side, operation),
                            content=operation.body,
                            headers=headers(token),
                        )
                    if response.status_code != 200 or "errors" in orjson.loads(response.content):
                        print(f"\n{side} answered {operation.name} as {viewer} with an error:")
                        print(f"HTTP {response.status_code}: {response.content[:2000]!r}")
                        raise SystemExit(1)
                    answers[side] = response.content
                    if side == "baseline" and viewer == "steering":
                        baseline_statements[operation.name] = int(
                            response.headers[STATEMENTS_HEADER]
                        )
                if answers["graphql"] != answers["baseline"]:
                    mismatch(operation.name, viewer, answers["graphql"], answers["baseline"])
                if viewer == "steering":
                    expected[operation.name] = answers["graphql"]
            say(f"  {operation.name}: identical answers ({len(expected[operation.name])} bytes)")
    return {"expected": expected, "baseline_statements": baseline_statements}


# -- output ----------------------------------------------------------------------------------------


def table(results: list[dict]) -> str:
    lines = [
        f"{'operation':<11}{'conc':>5}  {'side':<9}{'requests':>9}{'p50 ms':>10}{'p99 ms':>10}"
        f"{'CPU ms':>9}{'req/s':>9}{'SQL':>5}{'trips':>6}{'p50 ratio':>11}"
    ]
    for result in results:
        for side in SIDES:
            figures = result[side]
            ratio = f"{result['ratio']:.2f}x" if side == "graphql" else ""
            first = side == "graphql"
            lines.append(
                f"{result['operation'] if first else '':<11}"
                f"{result['concurrency'] if first else '':>5}  {side:<9}"
                f"{figures['requests']:>9}{figures['p50_ms']:>10.2f}{figures['p99_ms']:>10.2f}"
                f"{figures['cpu_ms']:>9.2f}{figures['req_per_s']:>9.2f}"
                f"{figures['statements']:>5}{figures['round_trips']:>6}{ratio:>11}"
            )
    return "\n".join(lines)


def targets(results: list[dict]) -> list[dict]:
    """Each operation's ratio at concurrency 1 against its own limit, at any other
    concurrency against BUSY_TARGET, and its round trips against MAX_ROUND_TRIPS."""
    checked = []
    for result in results:
        name, concurrency = result["operation"], result["concurrency"]
        limit = TARGETS.get(name) if concurrency == TARGET_CONCURRENCY else BUSY_TARGET
        if limit is None:
            continue
        checked.append(
            {
                "operation": name,
                "concurrency": concurrency,
                "max_ratio": limit,
                "ratio": result["ratio"],
                "pass": result["ratio"] <= limit,
            }
        )
        if concurrency == TARGET_CONCURRENCY:
            trips = result["graphql"]["round_trips"]
            checked.append(
                {
                    "operation": name,
                    "round_trips": trips,
                    "max_round_trips": MAX_ROUND_TRIPS,
                    "pass": trips <= MAX_ROUND_TRIPS,
                }
            )
    return checked


def target_lines(checked: list[dict]) -> list[str]:
    lines = []
    for target in checked:
        verdict = "PASS" if target["pass"] else "MISS"
        if "round_trips" in target:
            lines.append(
                f"  {target['operation']:<11} {target['round_trips']:>6} round trips "
                f"(target <= {target['max_round_trips']})  {verdict}"
            )
        else:
            lines.append(
                f"  {target['operation']:<11} c={target['concurrency']:<3} "
                f"{target['ratio']:6.2f}x  (target <= {target['max_ratio']:.1f}x)  {verdict}"
            )
    return lines


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip() or None


def server_version(dsn: str) -> str:
    with psycopg.connect(dsn) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def write_json(report: dict, started: datetime) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    data = orjson.dumps(report, option=orjson.OPT_INDENT_2)
    path = OUTPUT / f"results-{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_bytes(data)
    (OUTPUT / "latest.json").write_bytes(data)
    return path


# -- the run ---------------------------------------------------------------------------------------


def start_servers(database: db.BenchDatabase, label: str = "") -> dict[str, Server]:
    """The app and the baseline on `database`; `label` tells their logs apart from another
    pair's running at the same time."""
    servers: dict[str, Server] = {}
    graphql_port, baseline_port = free_port(), free_port()
    try:
        servers["graphql"] = start(
            "graphql",
            [str(db.STEWARD), "serve", "--port", str(graphql_port)],
            {
                "STEWARD_DATABASE_URL": database.url,
                "STEWARD_SECRET_KEY": "bench-secret-key",
                "STEWARD_REMINDERS": "off",  # only the requests measured write
            },
            graphql_port,
            OUTPUT / f"graphql-server{label}.log",
        )
        servers["baseline"] = start(
            "baseline",
            [sys.executable, "-m", "tests.bench.baseline", "--port", str(baseline_port)],
            {DSN_ENV: database.dsn},
            baseline_port,
            OUTPUT / f"baseline-server{label}.log",
        )
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return servers


def measure(
    servers: dict[str, Server],
    ops: list[Operation],
    token: str,
    expected: dict[str, bytes],
    args: argparse.Namespace,
) -> dict[tuple[str, int, str], Sample]:
    samples: dict[tuple[str, int, str], Sample] = {}
    for operation in ops:
        for concurrency in args.concurrency:
            for side in SIDES:
                call = Call(
                    url(servers[side], side, operation),
                    operation.body,
                    headers(token),
                    expected[operation.name],
                )
                sample = drive_server(servers[side], call, concurrency, args.seconds, args.warmup)
                if sample.failures or not sample.latencies:
                    print(f"\n{side} failed under load on {operation.name} (c={concurrency}):")
                    print(sample.failures[0] if sample.failures else "no request completed")
                    print(servers[side].log_tail())
                    raise SystemExit(1)
                figures = sample.summary()
                say(
                    f"  {operation.name:<11} c={concurrency:<3} {side:<9} "
                    f"{figures['requests']:>6} requests  p50 {figures['p50_ms']:8.2f} ms  "
                    f"p99 {figures['p99_ms']:8.2f} ms  {figures['req_per_s']:8.2f} req/s  "
                    f"CPU {figures['cpu_ms']:6.2f} ms/req"
                )
                samples[(operation.name, concurrency, side)] = sample
    return samples


def bench_figures(
    samples: dict[tuple[str, int, str], Sample], page_results: list[dict]
) -> dict[str, dict[str, float]]:
    """The c=1 p50s at bench scale that the large run compares against."""
    figures: dict[str, dict[str, float]] = {}
    for (name, concurrency, side), sample in samples.items():
        if concurrency == 1:
            figures.setdefault(name, {})[side] = sample.summary()["p50_ms"]
    for page in page_results:
        if page["concurrency"] == 1:
            figures[page["name"]] = {"page": page["page"]["p50_ms"]}
    missing = {"report", "initiative", "plan page", "initiative page"} - set(figures)
    if missing:
        raise SystemExit(
            "--large compares with this run's figures at concurrency 1 for "
            f"{', '.join(sorted(missing))}: run with the report, the initiative, the pages "
            "and concurrency 1"
        )
    return figures


def scale_check(args: argparse.Namespace) -> dict:
    """The report and the counts on the demo organisation at two scales, c=1, both sides: the
    page-sized report must not slow down with the rows it does not return; the counts may grow
    with the rows they count, but no faster than the baseline's.

    Both scales are served at once and measured in turns (small, large, large, small, ...), so
    a machine that speeds up or slows down over the minutes of the check weighs on both scales
    alike instead of showing as growth."""
    ops = operations(["report", "counts"], 0)
    servers: dict[int, dict[str, Server]] = {}
    tokens: dict[int, str] = {}
    expected: dict[int, dict[str, bytes]] = {}
    try:
        for scale in SCALES:
            database = db.prepare_scale(scale, log=say)
            tokens[scale] = db.create_token(database, db.STEERING_COMMITTEE)
            servers[scale] = start_servers(database, label=f"-scale{scale}")
            expected[scale] = check(servers[scale], ops, {"steering": tokens[scale]})["expected"]
        found: dict[int, dict[str, dict[str, dict[str, Any]]]] = {scale: {} for scale in SCALES}
        for operation in ops:
            parts: dict[tuple[int, str], list[Sample]] = {}
            for turn in range(SCALE_TURNS):
                order = SCALES if turn % 2 == 0 else SCALES[::-1]
                for scale in order:
                    for side in SIDES:
                        server = servers[scale][side]
                        call = Call(
                            url(server, side, operation),
                            operation.body,
                            headers(tokens[scale]),
                            expected[scale][operation.name],
                        )
                        warmup = args.warmup if turn == 0 else min(args.warmup, 0.5)
                        sample = drive_server(server, call, 1, args.seconds / SCALE_TURNS, warmup)
                        if sample.failures or not sample.latencies:
                            print(sample.failures[0] if sample.failures else "no request completed")
                            raise SystemExit(1)
                        parts.setdefault((scale, side), []).append(sample)
            for (scale, side), samples in parts.items():
                figures = Sample.merged(samples).summary()
                found[scale].setdefault(operation.name, {})[side] = figures
                say(
                    f"  scale {scale:<5} {operation.name:<7} {side:<9} "
                    f"p50 {figures['p50_ms']:8.2f} ms  CPU {figures['cpu_ms']:6.2f} ms/req"
                )
    finally:
        for by_side in servers.values():
            for server in by_side.values():
                server.stop()
    small, large = SCALES
    result: dict[str, Any] = {"scales": list(SCALES), "max_ratio": SCALE_TARGET}
    for name in ("report", "counts"):
        entry: dict[str, Any] = {}
        for side in SIDES:
            before = found[small][name][side]["p50_ms"]
            after = found[large][name][side]["p50_ms"]
            entry[side] = {
                f"p50_ms_scale{small}": before,
                f"p50_ms_scale{large}": after,
                "ratio": round(after / before, 2),
            }
        if name == "report":
            entry["pass"] = entry["graphql"]["ratio"] <= SCALE_TARGET
        else:  # growing with the rows counted, but not faster than the baseline (10% noise)
            entry["pass"] = entry["graphql"]["ratio"] <= entry["baseline"]["ratio"] * 1.1
        result[name] = entry
    return result


def scale_lines(scale: dict) -> str:
    small, large = scale["scales"]
    lines = []
    for name in ("report", "counts"):
        entry = scale[name]
        limit = (
            f"target <= {scale['max_ratio']:.1f}x"
            if name == "report"
            else "target: no faster growth than the baseline's"
        )
        figures = "   ".join(
            f"{side} {entry[side][f'p50_ms_scale{small}']:.2f} -> "
            f"{entry[side][f'p50_ms_scale{large}']:.2f} ms ({entry[side]['ratio']:.2f}x)"
            for side in SIDES
        )
        verdict = "PASS" if entry["pass"] else "MISS"
        lines.append(f"  {name:<8} {figures}   ({limit})  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = datetime.now(UTC)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    from tests.bench.inprocess import count_statements, profile

    database = db.prepare(args.database, fresh=args.fresh, log=say)
    subject = db.pick_initiative(database)
    note = (
        ""
        if subject.children
        else " (no initiative in the bench data has children: `children` is empty, `parent` null)"
    )
    say(
        f"Initiative {subject.pk} ({global_id('Initiative', subject.pk)}): {subject.children} "
        f"children, {subject.metrics} metrics, {subject.measurements} measurements{note}."
    )
    ops = operations(args.operations, subject.pk)
    steering = db.create_token(database, db.STEERING_COMMITTEE)
    say(f"Created an API token for {db.STEERING_COMMITTEE} (steering committee).")

    if args.profile:
        body = next(op.body for op in operations([args.profile], subject.pk))
        text = profile(database.url, OUTPUT, steering, body, args.profile_requests)
        path = OUTPUT / f"profile-{args.profile}.txt"
        path.write_text(text)
        print(text[: text.find("\nBy function, including")])
        print(f"Full profile: {path.relative_to(PROJECT_ROOT)}")
        return 0

    tokens = {
        "steering": steering,
        "no-confidential": db.create_token(database, db.NO_CONFIDENTIAL),
    }
    say(f"Created an API token for {db.NO_CONFIDENTIAL} (no access to the confidential plan).")
    say("Counting SQL statements per request (the app in this process) ...")
    counted = count_statements(database.url, OUTPUT, steering, {op.name: op.body for op in ops})
    say("Starting the servers ...")
    servers = start_servers(database)
    try:
        say("Checking that both answer with the same bytes ...")
        checked = check(servers, ops, tokens)
        for operation in ops:
            if counted[operation.name].body != checked["expected"][operation.name]:
                mismatch(
                    operation.name,
                    "steering",
                    counted[operation.name].body,
                    checked["expected"][operation.name],
                    ("graphql-in-process", "graphql-over-http"),
                )
        say(
            f"Measuring: {args.seconds:g} s per run after {args.warmup:g} s of warm-up, "
            f"concurrency {', '.join(map(str, args.concurrency))} ..."
        )
        samples = measure(servers, ops, steering, checked["expected"], args)
        page_results = []
        if args.pages:
            say("Measuring the pages beside their documents' GraphQL time ...")
            page_results = measure_pages(
                servers["graphql"],
                database,
                subject.pk,
                args.concurrency,
                args.seconds,
                args.warmup,
                say,
            )
    finally:
        for server in servers.values():
            server.stop()

    large_result = None
    if args.large:
        say(f"Large run: the benchmark set {args.large} times over (bench-x{args.large}) ...")
        large_result = large.run(
            args.large,
            subject.pk,
            database,
            bench_figures(samples, page_results),
            args.seconds,
            args.warmup,
            say,
        )

    scale = None
    if args.scale:
        say(f"Scale check: the demo organisation at `--scale {SCALES[0]}` and `{SCALES[1]}` ...")
        scale = scale_check(args)

    results = []
    for operation in ops:
        for concurrency in args.concurrency:
            entry: dict[str, Any] = {"operation": operation.name, "concurrency": concurrency}
            for side in SIDES:
                figures = samples[(operation.name, concurrency, side)].summary()
                if side == "graphql":
                    figures["statements"] = counted[operation.name].statements
                    figures["round_trips"] = counted[operation.name].round_trips
                else:  # autocommit, one round trip per statement
                    figures["statements"] = checked["baseline_statements"][operation.name]
                    figures["round_trips"] = figures["statements"]
                entry[side] = figures
            entry["p50_ms"] = entry["graphql"]["p50_ms"]
            entry["p99_ms"] = entry["graphql"]["p99_ms"]
            entry["cpu_ms"] = entry["graphql"]["cpu_ms"]
            entry["round_trips"] = entry["graphql"]["round_trips"]
            entry["ratio"] = round(entry["graphql"]["p50_ms"] / entry["baseline"]["p50_ms"], 2)
            entry["response_bytes"] = len(checked["expected"][operation.name])
            results.append(entry)
    checked_targets = targets(results)
    imported = imports.run(database.url, say)
    version = server_version(database.dsn)

    print()
    print(
        f"PostgreSQL {version}, database {database.name}; {args.seconds:g} s per run; "
        f"GraphQL = `steward serve`, baseline = hand-written SQL (tests/bench/baseline.py)"
    )
    print(table(results))
    if any(result[side]["requests"] < 100 for result in results for side in SIDES):
        print("(p99 is the nearest-rank percentile: with under 100 requests, the slowest one)")
    print("\nTargets (GraphQL p50 / baseline p50; round trips per request, token included):")
    print("\n".join(target_lines(checked_targets)))
    if scale is not None:
        print(f"\nScale: the report at `--scale {SCALES[0]}` and `--scale {SCALES[1]}` (c=1 p50):")
        print(scale_lines(scale))
    print("\nImporting measurements from CSV (tests/bench/imports.py), file text to commit:")
    print(imports.line(imported))

    if large_result is not None:
        print(
            f"\nThe benchmark set {large_result['multiple']} times over against bench scale "
            "(c=1 p50, same run):"
        )
        print(large.lines(large_result))

    checked_page_targets = page_targets(page_results, TARGET_CONCURRENCY)
    if page_results:
        print("\nPages beside the GraphQL time of their own documents (same server, same person):")
        print(page_table(page_results))
        print(
            f"\nPage targets at concurrency {TARGET_CONCURRENCY} (page p50 / document p50; "
            "round trips per page):"
        )
        for target in checked_page_targets:
            verdict = "PASS" if target["pass"] else "MISS"
            print(
                f"  {target['page']:<16} {target['ratio']:6.2f}x  "
                f"(target <= {target['max_ratio']:.1f}x), {target['round_trips']} round trips "
                f"(target <= {target['max_round_trips']})  {verdict}"
            )

    report = {
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "commit": git_commit(),
        "python": platform.python_version(),
        "postgresql": version,
        "database": database.name,
        "seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "concurrency": args.concurrency,
        "viewer": db.STEERING_COMMITTEE,
        "initiative": {
            "id": global_id("Initiative", subject.pk),
            "pk": subject.pk,
            "children": subject.children,
            "metrics": subject.metrics,
            "measurements": subject.measurements,
        },
        "graphql_sql_ms_in_process": {  # cursor execute to rows fetched, summed
            name: round(item.db_seconds * 1000, 2) for name, item in counted.items()
        },
        "results": results,
        "targets": checked_targets,
        "scale": scale,
        "pages": page_results,
        "page_targets": checked_page_targets,
        "import_100k": imported,
        "large": large_result,
    }
    path = write_json(report, started)
    print(f"\nResults: {path.relative_to(PROJECT_ROOT)} (and var/bench/latest.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
