"""The large run (`make bench BENCH_ARGS='--large 100'`): the benchmark set a hundred (or ten)
times over, against the figures of the same run at bench scale.

`steward demo --scale bench-x100` holds 1,000,000 initiatives, 3,000,000 metrics and
36,000,000 measurements. It is loaded once into a database of its own (`steward_bench_x100`,
about ten minutes) and reused while it holds that many initiatives. On it the page-sized
report, the initiative and the two pages are driven at concurrency 1; each must answer within
LARGE_TARGET of its time at bench scale. A figure that counts every row (a total, a count by
status) may grow with the rows it counts, but no faster than the hand-written baseline's: the
plan page shows its plan's initiatives by status and its totals of initiatives and metrics, so
it may also take what those counts, written by hand, grow by (PLAN_PAGE_COUNTS, COUNT_GROWTH).
"""

from __future__ import annotations

from statistics import median
from time import perf_counter
from typing import Any

import psycopg

from tests.bench import database as db
from tests.bench.load import Call, Server, drive_server
from tests.bench.pages import busiest_plan, measure_pages

LARGE_TARGET = 1.2
COUNT_GROWTH = 1.1  # the page's counts may grow as much as the hand-written ones, and 10% more
MULTIPLES = (10, 100)
# What the plan page counts, written by hand: its initiatives by status and in all, its metrics.
PLAN_PAGE_COUNTS = (
    "SELECT status, count(*) FROM initiatives WHERE plan_id = %(plan)s GROUP BY status",
    "SELECT count(*) FROM initiatives WHERE plan_id = %(plan)s",
    "SELECT count(*) FROM metrics WHERE plan_id = %(plan)s",
)


def count_time(database: db.BenchDatabase, runs: int = 15) -> float:
    """The median milliseconds the plan page's counts take written by hand (PLAN_PAGE_COUNTS),
    on the plan the page measures."""
    plan = busiest_plan(database)
    times = []
    with psycopg.connect(database.dsn, autocommit=True) as connection:
        # Serial, as the app's statements run: starting parallel workers costs more than they
        # save on a small machine, and would flatter the allowance.
        connection.execute("SET max_parallel_workers_per_gather = 0")
        for n in range(runs + 2):
            started = perf_counter()
            for statement in PLAN_PAGE_COUNTS:
                connection.execute(statement, {"plan": plan}, prepare=True).fetchall()
            if n >= 2:  # the first two warm the caches
                times.append((perf_counter() - started) * 1000)
    return median(times)


def prepare(multiple: int, log) -> db.BenchDatabase:
    """The database holding `steward demo --scale bench-x<multiple>`, loaded once."""
    return db.prepare_multiple(multiple, log=log)


def run(
    multiple: int,
    subject_pk: int,
    small_database: db.BenchDatabase,
    small: dict[str, Any],
    seconds: float,
    warmup: float,
    say,
) -> dict[str, Any]:
    """Drive the report, the initiative and the pages on the large set, c=1, and compare each
    with `small` (the same figures at bench scale, from this run): {name: {side: p50_ms}}."""
    from tests.bench.bench import check, headers, operations, start_servers, url

    database = prepare(multiple, say)
    token = db.create_token(database, db.STEERING_COMMITTEE)
    ops = operations(["report", "initiative"], subject_pk)
    servers: dict[str, Server] = start_servers(database)
    large: dict[str, dict[str, float]] = {}
    try:
        expected = check(servers, ops, {"steering": token})["expected"]
        for operation in ops:
            large[operation.name] = {}
            for side in ("graphql", "baseline"):
                server = servers[side]
                call = Call(
                    url(server, side, operation),
                    operation.body,
                    headers(token),
                    expected[operation.name],
                )
                sample = drive_server(server, call, 1, seconds, warmup)
                if sample.failures or not sample.latencies:
                    raise SystemExit(
                        f"{operation.name} on bench-x{multiple} failed: "
                        f"{sample.failures[0] if sample.failures else 'no request completed'}"
                    )
                figures = sample.summary()
                large[operation.name][side] = figures["p50_ms"]
                say(
                    f"  x{multiple:<4} {operation.name:<16} {side:<9} "
                    f"p50 {figures['p50_ms']:8.2f} ms  CPU {figures['cpu_ms']:6.2f} ms/req"
                )
        for page in measure_pages(
            servers["graphql"], database, subject_pk, [1], seconds, warmup, say
        ):
            large[page["name"]] = {"page": page["page"]["p50_ms"]}
    finally:
        for server in servers.values():
            server.stop()
    counts = {"bench": count_time(small_database), "large": count_time(database)}
    say(
        f"  the plan page's counts by hand: {counts['bench']:.2f} ms at bench scale, "
        f"{counts['large']:.2f} ms x{multiple}"
    )
    return compare(multiple, small, large, counts)


def compare(
    multiple: int,
    small: dict[str, dict[str, float]],
    large: dict[str, dict[str, float]],
    counts: dict[str, float],
) -> dict[str, Any]:
    """Each figure's ratio, large over small, and whether it keeps within LARGE_TARGET; the
    plan page may also take the time its counts grow by, written by hand (COUNT_GROWTH)."""
    growth = max(0.0, counts["large"] - counts["bench"])
    result: dict[str, Any] = {
        "multiple": multiple,
        "max_ratio": LARGE_TARGET,
        "plan_page_counts_ms": {**counts, "growth": round(growth, 2)},
        "figures": {},
    }
    for name, sides in large.items():
        entry: dict[str, Any] = {}
        for side, after in sides.items():
            before = small[name][side]
            entry[side] = {"p50_ms_bench": before, "p50_ms_large": after}
            entry[side]["ratio"] = round(after / before, 2)
        first = "page" if "page" in entry else "graphql"
        allowed = LARGE_TARGET * entry[first]["p50_ms_bench"]
        if name == "plan page":
            allowed += COUNT_GROWTH * growth
        entry["allowed_ms"] = round(allowed, 2)
        entry["pass"] = entry[first]["p50_ms_large"] <= allowed
        result["figures"][name] = entry
    return result


def lines(result: dict[str, Any]) -> str:
    out = []
    for name, entry in result["figures"].items():
        figures = "   ".join(
            f"{side} {entry[side]['p50_ms_bench']:.2f} -> {entry[side]['p50_ms_large']:.2f} ms "
            f"({entry[side]['ratio']:.2f}x)"
            for side in ("graphql", "baseline", "page")
            if side in entry
        )
        verdict = "PASS" if entry["pass"] else "MISS"
        limit = f"<= {result['max_ratio']:.1f}x"
        if name == "plan page":
            limit += f" + {COUNT_GROWTH:.1f} x the counts' growth by hand"
        out.append(
            f"  {name:<16} {figures}   (target {limit}: {entry['allowed_ms']:.2f} ms)  {verdict}"
        )
    counts = result["plan_page_counts_ms"]
    out.append(
        f"  (the plan page's counts by hand: {counts['bench']:.2f} -> {counts['large']:.2f} ms)"
    )
    return "\n".join(out)
