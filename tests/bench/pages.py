"""The web pages beside the GraphQL time of their own documents.

A page runs its document in-process through the schema and renders the answer with Jinja; the
question is what the page adds on top of the document. Each page is fetched once to read its
"this page's query" link, which holds exactly the document and variables the page ran; that
pair is then posted to /graphql. Both are driven for the same time at each concurrency, as the
same person with the same rights: the page with a session cookie, the document with a
read-write API token. (With a read token the document would answer less than the page shows:
no moves the person may make, nothing they may edit.)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import psycopg

from tests.bench import database as db
from tests.bench.baseline import global_id
from tests.bench.load import PROJECT_ROOT, Call, Sample, Server, drive, run

OUTPUT = PROJECT_ROOT / "var" / "bench"

# Page p50 / its document's GraphQL p50 at concurrency 1, and round trips per page (the
# session's viewer and the document, bookkeeping included).
TARGET = 1.5
MAX_ROUND_TRIPS = 3
PLAN_PAGE_ROWS = 100
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_QUERY_LINK = re.compile(r'<a href="(/graphql\?[^"]+)"[^>]*class="page-query"')


@dataclass(frozen=True)
class Page:
    name: str
    path: str


def pages(database: db.BenchDatabase, initiative_pk: int) -> list[Page]:
    """The plan page with 100 initiatives (of the visible plan with most of them) and the
    initiative page of the API benchmark's initiative."""
    plan_pk = busiest_plan(database)
    return [
        Page("plan page", f"/plans/{global_id('Plan', plan_pk)}?per={PLAN_PAGE_ROWS}"),
        Page("initiative page", f"/initiatives/{global_id('Initiative', initiative_pk)}"),
    ]


def busiest_plan(database: db.BenchDatabase) -> int:
    """The visible plan with the most initiatives: the plan page measured."""
    with psycopg.connect(database.dsn, autocommit=True) as connection:
        row = connection.execute(
            "SELECT p.id FROM plans AS p JOIN initiatives AS i ON i.plan_id = p.id "
            "WHERE NOT p.confidential GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1"
        ).fetchone()
    assert row is not None
    return int(row[0])


def signed_in_cookies(server: Server, email: str, password: str) -> httpx.Cookies:
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        form = client.get("/sign-in")
        token = _CSRF.search(form.text)
        if token is None:
            raise SystemExit("the sign-in page has no CSRF token")
        answer = client.post(
            "/sign-in",
            data={"email": email, "password": password, "csrf_token": token[1], "next": "/"},
        )
        if answer.status_code != 303:
            raise SystemExit(f"signing in as {email} failed: HTTP {answer.status_code}")
        return client.cookies


# Each page masks its CSRF token afresh (server/web/core/csrf.py): compared without them.
_TOKENS = re.compile(rb'(name="csrf_token" value="|"X-CSRF-Token": ")[A-Za-z0-9_-]+')


def without_tokens(page: bytes) -> bytes:
    return _TOKENS.sub(rb"\1-", page)


def page_calls(server: Server, page: Page, cookies: httpx.Cookies, token: str) -> tuple[Call, Call]:
    """The page's GET and its document's POST, each with the answer it must give every time."""
    cookie_header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    # A page and its document are compared as a browser fetches them: compressed.
    page_headers = {"cookie": cookie_header, "accept-encoding": "gzip"}
    with httpx.Client(base_url=server.base_url, timeout=600) as client:
        for _ in range(2):  # the second answer counts: caches are warm
            shown = client.get(page.path, headers=page_headers)
        if shown.status_code != 200:
            raise SystemExit(f"{page.name} answered HTTP {shown.status_code}")
        link = _QUERY_LINK.search(shown.text)
        if link is None:
            raise SystemExit(f"{page.name} has no link to its query")
        params = parse_qs(urlsplit(html.unescape(link[1])).query)
        variables = orjson.loads(params["variables"][0]) if "variables" in params else {}
        body = orjson.dumps({"query": params["query"][0], "variables": variables})
        api_headers = {
            "authorization": f"Bearer {token}",
            "content-type": "application/json",
            "accept-encoding": "gzip",
        }
        answer = client.post("/graphql", content=body, headers=api_headers)
        if answer.status_code != 200 or "errors" in orjson.loads(answer.content):
            raise SystemExit(f"{page.name}'s document failed: {answer.content[:500]!r}")
    get = Call(
        server.base_url + page.path,
        b"",
        page_headers,
        without_tokens(shown.content),
        method="GET",
        compared=without_tokens,
    )
    post = Call(server.base_url + "/graphql", body, api_headers, answer.content)
    return get, post


