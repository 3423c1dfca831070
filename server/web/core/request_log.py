"""One log line per request, and the format every log line is written in.

A request's line (logger `steward.requests`) names its id, who asked (the person's id and the
token's id, never a secret), the method, the route's template and the path, the status, the
time in milliseconds and the SQL statements it sent; a GraphQL request adds its operation.
A request slower than STEWARD_SLOW_REQUEST_MS is written at WARNING, else at INFO.

`configure_logging` (for `steward serve`) writes to standard error as text, or as one JSON
object a line when STEWARD_LOG_FORMAT=json; every record written while a request runs carries
its `request_id`, so the traceback of an unexpected error is found from the id a person reads
off the error page.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import perf_counter
from typing import Any

from server.statement_tally import Tally
from server.web.core import request_ids

log = logging.getLogger("steward.requests")

# Record attributes every LogRecord has; anything else was passed in `extra` and is written.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_OURS = frozenset({"request", "request_id", "color_message"})  # (uvicorn's coloured copy)


@dataclass
class RequestRecord:
    """What is known of one request as it goes: filled in by the middleware, the router (the
    route), the request pipeline (who asked) and the GraphQL door (the operation)."""

    request_id: str
    method: str
    path: str
    started: float = field(default_factory=perf_counter)
    route: str = "unmatched"
    status: int = 0
    seconds: float = 0.0
    tally: Tally = field(default_factory=Tally)
    person_id: int | None = None
    token_id: int | None = None
    operation: str | None = None

    @property
    def milliseconds(self) -> float:
        return round(self.seconds * 1000, 1)

    def fields(self) -> dict[str, Any]:
        """The line's fields, as the JSON format writes them."""
        fields: dict[str, Any] = {
            "request_id": self.request_id,
            "method": self.method,
            "route": self.route,
            "path": self.path,
            "status": self.status,
            "ms": self.milliseconds,
            "sql": self.tally.statements,
            "sql_ms": round(self.tally.seconds * 1000, 1),
        }
        if self.person_id is not None:
            fields["person_id"] = self.person_id
        if self.token_id is not None:
            fields["token_id"] = self.token_id
        if self.operation is not None:
            fields["operation"] = self.operation
        return fields


def log_request(record: RequestRecord, slow_ms: int) -> None:
    """The request's one line: a warning when it took `slow_ms` or longer."""
    slow = record.seconds * 1000 >= slow_ms
    level = logging.WARNING if slow else logging.INFO
    if not log.isEnabledFor(level):
        return
    route = f" [{record.route}]" if record.route != record.path else ""
    operation = f" operation={record.operation}" if record.operation else ""
    who = f" person={record.person_id}" if record.person_id is not None else ""
    if record.token_id is not None:
        who += f" token={record.token_id}"
    log.log(
        level,
        "%s%s %s%s %d %.1f ms %d SQL%s%s",
        "slow request: " if slow else "",
        record.method,
        record.path,
        route,
        record.status,
        record.milliseconds,
        record.tally.statements,
        operation,
        who,
        extra={"request": record.fields(), "request_id": record.request_id},
    )


NO_REQUEST = "-"  # a record written outside any request


class RequestIdFilter(logging.Filter):
    """Gives every record written while a request runs that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_ids.current.get() or NO_REQUEST
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the request's id, a request
    line's fields, anything else passed in `extra`, and the traceback if there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        request_id = getattr(record, "request_id", None)
        if request_id not in (None, NO_REQUEST):
            line["request_id"] = request_id
        line.update(getattr(record, "request", None) or {})
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in line and key not in _OURS:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonLines()
    return logging.Formatter(TEXT_FORMAT)


def configure_logging(log_format: str) -> None:
    """For a serving process: Steward's and uvicorn's records from INFO, everyone else's from
    WARNING, to standard error in the chosen format (so as JSON, every line is one object).
    uvicorn is started without a logging configuration of its own."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in ("steward", "uvicorn"):  # (uvicorn's access log stays off: see the module)
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        for existing in list(logger.handlers):
            logger.removeHandler(existing)
        logger.propagate = True
