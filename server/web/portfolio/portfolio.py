"""The portfolio pages: `/portfolio` (the pipeline, the catalogue and the retired services with
their cost, service levels met and open work; the moves waiting for the steering committee,
with the forms that decide them; the latest decisions), and the portfolio forms of a service's
page (propose a move; state its cost and value). Every form runs one mutation
(templates/portfolio/actions.graphql).

The services search by name (`q`), sort by the tables' column headings, keep saved views and
export as CSV or XLSX. The API has no search over services: there are few and the page reads
them whole, so the search filters them here, by name, owner and value statement, and the page
sorts them here too (the three tables alike)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.exports import Column, export_format
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.list_exports import list_export, matches, search_words
from server.web.core.pages import read, render
from server.web.core.paging import query_string
from server.web.core.sorting import SortKey, Sorts
from server.web.core.templating import label
from server.web.people.saved_views import bar_values
from server.web.people.sign_in import safe_next
from server.web.services.services import service

SECTIONS = [
    ("PIPELINE", "Pipeline", "Chartered and being built; not yet offered."),
    ("LIVE", "Catalogue", "Live: offered to customers today."),
    ("RETIRED", "Retired", "No longer offered."),
]
MOVES = {"CHARTER": "Charter it into the pipeline", "GO_LIVE": "Take it live",
         "RETIRE": "Retire it"}  # fmt: skip


def _sections(services: list[dict]) -> list[dict[str, Any]]:
    found = []
    for lifecycle, title, description in SECTIONS:
        rows = [s for s in services if s["lifecycle"] == lifecycle]
        costs: dict[str, Decimal] = {}
        for row in rows:
            if row["annualCost"] is not None:
                currency = row["costCurrency"]
                costs[currency] = costs.get(currency, Decimal(0)) + Decimal(row["annualCost"])
        met = sum(row["serviceLevels"]["met"] for row in rows)
        total = sum(row["serviceLevels"]["total"] for row in rows)
        found.append({
            "key": lifecycle.lower(), "title": title, "description": description, "rows": rows,
            "cost": ", ".join(f"{c} {v:,.0f}" for c, v in sorted(costs.items())) or "not stated",
            "levels": (met, total),
        })  # fmt: skip
    return found


def _found(words: str):
    def keep(row: dict[str, Any]) -> bool:
        owner = (row["owner"] or {}).get("name")
        return matches(words, row["name"], owner, row["valueStatement"])

    return keep


def _cost(row: dict[str, Any]) -> object:
    return Decimal(row["annualCost"]) if row["annualCost"] is not None else None


def _levels_met(row: dict[str, Any]) -> float | None:
    levels = row["serviceLevels"]
    return levels["met"] / levels["total"] if levels["total"] else None


ORDERS = Sorts(
    {
        "name": SortKey("Service", value=lambda s: s["name"]),
        "owner": SortKey("Owner", value=lambda s: (s["owner"] or {}).get("name")),
        "cost": SortKey("Annual cost", value=_cost, descending=True),
        "levels": SortKey("Service levels on target", value=_levels_met, descending=True),
        "work": SortKey("Open work", value=lambda s: s["openWorkCount"], descending=True),
    },
    "name",
)
EXPORT_COLUMNS = [
    Column("Service", lambda s: s["name"]),
    Column("Lifecycle", lambda s: label(s["lifecycle"])),
    Column("Owner", lambda s: (s["owner"] or {}).get("name", "")),
    Column("Annual cost", _cost),
    Column("Currency", lambda s: s["costCurrency"] if s["annualCost"] is not None else ""),
    Column("Service levels met", lambda s: s["serviceLevels"]["met"]),
    Column("Service levels", lambda s: s["serviceLevels"]["total"]),
    Column("Open work", lambda s: s["openWorkCount"]),
    Column("Move waiting", lambda s: MOVES.get((s["pendingDecision"] or {}).get("move"), "")),
    Column("Value", lambda s: s["valueStatement"] or ""),
]


async def portfolio_page(request: Request, *, errors=None, form=None, status_code=200):
    words = search_words(request)
    order = ORDERS.from_query(request.query_params)
    variables = {"viewPath": "/portfolio"}
    if status_code == 200 and (fmt := export_format(request)):
        return await list_export(
            request, fmt, "portfolio/portfolio", variables, ("services",), EXPORT_COLUMNS,
            "portfolio", keep=_found(words), order=order.rows,
        )  # fmt: skip
    data = await read(request, "portfolio/portfolio", variables)
    shown = {"q": words, **order.values()}
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "data": data,
            "sections": _sections(
                order.rows([s for s in data["services"]["nodes"] if _found(words)(s)])
            ),
            "q": words,
            "order": order,
            "page_query": lambda **changes: query_string(shown, **changes),
            "export_query": query_string(shown),
            **bar_values(request, data, "/portfolio"),  # its forms post elsewhere
            "moves": MOVES,
            "errors": errors or {},
            "form": form or {},
            "flash": take_flash(request),
        },
        status_code=status_code,
    )


async def decide(request: Request) -> Response:
    form = await form_values(request)
    decision_id = request.path_params["decision_id"]
    approve = form.get("approve") == "yes"
    fields: dict[str, Any] = {"id": decision_id, "approve": approve,
                              "note": form.get("note") or None}  # fmt: skip
    version = form.get("expectedVersion", "")
    if version.isdigit():
        fields["expectedVersion"] = int(version)
    outcome = await run_mutation(
        request, "portfolio/actions", "DecidePortfolioDecision", fields, subject=("id",)
    )
    if outcome.ok:
        flash(request, "Approved: the service moved." if approve else "The move was rejected.")
        back = form.get("back", "")
        if back.startswith("/meeting-pack") and safe_next(back) == back:
            return RedirectResponse(back, status_code=303)
        return RedirectResponse("/portfolio", status_code=303)
    problems = {f"{decision_id}-{k}": v for k, v in outcome.problems.items()}
    return await portfolio_page(request, errors=problems, form=form, status_code=422)


async def propose(request: Request) -> Response:
    service_id = request.path_params["id"]
    form = await form_values(request)
    fields = {
        "serviceId": service_id,
        "move": form.get("move") if form.get("move") in MOVES else None,
        "case": form.get("case", ""),
    }
    if form.get("initiativeId"):
        fields["initiativeId"] = form["initiativeId"]
    if fields["move"] is None:
        return await service(
            request, errors={"move": "choose the move"}, form=form, status_code=422
        )
    outcome = await run_mutation(
        request, "portfolio/actions", "ProposePortfolioDecision", fields,
        renames={"serviceId": "form"},
    )  # fmt: skip
    if outcome.ok:
        flash(request, "The move was proposed; the steering committee decides.")
        return RedirectResponse(f"/services/{service_id}", status_code=303)
    return await service(request, errors=outcome.problems, form=form, status_code=422)


async def quantify(request: Request) -> Response:
    service_id = request.path_params["id"]
    form = await form_values(request)
    fields: dict[str, Any] = {
        "serviceId": service_id,
        "currency": (form.get("currency") or "").strip().upper() or None,
        "valueStatement": form.get("valueStatement", ""),
    }
    raw = (form.get("annualCost") or "").strip().replace(",", "")
    if raw:
        try:
            Decimal(raw)
            fields["annualCost"] = raw
        except InvalidOperation:
            return await service(
                request, errors={"annualCost": "must be an amount such as 120000 or 95000.50"},
                form=form, status_code=422,
            )  # fmt: skip
    else:
        fields["annualCost"] = None
    outcome = await run_mutation(
        request, "portfolio/actions", "QuantifyService", fields, renames={"serviceId": "form"}
    )
    if outcome.ok:
        flash(request, "Its cost and value were saved.")
        return RedirectResponse(f"/services/{service_id}", status_code=303)
    return await service(request, errors=outcome.problems, form=form, status_code=422)