def measure_pages(
    server: Server,
    database: db.BenchDatabase,
    initiative_pk: int,
    concurrencies: list[int],
    seconds: float,
    warmup: float,
    say,
) -> list[dict]:
    from tests.bench.inprocess import count_page_round_trips

    cookies = signed_in_cookies(server, db.STEERING_COMMITTEE, db.DEMO_PASSWORD)
    token = db.create_token(database, db.STEERING_COMMITTEE, scope="read-write")
    chosen = pages(database, initiative_pk)
    trips = count_page_round_trips(
        database.url,
        OUTPUT,
        [page.path for page in chosen],
        db.STEERING_COMMITTEE,
        db.DEMO_PASSWORD,
    )
    results = []
    for page in chosen:
        get, post = page_calls(server, page, cookies, token)
        for concurrency in concurrencies:
            figures = {}
            for side, call in (("page", get), ("document", post)):
                sample: Sample = run(drive(call, concurrency, seconds, warmup))
                if sample.failures or not sample.latencies:
                    raise SystemExit(
                        f"{page.name} ({side}, c={concurrency}) failed under load: "
                        f"{sample.failures[0] if sample.failures else 'no request completed'}"
                    )
                figures[side] = sample.summary()
                say(
                    f"  {page.name:<16} c={concurrency:<3} {side:<9} "
                    f"{figures[side]['requests']:>6} requests  "
                    f"p50 {figures[side]['p50_ms']:8.2f} ms  p99 {figures[side]['p99_ms']:8.2f} ms"
                )
            ratio = figures["page"]["p50_ms"] / figures["document"]["p50_ms"]
            results.append(
                {
                    "name": page.name,
                    "path": page.path,
                    "concurrency": concurrency,
                    "page_bytes": len(get.expected),
                    **figures,
                    "round_trips": trips[page.path],
                    "ratio_p50": round(ratio, 2),
                }
            )
    return results


def page_table(results: list[dict]) -> str:
    lines = [
        f"{'page':<17}{'conc':>5}  {'page p50 / p99 ms':>20}  {'document p50 / p99 ms':>24}"
        f"{'ratio':>8}{'trips':>7}"
    ]
    for result in results:
        page, document = result["page"], result["document"]
        lines.append(
            f"{result['name']:<17}{result['concurrency']:>5}  "
            f"{page['p50_ms']:>9.2f} / {page['p99_ms']:>8.2f}  "
            f"{document['p50_ms']:>12.2f} / {document['p99_ms']:>9.2f}"
            f"{result['ratio_p50']:>7.2f}x{result['round_trips']:>7}"
        )
    return "\n".join(lines)


def page_targets(results: list[dict], concurrency: int) -> list[dict]:
    return [
        {
            "page": result["name"],
            "concurrency": concurrency,
            "max_ratio": TARGET,
            "ratio": result["ratio_p50"],
            "round_trips": result["round_trips"],
            "max_round_trips": MAX_ROUND_TRIPS,
            "pass": result["ratio_p50"] <= TARGET and result["round_trips"] <= MAX_ROUND_TRIPS,
        }
        for result in results
        if result["concurrency"] == concurrency
    ]
