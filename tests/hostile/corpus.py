"""Hostile requests to /graphql: each must be refused before anything is executed.

The suite sends every one in-process (nothing but identifying the caller may reach the
database) and over HTTP to a real server (which must keep answering /healthz meanwhile);
`make fuzz` times each refusal.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Hostile:
    """One request: a JSON body (or raw bytes), or a GET with only a query; signed in with a
    bearer token unless `cookie`; refused with `status` and a message containing `refusal`."""

    name: str
    body: Any = None
    raw: bytes | None = None
    get: str | None = None
    cookie: bool = False
    status: int = 200
    refusal: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def request(self) -> dict[str, Any]:
        """Keyword arguments for an httpx-style client's `request`."""
        headers = {"accept": "application/json", **self.headers}
        if self.get is not None:
            return {"method": "GET", "url": "/graphql", "params": {"query": self.get},
                    "headers": headers}  # fmt: skip
        content = self.raw if self.raw is not None else json.dumps(self.body).encode()
        headers.setdefault("content-type", "application/json")
        return {"method": "POST", "url": "/graphql", "content": content, "headers": headers}


def diamond(levels: int, body: str = "viewer { name }") -> str:
    """`...F0`, each fragment spreading the next twice: 2^levels paths in a few hundred bytes."""
    fragments = " ".join(
        f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)
    )
    return f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ {body} }}"


def _plan_id(number: str) -> str:
    return base64.urlsafe_b64encode(f"Plan:{number}".encode()).decode().rstrip("=")


DIAMOND_40 = diamond(40)
SEARCH = "query($s: String) { initiatives(filter: {search: $s}) { totalCount } }"
PLANS = "query($ids: [ID!]) { initiatives(filter: {plan: $ids}) { totalCount } }"


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


CORPUS: list[Hostile] = [
    Hostile(
        "depth",
        {
            "query": "{ plans { nodes { initiatives { nodes { "
            + "parent { " * 20
            + "id"
            + " }" * 20
            + " } } } } }"
        },
        refusal="nested 25 levels deep",
    ),
    Hostile(
        "aliases",
        {"query": "{ " + " ".join(f"a{n}: viewer {{ name }}" for n in range(60)) + " }"},
        refusal="60 aliases",
    ),
    Hostile("fragment diamond, 40 levels", {"query": DIAMOND_40}, refusal="could return more"),
    Hostile(
        "fragment diamond of lists",
        {
            "query": diamond(
                30, "plans(first: 500) { nodes { initiatives(first: 500) { nodes { id } } } }"
            )
        },
        refusal="could return more",
    ),
    Hostile(
        "fragment cycle",
        {
            "query": "query { ...A } fragment A on Query { viewer { name } ...B } "
            "fragment B on Query { ...A }"
        },
        refusal="Cannot spread fragment 'A' within itself",
    ),
    Hostile(
        "one field repeated",
        {"query": "{ " + "viewer { name } " * 480 + "}"},
        refusal="repeats fields or fragments too often",
    ),
    Hostile(
        "too many tokens",
        {"query": "{ viewer { " + "name " * 2100 + "} }"},
        refusal="more than 2000 tokens",
    ),
    Hostile(
        "a 1 MB string in the document",
        {"query": '{ initiatives(filter: {search: "' + "a" * 1_000_000 + '"}) { totalCount } }'},
        refusal="the limit is 20,000",
    ),
    Hostile(
        "a 1 MB string in a variable",
        {"query": SEARCH, "variables": {"s": "a" * 1_000_000}},
        refusal="must be at most 10,000 characters",
    ),
    Hostile(
        "a huge list of ids",
        {
            "query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            "variables": {"ids": [_plan_id(str(n)) for n in range(1, 20_001)]},
        },
        refusal="asks for 20,000 objects",
    ),
    Hostile(
        "a huge list in a filter",
        {"query": PLANS, "variables": {"ids": ["UGxhbjox"] * 50_000}},
        refusal="has 50,000 items",
    ),
    Hostile(
        "a batch",
        [{"query": "{ viewer { name } }"}] * 100,
        status=400,
        refusal="Batching is not enabled",
    ),
    Hostile(
        "a 2 MB body",
        {"query": SEARCH, "variables": {"s": "a" * 2_000_000}},
        status=413,
        refusal="larger than 1 MB",
    ),
    Hostile(
        "variables nested 10,000 deep",
        raw=b'{"query": "'
        + PLANS.encode()
        + b'", "variables": {"ids": '
        + _nested(10_000).encode()
        + b"}}",
        status=400,
        refusal="Unable to parse request body as JSON",
    ),
    Hostile(
        "variables nested 50 deep",
        raw=b'{"query": "'
        + PLANS.encode()
        + b'", "variables": {"ids": '
        + _nested(50).encode()
        + b"}}",
        refusal="nested more than 10 levels deep",
    ),
    Hostile(
        "a lone surrogate",
        raw=b'{"query": "' + SEARCH.encode() + b'", "variables": {"s": "\\ud800"}}',
        status=400,
        refusal="Unable to parse request body as JSON",
    ),
    Hostile(
        "a NUL byte",
        {"query": SEARCH, "variables": {"s": "a\u0000b"}},
        refusal="`$s` must not contain control characters (found U+0000)",
    ),
    Hostile(
        "GET with only a session cookie",
        get=DIAMOND_40,
        cookie=True,
        refusal="could return more",
    ),
]
