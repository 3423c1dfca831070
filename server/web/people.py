"""People and their roles, for administrators: the list with search and paging, a form to add
someone, and each person's page with forms to edit them, assign and remove roles, and
deactivate them. Every form runs one mutation of templates/people/actions.graphql."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from schema.core.context import Context
from schema.core.ids import from_global_id
from server.web.documents import DocumentInputError, run_document
from server.web.flash import flash, take_flash
from server.web.forms import (
    Paging,
    is_fragment,
    posted_form,
    query_string,
    require_administrator,
    run_mutation,
)
from server.web.pages import sign_in_redirect
from server.web.requests import request_context

PAGE_SIZE = 25
ACTIONS = "people/actions"
# The mutations' input fields as the forms name them; errors about the person or the
# assignment itself are the whole form's.
FORM_FIELDS = {"serviceId": "scope", "processId": "scope", "personId": "form", "id": "form"}


def _global_id(request: Request, name: str, type_name: str) -> str:
    value = request.path_params[name]
    decoded = from_global_id(value)
    if decoded is None or decoded[0] != type_name:
        raise HTTPException(404)
    return value


# -- the list ---------------------------------------------------------------------------------


async def _render_list(
    request: Request,
    context: Context,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    search = request.query_params.get("q", "").strip()[:200]
    paging = Paging.from_query(request.query_params, PAGE_SIZE)
    variables = {**paging.variables(), "search": search or None}
    try:
        data = await run_document(request, context, "people/people", variables)
    except DocumentInputError as error:
        raise HTTPException(400, "; ".join(error.messages)) from None
    response = request.app.state.templates.TemplateResponse(
        request,
        "people/people.html",
        {
            "viewer": context.viewer,
            "people": data["people"],
            "search": search,
            "paged": paging.after or paging.before,
            "query": lambda **changes: query_string({"q": search}, **changes),
            "errors": errors or {},
            "form": form or {},
            "flash": take_flash(request),
            "page_document": "people/people",
        },
        status_code=status_code,
        block_name="results" if is_fragment(request) and status_code == 200 else None,
    )
    response.headers["Vary"] = "HX-Request"
    return response


async def people_page(request: Request) -> Response:
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        require_administrator(context.viewer)
        return await _render_list(request, context)


async def create_person(request: Request) -> Response:
    form = await posted_form(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        require_administrator(context.viewer)
        input_: dict[str, Any] = {
            "name": form.get("name", ""),
            "email": form.get("email", ""),
            "password": form.get("password") or None,
            "isAdmin": form.get("isAdmin") == "on",
        }
        outcome = await run_mutation(request, context, ACTIONS, "CreatePerson", input_)
        if outcome.ok:
            person = outcome.payload["person"]
            flash(request, f"{input_['name'].strip()} was added.")
            return RedirectResponse(f"/people/{person['id']}", status_code=303)
        form.pop("password", None)  # a password is never sent back to the browser
        return await _render_list(
            request, context, errors=outcome.problems, form=form, status_code=422
        )


# -- one person -------------------------------------------------------------------------------


async def _render_person(
    request: Request,
    context: Context,
    person_id: str,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    data = await run_document(request, context, "people/person", {"id": person_id})
    if data.get("node") is None:
        raise HTTPException(404)
    return request.app.state.templates.TemplateResponse(
        request,
        "people/person.html",
        {
            "viewer": context.viewer,
            "person": data["node"],
            "roles": data["roles"]["nodes"],
            "services": data["services"]["nodes"],
            "processes": data["processes"]["nodes"],
            "errors": errors or {},
            "form": form or {},
            "flash": take_flash(request),
            "page_document": "people/person",
        },
        status_code=status_code,
    )


async def person_page(request: Request) -> Response:
    person_id = _global_id(request, "person_id", "Person")
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        require_administrator(context.viewer)
        return await _render_person(request, context, person_id)


async def _person_form(request: Request, form_name: str, build) -> Response:
    """The shared shape of the person page's forms: check, run, then redirect or show errors.

    `build(person_id, form)` gives the mutation's operation and input, or the problems the
    form has before anything is sent; and the flash message for success."""
    person_id = _global_id(request, "person_id", "Person")
    form = await posted_form(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        require_administrator(context.viewer)
        operation, input_, problems, done = build(person_id, form)
        if not problems:
            outcome = await run_mutation(request, context, ACTIONS, operation, input_, FORM_FIELDS)
            gone = outcome.code == "NOT_FOUND" and "form" in outcome.problems
            if gone and form_name != "unassign":  # the person: a removed assignment is an error
                raise HTTPException(404)
            problems = outcome.problems
        if not problems:
            flash(request, done)
            return RedirectResponse(f"/people/{person_id}", status_code=303)
        return await _render_person(
            request,
            context,
            person_id,
            errors={form_name: problems},
            form=form,
            status_code=422,
        )


async def update_person(request: Request) -> Response:
    def build(person_id: str, form: dict[str, str]):
        input_ = {
            "id": person_id,
            "name": form.get("name", ""),
            "email": form.get("email", ""),
            "isAdmin": form.get("isAdmin") == "on",
            "password": form.get("password") or None,
        }
        form.pop("password", None)  # a password is never sent back to the browser
        return "UpdatePerson", input_, {}, "The changes were saved."

    return await _person_form(request, "details", build)


def parse_scope(value: str) -> tuple[dict[str, str], str | None]:
    """The scope select's value ("", "service:<id>" or "process:<id>") as mutation input."""
    if not value:
        return {}, None
    kind, _, global_id = value.partition(":")
    if kind in ("service", "process") and global_id:
        return {f"{kind}Id": global_id}, None
    return {}, "choose a service, a process, or everywhere"


async def assign_role(request: Request) -> Response:
    def build(person_id: str, form: dict[str, str]):
        problems: dict[str, str] = {}
        scope, scope_problem = parse_scope(form.get("scope", ""))
        if scope_problem:
            problems["scope"] = scope_problem
        if not form.get("roleId"):
            problems["roleId"] = "choose a role"
        input_ = {"personId": person_id, "roleId": form.get("roleId", ""), **scope}
        return "AssignRole", input_, problems, "The role was assigned."

    return await _person_form(request, "assign", build)


async def unassign_role(request: Request) -> Response:
    assignment_id = _global_id(request, "assignment_id", "RoleAssignment")

    def build(person_id: str, form: dict[str, str]):
        return "UnassignRole", {"id": assignment_id}, {}, "The role was removed."

    return await _person_form(request, "unassign", build)


async def deactivate_person(request: Request) -> Response:
    def build(person_id: str, form: dict[str, str]):
        return (
            "DeactivatePerson",
            {"id": person_id},
            {},
            "The person was deactivated: they can no longer sign in or use their tokens.",
        )

    return await _person_form(request, "deactivate", build)


async def unlock_person(request: Request) -> Response:
    def build(person_id: str, form: dict[str, str]):
        return (
            "UnlockPerson",
            {"id": person_id},
            {},
            "The person was unlocked: they may sign in again now.",
        )

    return await _person_form(request, "unlock", build)
