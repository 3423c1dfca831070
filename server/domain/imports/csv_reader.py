"""Reading CSV files: the table reader every import shares (`read_table`), and the
measurements file: its columns, its values, and every line it gets wrong.

The format (docs/measurement-import.md):
- UTF-8 (a byte-order mark is allowed), a header row first, comma-separated; or
  semicolon-separated, as a spreadsheet in a decimal-comma locale saves CSV (read so when the
  header has semicolons and no comma). `Table.format` says which was read.
- Columns, in any order, names not case-sensitive: `metric`, `taken_at`, `value`, and the
  optional `source`. Any other column, a missing one or a repeated one refuses the file.
- `metric`: the metric's global ID (as the API shows it) or its exact name. A value that is a
  metric's ID is read as that ID; otherwise it must be the name of exactly one metric.
- `taken_at`: an ISO 8601 date (`2030-01-31`, read as midnight UTC) or date-time
  (`2030-01-31T08:00:00+01:00`); a date-time without an offset is read as UTC.
- `value`: a number with a decimal point (`4.5`, `-2`, `1e3`). In a semicolon-separated file a
  decimal comma is read too (`4,5`; `1.234,5` with points grouping thousands), and the file
  keeps to one way: a file with both `4,5` and `4.5` is refused rather than guessed at. In a
  comma-separated file a decimal comma is refused (it would split the field).
- `source`: up to 120 characters; empty means the import's default source.
Blank lines are skipped. Line numbers count from the header, line 1.

This module reads text only; which metrics exist and who may record them is decided against
the database by `server.domain.imports.checker`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime

REQUIRED_COLUMNS = ("metric", "taken_at", "value")
OPTIONAL_COLUMNS = ("source",)
MAX_SOURCE_LENGTH = 120
MAX_ROWS = 250_000
MAX_FIELD_LENGTH = 1_000

_NUMBER_CHARACTERS = "0123456789.eE+-"

# The downloadable example (docs/measurements-example.csv holds the same text); its metric is
# one of the demo organisation's.
EXAMPLE = """metric,taken_at,value,source
Mean time to restore,2031-01-31,4.6,Ticketing system
Mean time to restore,2031-02-28T17:00:00+01:00,4.4,Ticketing system
Mean time to restore,2031-03-31,4.1,
"""


@dataclass(frozen=True)
class LineProblem:
    """One thing wrong with the file: the line (0 for the file as a whole) and why."""

    line: int
    reason: str
    code: str = "INVALID"

    @property
    def message(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass(slots=True)
class CsvRow:
    """A data line: its values where they are well formed, and what is wrong with it."""

    line: int
    metric: str
    taken_at: datetime | None
    value: float | None
    source: str
    reasons: list[str]
    code: str = "INVALID"  # of the first reason: INVALID, NOT_FOUND, FORBIDDEN or DUPLICATE


@dataclass
class ParsedFile:
    rows: list[CsvRow]  # every data line, good and bad, in file order
    problems: list[LineProblem]  # the file as a whole: header, structure, size
    lines_read: int = 0  # data lines, blank lines aside
    format: str = ""  # how it was read, in words: "comma-separated, decimal point"


def decode(content: bytes) -> str:
    """The file's text; raises ValueError naming the problem when it is not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"the file is not UTF-8 text (byte {error.start + 1}); save it as CSV UTF-8"
        ) from None


@dataclass
class Table:
    """A CSV file's data lines as {column: text} by line number, and what is wrong with the
    file as a whole or with a line's structure."""

    records: list[tuple[int, dict[str, str]]]
    problems: list[LineProblem]
    lines_read: int = 0
    delimiter: str = ","

    @property
    def separated(self) -> str:
        return "semicolon-separated" if self.delimiter == ";" else "comma-separated"


def delimiter_of(text: str) -> str:
    """`;` when the header line has semicolons and no comma (outside quotes), else `,`."""
    header = text.removeprefix("\ufeff").split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", header)
    return ";" if ";" in unquoted and "," not in unquoted else ","


def read_table(
    text: str,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    *,
    noun: str,
    max_rows: int,
) -> Table:
    """The shared reader of every CSV import: a header naming `required` and `optional`
    columns in any order (not case-sensitive), then data lines with as many fields; blank
    lines skipped; at most `max_rows` data lines. `noun` names what the lines hold."""
    text = text.removeprefix("\ufeff")
    delimiter = delimiter_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[LineProblem] = []
    records: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        return Table([], [LineProblem(1, f"the header is not valid CSV: {error}")], 0, delimiter)
    if header is None or not any(cell.strip() for cell in header):
        return Table([], [LineProblem(0, "the file is empty; it needs a header row")])
    columns, header_problems = _columns(header, required, optional)
    if header_problems:
        return Table([], header_problems, 0, delimiter)
    width = len(header)
    lines_read = 0
    while True:
        line = reader.line_num + 1  # where the next record starts (a quoted value may span lines)
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(LineProblem(line, f"not valid CSV: {error}"))
            break
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line
        lines_read += 1
        if lines_read > max_rows:
            problems.append(
                LineProblem(line, f"the file has more than {max_rows:,} rows; split it")
            )
            break
        if len(cells) != width:
            problems.append(
                LineProblem(line, f"expected {width} fields as in the header, found {len(cells)}")
            )
            continue
        records.append((line, {name: cells[index] for name, index in columns.items()}))
    if lines_read == 0 and not problems:
        problems.append(LineProblem(0, f"the file has a header but no {noun}"))
    return Table(records, problems, lines_read, delimiter)


