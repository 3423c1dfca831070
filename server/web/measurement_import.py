"""Importing measurements from a CSV file: upload (checked whole, every bad line reported),
preview, start, then a progress page that htmx refreshes until the background import is done.
Each form runs a mutation of templates/measurements/actions.graphql."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from schema.core.ids import from_global_id
from server.domain.imports.csv_reader import EXAMPLE, MAX_ROWS, decode
from server.web.csrf import csrf_ok
from server.web.documents import DocumentInputError, run_document
from server.web.pages import sign_in_redirect
from server.web.requests import request_context

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_LABEL = "20 MB"
# The upload's request: the file and the form around it (other posts get a smaller limit).
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
EXAMPLE_NAME = "measurements-example.csv"
SHOWN_PROBLEMS = 500


def _upload_page(request: Request, context, *, errors=None, problems=None, status_code=200):
    return request.app.state.templates.TemplateResponse(
        request,
        "measurements/upload.html",
        {
            "viewer": context.viewer,
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
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        return _upload_page(request, context)


async def example_file(request: Request) -> Response:
    return Response(
        EXAMPLE,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{EXAMPLE_NAME}"'},
    )


async def upload(request: Request) -> Response:
    too_big = int(request.headers.get("content-length") or 0) > MAX_UPLOAD_BYTES + 64 * 1024
    form = None if too_big else await request.form(max_files=1, max_fields=5)
    try:
        return await _upload(request, form, too_big)
    finally:
        if form is not None:
            await form.close()


async def _upload(request: Request, form, too_big: bool) -> Response:
    if not too_big and not await csrf_ok(request):
        raise HTTPException(403, "The form had expired; reload the page and try again.")
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        file = form.get("file") if form is not None else None
        content, error = await _read(file, too_big)
        if error is None:
            try:
                text = decode(content)
            except ValueError as problem:
                error = str(problem)
        if error is not None:
            return _upload_page(request, context, errors={"file": error}, status_code=422)
        try:
            data = await run_document(
                request,
                context,
                "measurements/actions",
                {"input": {"fileName": file.filename or "", "content": text}},
                operation="Upload",
            )
        except DocumentInputError as problem:
            return _upload_page(
                request, context, errors={"file": "; ".join(problem.messages)}, status_code=422
            )
        payload = data["createMeasurementImport"]
        if payload["errors"]:
            problems = [_problem(error) for error in payload["errors"]]
            return _upload_page(
                request,
                context,
                errors={"file": f"{file.filename} was refused; nothing was imported."},
                problems=problems,
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


def _import_id(request: Request) -> str:
    import_id = request.path_params["import_id"]
    decoded = from_global_id(import_id)
    if decoded is None or decoded[0] != "MeasurementImport":
        raise HTTPException(404)
    return import_id


async def status_page(request: Request) -> Response:
    import_id = _import_id(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        return await _status(request, context, import_id)


async def _status(request: Request, context, import_id: str, *, error=None, status_code=200):
    data = await run_document(request, context, "measurements/import", {"id": import_id})
    item = data.get("measurementImport")
    if item is None:
        raise HTTPException(404)
    fragment = request.headers.get("hx-request") and not request.headers.get("hx-boosted")
    response = request.app.state.templates.TemplateResponse(
        request,
        "measurements/import.html",
        {
            "viewer": context.viewer,
            "item": item,
            "running": item["state"] in ("QUEUED", "RUNNING"),
            "error": error,
            "page_document": "measurements/import",
        },
        status_code=status_code,
        block_name="progress" if fragment else None,
    )
    response.headers["Vary"] = "HX-Request"
    return response


async def start(request: Request) -> Response:
    import_id = _import_id(request)
    if not await csrf_ok(request):
        raise HTTPException(403, "The form had expired; reload the page and try again.")
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        data = await run_document(
            request,
            context,
            "measurements/actions",
            {"input": {"id": import_id}},
            operation="Start",
        )
        errors = data["startMeasurementImport"]["errors"]
        if not errors:
            return RedirectResponse(f"/measurements/import/{import_id}", status_code=303)
        code = errors[0]["code"]
        if code == "NOT_FOUND":
            raise HTTPException(404)
        if code == "FORBIDDEN":
            raise HTTPException(403, errors[0]["message"])
        return await _status(
            request, context, import_id, error=errors[0]["message"], status_code=422
        )
