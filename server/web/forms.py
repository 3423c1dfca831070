"""What the administration and token pages' forms share: reading a post, running its mutation,
placing the mutation's user errors beside the fields, paging links and the administrator gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request

from schema.core.context import Context
from schema.core.pagination import MAX_PAGE_SIZE
from server.domain.core.permissions import Action, can
from server.domain.core.viewer import Viewer
from server.web.csrf import csrf_ok
from server.web.documents import DocumentInputError, run_document

EXPIRED_FORM = "The form had expired; reload the page and try again."


def require_administrator(viewer: Viewer | None) -> None:
    """People, roles and the audit log are for administrators; others get the 403 page."""
    if not can(viewer, Action.ADMINISTER):
        raise HTTPException(403)


def is_fragment(request: Request) -> bool:
    """An htmx request for one block of the page (a boosted link wants the whole page)."""
    return bool(request.headers.get("hx-request") and not request.headers.get("hx-boosted"))


async def posted_form(request: Request) -> dict[str, str]:
    """The posted fields as text, after checking the CSRF token (a 403 without it)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    if not await csrf_ok(request):
        raise HTTPException(403, EXPIRED_FORM)
    return form


@dataclass
class Outcome:
    """A mutation's reply as a form needs it: the payload and the problems by form field."""

    payload: dict[str, Any]
    problems: dict[str, str]
    code: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


async def run_mutation(
    request: Request,
    context: Context,
    document: str,
    operation: str,
    input_: dict[str, Any],
    field_names: dict[str, str] | None = None,
) -> Outcome:
    """Run one mutation of a page's actions document. Its user errors are keyed by the last
    part of their path (renamed by `field_names`, e.g. serviceId -> scope); an error about no
    field is the form's. Refusals of the whole request (403, 404) are raised here."""
    try:
        data = await run_document(request, context, document, {"input": input_}, operation)
    except DocumentInputError as error:
        return Outcome({}, {"form": "; ".join(error.messages)})
    (payload,) = data.values()
    problems: dict[str, str] = {}
    code = None
    for error in payload["errors"]:
        path = error.get("field") or []
        name = path[-1] if len(path) > 1 else "form"
        name = (field_names or {}).get(name, name)
        problems.setdefault(name, error["message"])
        code = code or error["code"]
    if code == "FORBIDDEN":
        raise HTTPException(403)
    return Outcome(payload, problems, code)


@dataclass(frozen=True)
class Paging:
    """Which page of a list the URL asks for: after a cursor, before one, or the first."""

    after: str | None
    before: str | None
    per: int

    @classmethod
    def from_query(cls, params: QueryParams, per: int) -> Paging:
        return cls(
            after=params.get("after") or None,
            before=None if params.get("after") else params.get("before") or None,
            per=min(per, MAX_PAGE_SIZE),
        )

    def variables(self) -> dict[str, Any]:
        if self.before:
            return {"last": self.per, "before": self.before}
        return {"first": self.per, "after": self.after}


def query_string(values: dict[str, Any], **changes: Any) -> str:
    """A URL query from the non-empty values, some changed (None drops one)."""
    merged = {**values, **changes}
    return str(QueryParams([(key, str(value)) for key, value in merged.items() if value]))
