"""Importing stakeholder feedback from a CSV file: one form takes the file and records all
of it or nothing (`importFeedback`); the page answers with what was recorded, by service, or
with every bad line and why."""

from __future__ import annotations

from collections import defaultdict

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from server.domain.engagement.feedback_import import EXAMPLE, MAX_ROWS
from server.domain.imports.csv_reader import decode
from server.web.core.documents import DocumentInputError, run_document
from server.web.core.forms import form_of
from server.web.core.pages import render
from server.web.imports.measurement_import import SHOWN_PROBLEMS

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_LABEL = "2 MB"
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
UPLOAD_FORM = {"max_files": 1, "max_fields": 5}
EXAMPLE_NAME = "feedback-example.csv"


def _page(request: Request, *, status_code: int = 200, **values) -> Response:
    problems = values.pop("problems", [])
    return render(
        request,
        "engagement/feedback_import.html",
        {
            "errors": {},
            "outcome": None,
            "problems": problems[:SHOWN_PROBLEMS],
            "problem_count": len(problems),
            "max_upload": MAX_UPLOAD_LABEL,
            "max_rows": MAX_ROWS,
            "example_name": EXAMPLE_NAME,
            **values,
        },
        status_code=status_code,
    )


async def import_page(request: Request) -> Response:
    return _page(request)


async def example_file(request: Request) -> Response:
    return Response(
        EXAMPLE,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{EXAMPLE_NAME}"'},
    )


async def _text(request: Request) -> tuple[str, str, str | None]:
    """The file's name and text, or why the upload is unusable."""
    too_big = f"The file is larger than {MAX_UPLOAD_LABEL}; split it."
    if int(request.headers.get("content-length") or 0) > MAX_REQUEST_BYTES:
        return "", "", too_big
    file = (await form_of(request)).get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        return "", "", "Choose a CSV file to upload."
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return file.filename, "", too_big
    try:
        return file.filename, decode(content), None
    except ValueError as problem:
        return file.filename, "", str(problem)


def _problem(error: dict) -> dict:
    """A user error as a report row: its line (the last part of its field) and why."""
    field = error.get("field") or []
    line = int(field[-1]) if field and str(field[-1]).isdigit() else 0
    return {"line": line, "reason": error["message"].removeprefix(f"line {line}: ")}


async def import_file(request: Request) -> Response:
    name, text, error = await _text(request)
    if error is not None:
        return _page(request, errors={"file": error}, status_code=422)
    try:
        data = await run_document(
            request, "engagement/feedback_import",
            {"input": {"content": text}}, operation="ImportFeedback",
        )  # fmt: skip
    except DocumentInputError as problem:
        return _page(request, errors={"file": "; ".join(problem.messages)}, status_code=422)
    payload = data["importFeedback"]
    if payload["errors"]:
        return _page(
            request,
            errors={"file": f"{name} was refused; nothing was recorded."},
            problems=[_problem(error) for error in payload["errors"]],
            status_code=422,
        )
    by_service: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item in payload["feedback"]:
        by_service[(item["service"]["id"], item["service"]["name"])].append(item["score"])
    services = [
        {"id": key[0], "name": key[1], "count": len(scores),
         "average": round(sum(scores) / len(scores), 2)}
        for key, scores in sorted(by_service.items(), key=lambda entry: entry[0][1])
    ]  # fmt: skip
    outcome = {"name": name, "recorded": payload["recorded"], "services": services}
    return _page(request, outcome=outcome)
