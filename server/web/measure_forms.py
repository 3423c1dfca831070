"""What every form route of the measuring pages shares: the CSRF check, running one mutation of
a page's actions document, and the payload's errors by the form field they concern."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from schema.core.context import Context
from schema.core.ids import from_global_id
from server.web.csrf import csrf_ok
from server.web.documents import DocumentInputError, run_document


async def form_of(request: Request) -> dict[str, Any]:
    """The posted fields (lists for repeated names), once the CSRF token checks out."""
    raw = await request.form()
    if not await csrf_ok(request):
        raise HTTPException(403, "The form had expired; reload the page and try again.")
    form: dict[str, Any] = {}
    for key in raw:
        values = [str(value) for value in raw.getlist(key)]
        form[key] = values if len(values) > 1 or key.endswith("Ids") else values[0]
    return form


def global_id(request: Request, name: str, type_name: str) -> str:
    """A path parameter that must be a global id of this type, else 404."""
    value = request.path_params[name]
    decoded = from_global_id(value)
    if decoded is None or decoded[0] != type_name:
        raise HTTPException(404)
    return value


async def mutate(
    request: Request, context: Context, document: str, operation: str, payload_input: dict
) -> tuple[dict | None, dict[str, str]]:
    """Run one mutation; (its payload, problems by form field). A refusal for lack of rights is
    a 403, an unknown object a 404."""
    try:
        data = await run_document(
            request, context, document, {"input": payload_input}, operation=operation
        )
    except DocumentInputError as error:
        return None, {"form": "; ".join(error.messages)}
    (payload,) = data.values()
    problems: dict[str, str] = {}
    for error in payload["errors"]:
        if error["code"] == "FORBIDDEN" and not error.get("field"):
            raise HTTPException(403)
        field = (error.get("field") or ["form"])[-1]
        if error["code"] == "NOT_FOUND" and field == "id":
            raise HTTPException(404)
        problems.setdefault(field, error["message"])
    if problems and any(e["code"] == "FORBIDDEN" for e in payload["errors"]):
        problems.setdefault("form", "Your roles do not allow this.")
    return payload, problems


def rag_label(rag: str) -> str:
    return {"RED": "Red", "AMBER": "Amber", "GREEN": "Green"}.get(rag, "No data")
