"""The audit log, for administrators: every change, newest first or as its column headings
sort it (the API's orderBy), filtered by the API's AuditLogFilter from a plain GET form that
htmx swaps in place (keeping the URL shareable), with the page's saved views. Each entry links
to what changed while that still exists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from server.domain.core.days import end_of, start_of
from server.web.core.exports import Column, every_row, export_format, export_response
from server.web.core.ids import is_global_id
from server.web.core.pages import is_fragment, read, render
from server.web.core.paging import Paging, query_string
from server.web.core.schema_api import MAX_PAGE_SIZE, to_global_id
from server.web.core.sorting import Sort, SortKey, Sorts
from server.web.core.templating import label
from server.web.people.saved_views import bar_values

PAGE_SIZE = 25
ACTIONS = ["CREATE", "UPDATE", "DELETE", "TRANSITION"]
ENTITY_TYPES = {
    "Initiative": "Initiatives",
    "StatusUpdate": "Status updates",
    "Metric": "Metrics",
    "Plan": "Plans",
    "Service": "Services",
    "Process": "Processes",
    "Offering": "Offerings",
    "Person": "People",
    "RoleAssignment": "Role assignments",
    "ApiToken": "API tokens",
}
ENTITY_NAMES = {
    "StatusUpdate": "status update",
    "RoleAssignment": "role assignment",
    "ApiToken": "API token",
}
ORDERS = Sorts(
    {
        "at": SortKey("When", api="AT", descending=True),
        "actor": SortKey("Who", api="ACTOR"),
        "entity": SortKey("What", api="ENTITY"),
    },
    "at",
)
# Where the pages show each kind of thing; an entry links there while the thing exists.
LINKS = {
    "Initiative": "/initiatives/{id}",
    "Plan": "/plans/{id}",
    "Person": "/people/{id}",
}


@dataclass(frozen=True)
class AuditFilters:
    """The page's query string, checked: unknown values are dropped, bad dates reported."""

    search: str
    action: str
    entity_type: str
    actor: str
    since: str
    until: str
    problems: dict[str, str]
    order: Sort

    @classmethod
    def from_query(cls, params: QueryParams) -> AuditFilters:
        actor = params.get("actor", "")
        since, until = params.get("since", "").strip(), params.get("until", "").strip()
        problems = {}
        for name, value in (("since", since), ("until", until)):
            if value and _day(value) is None:
                problems[name] = "must be a date such as 2026-01-31"
        if not problems and since and until and _day(until) < _day(since):
            problems["until"] = "must not be before the “from” date"
        return cls(
            search=params.get("q", "").strip()[:200],
            action=params.get("action", "") if params.get("action") in ACTIONS else "",
            entity_type=params.get("type", "") if params.get("type") in ENTITY_TYPES else "",
            actor=actor if is_global_id(actor, "Person") else "",
            since=since,
            until=until,
            problems=problems,
            order=ORDERS.from_query(params),
        )

    def graphql_filter(self) -> dict[str, Any] | None:
        chosen: dict[str, Any] = {}
        if self.search:
            chosen["search"] = self.search
        if self.action:
            chosen["action"] = [self.action]
        if self.entity_type:
            chosen["entityType"] = [self.entity_type]
        if self.actor:
            chosen["actor"] = [self.actor]
        if not self.problems:
            if self.since:
                chosen["since"] = start_of(_day(self.since)).isoformat()
            if self.until:  # the whole "to" day is included
                chosen["until"] = end_of(_day(self.until)).isoformat()
        return chosen or None

    def values(self) -> dict[str, str]:
        return {
            "q": self.search,
            "action": self.action,
            "type": self.entity_type,
            "actor": self.actor,
            "since": self.since,
            "until": self.until,
        }

    def query(self, **changes: Any) -> str:
        """The page's query string (the filters and the order), some values changed."""
        return query_string({**self.values(), **self.order.values()}, **changes)

    @property
    def any(self) -> bool:
        return any(self.values().values())


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def shown(value: Any) -> str:
    """A before or after value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# A field that names a row by its id (owner_id, planId, initiativeIds): its stem, and the kind
# of row (None: the entry's own kind, as a parent is).
REFERENCED_KINDS: dict[str, str | None] = {
    "owner": "Person", "person": "Person", "created_by": "Person", "requested_by": "Person",
    "decided_by": "Person", "submitted_by": "Person", "accepted_by": "Person",
    "acts_as": "Person", "actor": "Person", "author": "Person", "plan": "Plan",
    "initiative": "Initiative", "child": "Initiative", "metric": "Metric", "service": "Service",
    "process": "Process", "objective": "Objective", "offering": "Offering", "role": "Role",
    "stakeholder": "Stakeholder", "parent": None,
}  # fmt: skip
_REFERENCE = re.compile(r"(.+?)_ids?")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _referenced_kind(name: str, own_kind: str) -> tuple[str, str] | None:
    """(stem, kind) when the field names rows by id, else None."""
    match = _REFERENCE.fullmatch(_snake(name))
    if match is None or match.group(1) not in REFERENCED_KINDS:
        return None
    return match.group(1), REFERENCED_KINDS[match.group(1)] or own_kind


def field_label(name: str) -> str:
    """A recorded field name as words: percentComplete and is_active read "Percent complete"
    and "Is active"; owner_id and initiativeIds read "Owner" and "Initiatives"."""
    snake = _snake(name)
    if (reference := _referenced_kind(name, "")) is not None:
        return label(reference[0] + ("s" if snake.endswith("_ids") else ""))
    return label(snake)


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def referenced_ids(entries: list[dict[str, Any]]) -> list[str]:
    """The global ids of every row the entries' fields name by id, to look their names up."""
    found: set[str] = set()
    for entry in entries:
        for values in (entry.get("before"), entry.get("after")):
            if not isinstance(values, dict):
                continue
            for name, value in values.items():
                if (reference := _referenced_kind(name, entry.get("entityType") or "")) is None:
                    continue
                found.update(to_global_id(reference[1], pk) for pk in _ids(value))
    return sorted(found)


