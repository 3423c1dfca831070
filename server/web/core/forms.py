"""A form post, from the posted fields to the mutation's answer: reading the form (which the
request pipeline may already have read for its CSRF token), running one mutation of a page's
actions document, and the one map from the payload's user errors to form fields and statuses.

The map, for every form:
- an error goes beside the form field its path ends in (`renames` maps an input field to the form
  field that sets it); an error about no field, or about a field the form does not show
  (`fields`), is the whole form's ("form"); the first message for a field is kept;
- FORBIDDEN about the whole form refuses the request: 403. FORBIDDEN about a field the form
  shows (a plan one may not choose) stays beside it, and the form says the roles do not allow it;
- NOT_FOUND about the object the address names (`subject`, the input fields that carry it)
  means the address names nothing: 404. Any other NOT_FOUND is a field's problem (422).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from server.web.core.documents import DocumentInputError, run_document
from server.web.core.pipeline import FORM_KEY

FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
NOT_ALLOWED = "Your roles do not allow this."


async def form_of(request: Request) -> FormData:
    """The posted form, read once per request with the limits its route declares."""
    form = request.scope.get(FORM_KEY)
    if form is None:
        limits = getattr(request.scope.get("route"), "form_limits", {})
        form = request.scope[FORM_KEY] = await request.form(**limits)
    return form


async def form_text(request: Request) -> dict[str, str]:
    """The posted fields as text, one value each (the last, when a name repeats)."""
    return {key: str(value) for key, value in (await form_of(request)).items()}


async def form_values(request: Request) -> dict[str, Any]:
    """The posted fields as text; a list for a name posted more than once or ending in "Ids"
    (a multiple choice), else the one value."""
    raw = await form_of(request)
    values: dict[str, Any] = {}
    for key in raw:
        texts = [str(value) for value in raw.getlist(key)]
        values[key] = texts if len(texts) > 1 or key.endswith("Ids") else texts[0]
    return values


@dataclass
class Outcome:
    """A mutation's answer as a form needs it: the payload and the problems by form field."""

    payload: dict[str, Any]
    problems: dict[str, str]
    code: str | None = None  # the first error's code

    @property
    def ok(self) -> bool:
        return not self.problems


def outcome_of(
    payload: dict[str, Any],
    *,
    fields: Collection[str] | None = None,
    renames: Mapping[str, str] | None = None,
    subject: Collection[str] = (),
    explain: bool = False,
) -> Outcome:
    """The payload's user errors by form field (the module's doc has the map). `fields`: the
    form fields errors may go beside (None: any the paths name). `explain`: a 403 page says
    the API's reason rather than only that the roles do not allow it."""
    problems: dict[str, str] = {}
    code = None
    for error in payload["errors"]:
        path = error.get("field") or []
        named = path[-1] if len(path) > 1 else None
        if error["code"] == NOT_FOUND and named in subject:
            raise HTTPException(404)
        name = (renames or {}).get(named, named) if named else "form"
        if fields is not None and name not in fields:
            name = "form"
        if error["code"] == FORBIDDEN and name == "form":
            raise HTTPException(403, error["message"]) if explain else HTTPException(403)
        problems.setdefault(name, error["message"])
        code = code or error["code"]
    if any(error["code"] == FORBIDDEN for error in payload["errors"]):
        problems.setdefault("form", NOT_ALLOWED)
    return Outcome(payload, problems, code)


async def run_mutation(
    request: Request,
    document: str,
    operation: str,
    input_: dict[str, Any],
    *,
    fields: Collection[str] | None = None,
    renames: Mapping[str, str] | None = None,
    subject: Collection[str] = (),
    explain: bool = False,
) -> Outcome:
    """Run one mutation of a page's actions document with `input_`; its outcome for the form.
    Variables the schema refuses (a malformed value) are the whole form's problem."""
    try:
        data = await run_document(request, document, {"input": input_}, operation)
    except DocumentInputError as error:
        return Outcome({}, {"form": "; ".join(error.messages)})
    (payload,) = data.values()
    return outcome_of(payload, fields=fields, renames=renames, subject=subject, explain=explain)
