"""Importing measurements from a CSV file: upload (checked whole, every bad line reported),
preview, start, then a progress page that htmx refreshes until the background import is done.
Each form runs a mutation of templates/measurements/actions.graphql."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.domain.imports.csv_reader import EXAMPLE, MAX_ROWS, decode
from server.web.core.documents import DocumentInputError, run_document
from server.web.core.forms import form_of, run_mutation
from server.web.core.pages import found, is_fragment, read, render

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_LABEL = "20 MB"
# The upload's request: the file and the form around it (other posts get a smaller limit).
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
UPLOAD_FORM = {"max_files": 1, "max_fields": 5}
EXAMPLE_NAME = "measurements-example.csv"
SHOWN_PROBLEMS = 500


def _upload_page(request: Request, *, errors=None, problems=None, status_code=200) -> Response:
    return render(
        request,
        "measurements/upload.html",
        {
            "errors": errors or {},
            "problems": (problems or [])[:SHOWN_PROBLEMS],
            "problem_count": len(problems or []),
            "max_upload": MAX_UPLOAD_LABEL,
            "max_rows": MAX_ROWS,
            "example_name": EXAMPLE_NAME,
        },
        status_code=status_code,
    )


async def upload_page(request: Request) -> Response:
    return _upload_page(request)


async def example_file(request: Request) -> Response:
    return Response(
        EXAMPLE,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{EXAMPLE_NAME}"'},
    )


async def upload(request: Request) -> Response:
    """Check the file whole (a file over the limit is not even read), then on to its preview."""
    too_big = int(request.headers.get("content-length") or 0) > MAX_UPLOAD_BYTES + 64 * 1024
    file = None if too_big else (await form_of(request)).get("file")
    content, error = await _read(file, too_big)
    if error is None:
        try:
            text = decode(content)
        except ValueError as problem:
            error = str(problem)
    if error is not None:
        return _upload_page(request, errors={"file": error}, status_code=422)
    try:
        data = await run_document(
            request,
            "measurements/actions",
            {"input": {"fileName": file.filename or "", "content": text}},
            operation="Upload",
        )
    except DocumentInputError as problem:
        return _upload_page(request, errors={"file": "; ".join(problem.messages)}, status_code=422)
    payload = data["createMeasurementImport"]
    if payload["errors"]:
        return _upload_page(
            request,
            errors={"file": f"{file.filename} was refused; nothing was imported."},
            problems=[_problem(error) for error in payload["errors"]],
            status_code=422,
        )
    return RedirectResponse(
        f"/measurements/import/{payload['measurementImport']['id']}", status_code=303
    )


async def _read(file, too_big: bool) -> tuple[bytes, str | None]:
    if too_big:
        return b"", f"The file is larger than {MAX_UPLOAD_LABEL}; split it into smaller files."
    if not isinstance(file, UploadFile) or not file.filename:
        return b"", "Choose a CSV file to upload."
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return b"", f"The file is larger than {MAX_UPLOAD_LABEL}; split it into smaller files."
    if not content.strip():
        return b"", "The file is empty; it needs a header row and measurements."
    return content, None


def _problem(error: dict) -> dict:
    """A user error as a report row: the line (the last part of its field path) and why."""
    field = error.get("field") or []
    line = int(field[-1]) if field and field[-1].isdigit() else 0
    reason = error["message"]
    prefix = f"line {line}: "
    return {"line": line, "reason": reason.removeprefix(prefix), "code": error["code"]}


async def status_page(request: Request) -> Response:
    return await _status(request, request.path_params["import_id"])


async def _status(request: Request, import_id: str, *, error=None, status_code=200) -> Response:
    data = await read(request, "measurements/import", {"id": import_id})
    item = found(data.get("measurementImport"))
    return render(
        request,
        "measurements/import.html",
        {"item": item, "running": item["state"] in ("QUEUED", "RUNNING"), "error": error},
        status_code=status_code,
        block="progress" if is_fragment(request) else None,
        fragments=True,
    )


async def start(request: Request) -> Response:
    import_id = request.path_params["import_id"]
    outcome = await run_mutation(
        request,
        "measurements/actions",
        "Start",
        {"id": import_id},
        fields=(),
        subject=("id",),
        explain=True,
    )
    if outcome.ok:
        return RedirectResponse(f"/measurements/import/{import_id}", status_code=303)
    return await _status(request, import_id, error=outcome.problems["form"], status_code=422)