async def lookups(
    request: Request, entries: list[dict[str, Any]], linked: dict[str, str] | None = None
) -> tuple[set[str], dict[str, str]]:
    """In one query: which of the entries' changed things (of the kinds in `linked`) still exist
    for the viewer, and the names (or titles) of the rows the entries name by id, by global id.
    None when there is nothing to look up; what the viewer may not see is left out."""
    changed = sorted({e["entityId"] for e in entries if e.get("entityType") in (linked or {})})
    referenced = referenced_ids(entries)
    ids = sorted({*changed, *referenced})
    if not ids:
        return set(), {}
    data = await read(request, "audit/entities", {"ids": ids}, "AuditEntities")
    nodes = {node["id"]: node for node in data["nodes"] if node}
    names = {
        pk: nodes[pk].get("name") or nodes[pk].get("title") or ""
        for pk in referenced
        if pk in nodes
    }
    return {pk for pk in changed if pk in nodes}, names


async def names_of(request: Request, entries: list[dict[str, Any]]) -> dict[str, str]:
    """The names of the rows the entries name by id (see `lookups`)."""
    return (await lookups(request, entries))[1]


def changes(
    entry: dict[str, Any], names: dict[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field the entry mentions, in the order recorded, with
    the rows a field names by id shown by their names ("not shown to you" when hidden)."""
    before, after = entry.get("before") or {}, entry.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("value", shown(before), shown(after))]
    known = names or {}

    def value_of(name: str, value: Any) -> str:
        reference = _referenced_kind(name, entry.get("entityType") or "")
        if reference is None or not _ids(value):
            return shown(value)
        kind = reference[1]
        return ", ".join(
            known.get(to_global_id(kind, pk), "not shown to you") for pk in _ids(value)
        )

    fields = list(dict.fromkeys([*before, *after]))
    return [(field_label(n), value_of(n, before.get(n)), value_of(n, after.get(n))) for n in fields]


async def _export(request: Request, filters: AuditFilters, fmt: str) -> Response:
    """Every change the filters match, in the page's order, with the fields in words."""

    async def fetch(after: str | None) -> tuple[list[dict], str | None]:
        asked = {
            "first": MAX_PAGE_SIZE, "after": after, "filter": filters.graphql_filter(),
            **filters.order.variables(),
        }  # fmt: skip
        data = await read(request, "audit/audit", asked)
        log = data["auditLog"]
        more = log["pageInfo"]["hasNextPage"]
        return log["nodes"], log["pageInfo"]["endCursor"] if more else None

    rows, cut = await every_row(fetch)
    names = await names_of(request, rows)

    def changed(entry: dict[str, Any]) -> str:
        return "; ".join(
            f"{field}: {after}" if entry["action"] == "CREATE"
            else f"{field}: {before}" if entry["action"] == "DELETE"
            else f"{field}: {before} → {after}"
            for field, before, after in changes(entry, names)
        )  # fmt: skip

    columns = [
        Column("When (UTC)", lambda e: e["at"][:19].replace("T", " ")),
        Column("Who", lambda e: e["actorName"]),
        Column("Action", lambda e: label(e["action"])),
        Column("Kind", lambda e: ENTITY_NAMES.get(e["entityType"], e["entityType"].lower())),
        Column("What", lambda e: e["entityLabel"]),
        Column("Changes", changed),
    ]
    return export_response(fmt, columns, rows, "audit-log", cut)


async def audit_page(request: Request) -> Response:
    filters = AuditFilters.from_query(request.query_params)
    if (fmt := export_format(request)) and not filters.problems:
        return await _export(request, filters, fmt)
    paging = Paging.from_query(request.query_params, PAGE_SIZE)
    variables = {
        **paging.variables(),
        "filter": filters.graphql_filter(),
        **filters.order.variables(),
    }
    data = await read(request, "audit/audit", variables)
    entries = data["auditLog"]["nodes"]
    existing, names = await lookups(request, entries, LINKS)
    return render(
        request,
        "audit/audit.html",
        {
            "log": data["auditLog"],
            "people": data["people"]["nodes"],
            "filters": filters,
            "errors": filters.problems,
            "actions": ACTIONS,
            "entity_types": ENTITY_TYPES,
            "entity_name": lambda type_name: ENTITY_NAMES.get(type_name, type_name.lower()),
            "query": filters.query,
            **bar_values(request, data),
            "link": lambda entry: (
                LINKS[entry["entityType"]].format(id=entry["entityId"])
                if entry["entityId"] in existing
                else None
            ),
            "changes": lambda entry: changes(entry, names),
        },
        status_code=422 if filters.problems else 200,
        block="log" if is_fragment(request) else None,
        fragments=True,
    )
