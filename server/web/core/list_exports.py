"""Exporting a list page the way it reads its rows: every page of the list's connection through
the page's own GraphQL document, the page's filters and order kept, up to the export cap
(server/web/core/exports.py writes the file). And the words of a list's text search, for the
lists the API cannot search: those small enough to be read whole, filtered and sorted here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.exports import Column, every_row, export_format, export_response
from server.web.core.pages import read, render
from server.web.core.paging import query_string
from server.web.core.schema_api import MAX_PAGE_SIZE
from server.web.core.sorting import Sorts

Keep = Callable[[dict[str, Any]], bool]
Order = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def search_words(request: Request) -> str:
    """The list's `q`, trimmed and bounded as every search box bounds it."""
    return (request.query_params.get("q") or "").strip()[:200]


def matches(words: str, *texts: object) -> bool:
    """Whether every word of the search is in one of the texts (no words: everything)."""
    haystack = " ".join(str(text) for text in texts if text).casefold()
    return all(word in haystack for word in words.casefold().split())


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    if "nodes" in connection:
        return list(connection["nodes"])
    return [edge["node"] for edge in connection["edges"]]


async def every_node(
    request: Request,
    document: str,
    variables: dict[str, Any],
    path: tuple[str, ...],
    *,
    keep: Keep | None = None,
    first: int = MAX_PAGE_SIZE,
) -> tuple[list[dict[str, Any]], bool]:
    """Every row of the connection at `path` in the document's answer, page by page (`$first`,
    `$after`), those `keep` keeps; and whether the cap cut them."""

    async def fetch(after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        data: Any = await read(request, document, {**variables, "first": first, "after": after})
        for key in path:
            data = data[key] if data else None
        if not data:
            return [], None
        rows = [node for node in _nodes(data) if keep is None or keep(node)]
        info = data["pageInfo"]
        return rows, info["endCursor"] if info["hasNextPage"] else None

    return await every_row(fetch)


async def list_export(
    request: Request,
    fmt: str,
    document: str,
    variables: dict[str, Any],
    path: tuple[str, ...],
    columns: list[Column],
    name: str,
    *,
    keep: Keep | None = None,
    order: Order | None = None,
) -> Response:
    """The list as a CSV or XLSX file named `name`; `order` sorts the rows read (a list sorted
    here rather than by the API)."""
    rows, cut = await every_node(request, document, variables, path, keep=keep)
    return export_response(fmt, columns, rows if order is None else order(rows), name, cut)


def money_columns(
    totals: Callable[[dict[str, Any]], list[dict[str, Any]]], fields: list[tuple[str, str]]
) -> list[Column]:
    """A row's amounts by currency (`totals(row)`: dicts with `currency` and the `fields`):
    numbers beside their currency when the row has one currency, as most do; with several,
    each amount with its currency, as text."""

    def amount(row: dict[str, Any], key: str) -> object:
        found = totals(row)
        if len(found) == 1:
            return found[0][key]
        return "; ".join(f"{total[key]} {total['currency']}" for total in found)

    columns = [Column("Currency", lambda row: ", ".join(t["currency"] for t in totals(row)))]
    for title, key in fields:
        columns.append(Column(title, lambda row, key=key: amount(row, key)))
    return columns


async def searched_list(
    request: Request,
    *,
    document: str,
    key: str,
    columns: list[Column],
    name: str,
    template: str,
    found: Callable[[str], Keep],
    sorts: Sorts,
    extra: Callable[[Request, dict[str, Any]], dict[str, Any]] | None = None,
) -> Response:
    """A list small enough to read whole (its document's root connection `key`), searched in
    the page by `q` (`found(words)` keeps a row) and sorted as the address asks (`sorts`), or
    its export with the same search and order. The document takes the page's path as
    `$viewPath` (for its saved views); `extra(request, data)` adds values for the template."""
    words = search_words(request)
    sort = sorts.from_query(request.query_params)
    variables = {"viewPath": request.url.path}
    if fmt := export_format(request):
        return await list_export(
            request, fmt, document, variables, (key,), columns, name, keep=found(words),
            order=sort.rows,
        )  # fmt: skip
    data = await read(request, document, variables)
    shown = sort.rows([node for node in data[key]["nodes"] if found(words)(node)])
    values = {
        "data": data, "shown": shown, "q": words, "sort": sort,
        "export_query": query_string({"q": words, **sort.values()}),
        **(extra(request, data) if extra else {}),
    }  # fmt: skip
    return render(request, template, values)