def parse(text: str) -> ParsedFile:
    """Every well-formed line, and a problem for every line (or header) that is not."""
    table = read_table(
        text, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, noun="measurements", max_rows=MAX_ROWS
    )
    comma = table.delimiter == ";" and _decimal_comma(table.records)
    problems = list(table.problems)
    if table.delimiter == ";" and comma is None:
        problems.append(LineProblem(0, (
            "the values mix decimal commas (4,5) and decimal points (4.5); write them one way"
        )))  # fmt: skip
        comma = False
    rows = [_row(line, values, bool(comma)) for line, values in table.records]
    mark = "decimal comma" if comma else "decimal point"
    return ParsedFile(rows, problems, table.lines_read, f"{table.separated}, {mark}")


_COMMA_NUMBER = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+|[+-]?\d{1,3}(\.\d{3})+")
_POINT_NUMBER = re.compile(r"[+-]?\d*\.\d+([eE][+-]?\d+)?")


def _decimal_comma(records: list[tuple[int, dict[str, str]]]) -> bool | None:
    """Whether a semicolon file's values use a decimal comma: True when some do and none has
    a decimal point that is not a thousands group; False when none has a comma; None when
    they mix the two ways."""
    values = [values["value"].strip() for _, values in records]
    commas = any("," in value for value in values)
    if not commas:
        return False
    points = any(
        _POINT_NUMBER.fullmatch(value) and not _COMMA_NUMBER.fullmatch(value) for value in values
    )
    return None if points else True


def _columns(
    header: list[str], required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[dict[str, int], list[LineProblem]]:
    names = [cell.strip().lower() for cell in header]
    known = required + optional
    reasons = []
    unknown = [header[i].strip() for i, name in enumerate(names) if name not in known]
    if unknown:
        reasons.append(
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            f"(the columns are {', '.join(known)})"
        )
    missing = [name for name in required if name not in names]
    if missing:
        reasons.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    repeated = sorted({name for name in names if name in known and names.count(name) > 1})
    if repeated:
        reasons.append(f"repeated column {', '.join(repeated)}")
    if reasons:
        return {}, [LineProblem(1, f"header: {'; '.join(reasons)}")]
    return {name: names.index(name) for name in known if name in names}, []


def _row(line: int, values: dict[str, str], decimal_comma: bool = False) -> CsvRow:
    reasons = []
    metric = values["metric"].strip()
    if not metric:
        reasons.append("metric is empty")
    elif len(metric) > MAX_FIELD_LENGTH:
        reasons.append("metric is too long to be a metric's ID or name")
    taken_at, reason = parse_time(values["taken_at"])
    if reason:
        reasons.append(reason)
    value, reason = parse_number(values["value"], decimal_comma)
    if reason:
        reasons.append(reason)
    source = values.get("source", "").strip()
    if len(source) > MAX_SOURCE_LENGTH:
        reasons.append(f"source is longer than {MAX_SOURCE_LENGTH} characters")
    return CsvRow(line, metric, taken_at, value, source, reasons)


def parse_number(raw: str, decimal_comma: bool = False) -> tuple[float | None, str | None]:
    text = raw.strip()
    if not text:
        return None, "value is empty"
    if decimal_comma:
        if not _COMMA_NUMBER.fullmatch(text) and not re.fullmatch(r"[+-]?\d+", text):
            return None, f"value {text!r} is not a number with a decimal comma (e.g. 1.234,5)"
        text = text.replace(".", "").replace(",", ".")
    try:
        # float() alone would also take "nan", "inf", "1_000" and other scripts' digits
        number = None if text.strip(_NUMBER_CHARACTERS) else float(text)
    except ValueError:
        number = None
    if number is None:
        if re.fullmatch(r"[+-]?\d+,\d+", text):
            point = text.replace(",", ".")
            return None, f"value {text!r} has a decimal comma; write a decimal point ({point})"
        return None, f"value {text!r} is not a number"
    if not math.isfinite(number):
        return None, f"value {text!r} is too large"
    return number, None


def parse_time(raw: str) -> tuple[datetime | None, str | None]:
    text = raw.strip()
    if not text:
        return None, "taken_at is empty"
    if len(text) >= 10 and text[:4].isdigit() and text[4] == "-":  # extended ISO 8601 only
        try:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                return moment.replace(tzinfo=UTC), None
            return moment.astimezone(UTC), None
        except (ValueError, OverflowError):
            pass
    return None, (
        f"taken_at {text!r} is not an ISO 8601 date or date-time (e.g. 2030-01-31 or "
        "2030-01-31T08:00:00Z)"
    )
