"""The plans: every plan the viewer may see, from its GraphQL document; a search by name, a
"Sort by" choice, the page's saved views, and the list as a CSV or XLSX file.

The API has no search over plans: there are few of them and the page reads them whole, so the
search box (`q`) filters the plans here, by name, description, owner, service and process, and
the page sorts them here too."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.exports import Column
from server.web.core.list_exports import matches, money_columns, searched_list
from server.web.core.sorting import SortKey, Sorts
from server.web.core.templating import PLAN_KIND_LABELS, label
from server.web.people.saved_views import bar_values

KINDS = list(PLAN_KIND_LABELS)
ORDERS = Sorts(
    {
        "created": SortKey("Oldest first"),  # the order the API lists them in
        "name": SortKey("Name", value=lambda p: p["name"]),
        "kind": SortKey("Kind", value=lambda p: KINDS.index(p["kind"])),
        "initiatives": SortKey(
            "Most initiatives first",
            value=lambda p: p["initiatives"]["totalCount"],
            descending=True,
        ),
    },
    "created",
)


def _counts(plan: dict[str, Any], field: str, key: str) -> str:
    return ", ".join(f"{label(item[key])} {item['count']}" for item in plan[field])


EXPORT_COLUMNS = [
    Column("Plan", lambda p: p["name"]),
    Column("Kind", lambda p: PLAN_KIND_LABELS.get(p["kind"], p["kind"])),
    Column("Confidential", lambda p: "yes" if p["confidential"] else "no"),
    Column("Owner", lambda p: (p["ownerRole"] or {}).get("name", "")),
    Column("Service", lambda p: (p["service"] or {}).get("name", "")),
    Column("Process", lambda p: (p["process"] or {}).get("name", "")),
    Column("Initiatives", lambda p: p["initiatives"]["totalCount"]),
    *money_columns(
        lambda p: p["budgetTotals"], [("Requested", "requested"), ("Approved", "approved")]
    ),
    Column("Initiatives by state", lambda p: _counts(p, "statusCounts", "status")),
    Column("Health of active work", lambda p: _counts(p, "healthCounts", "health")),
    Column("Description", lambda p: p["description"] or ""),
]


def _found(words: str):
    def keep(plan: dict[str, Any]) -> bool:
        return matches(
            words,
            plan["name"],
            plan["description"],
            (plan["ownerRole"] or {}).get("name"),
            (plan["service"] or {}).get("name"),
            (plan["process"] or {}).get("name"),
        )

    return keep


async def plans(request: Request) -> Response:
    return await searched_list(
        request, document="plans/plans", key="plans", columns=EXPORT_COLUMNS, name="plans",
        template="plans/plans.html", found=_found, sorts=ORDERS, extra=bar_values,
    )  # fmt: skip
