"""The audit log, for administrators: every change, newest first, filtered by the API's
AuditLogFilter from a plain GET form that htmx swaps in place (keeping the URL shareable).
Each entry links to what changed while that still exists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from server.web.core.ids import is_global_id
from server.web.core.pages import is_fragment, read, render
from server.web.core.paging import Paging, query_string
from server.web.core.templating import label

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
                chosen["since"] = _midnight(_day(self.since)).isoformat()
            if self.until:  # the whole "to" day is included
                chosen["until"] = _midnight(_day(self.until) + timedelta(days=1)).isoformat()
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

    @property
    def any(self) -> bool:
        return any(self.values().values())


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


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


def field_label(name: str) -> str:
    """A recorded field name as words: percentComplete and is_active read "Percent complete"
    and "Is active"."""
    return label(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower())


def changes(entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field the entry mentions, in the order recorded."""
    before, after = entry.get("before") or {}, entry.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("value", shown(before), shown(after))]
    names = list(dict.fromkeys([*before, *after]))
    return [(field_label(n), shown(before.get(n)), shown(after.get(n))) for n in names]


async def _existing(request: Request, entries: list[dict]) -> set[str]:
    """The ids of the changed things that still exist (and the viewer may see) and have a page."""
    ids = sorted({e["entityId"] for e in entries if e["entityType"] in LINKS})
    if not ids:
        return set()
    data = await read(request, "audit/entities", {"ids": ids}, "AuditEntities")
    return {node["id"] for node in data["nodes"] if node}


async def audit_page(request: Request) -> Response:
    filters = AuditFilters.from_query(request.query_params)
    paging = Paging.from_query(request.query_params, PAGE_SIZE)
    variables = {**paging.variables(), "filter": filters.graphql_filter()}
    data = await read(request, "audit/audit", variables)
    entries = data["auditLog"]["nodes"]
    existing = await _existing(request, entries)
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
            "query": lambda **changed: query_string(filters.values(), **changed),
            "link": lambda entry: (
                LINKS[entry["entityType"]].format(id=entry["entityId"])
                if entry["entityId"] in existing
                else None
            ),
            "changes": changes,
        },
        status_code=422 if filters.problems else 200,
        block="log" if is_fragment(request) else None,
        fragments=True,
    )
