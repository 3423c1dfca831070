"""People and their roles, for administrators: the list with search, paging, sortable column
headings (the API's orderBy) and saved views, a form to add someone, and each person's page with
forms to edit them, assign and remove roles, and deactivate them. Every form runs one mutation
of templates/people/actions.graphql."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.exports import Column, every_row, export_format, export_response
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_text, run_mutation
from server.web.core.pages import found, is_fragment, read, render
from server.web.core.paging import Paging, query_string
from server.web.core.schema_api import MAX_PAGE_SIZE
from server.web.core.sorting import SortKey, Sorts
from server.web.people.saved_views import bar_values

PAGE_SIZE = 25
ACTIONS = "people/actions"
# The mutations' input fields as the forms name them; errors about the person or the
# assignment itself are the whole form's.
FORM_FIELDS = {"serviceId": "scope", "processId": "scope", "personId": "form", "id": "form"}
ORDERS = Sorts(
    {"name": SortKey("Name", api="NAME"), "email": SortKey("E-mail address", api="EMAIL")},
    "name",
)


# -- the list ---------------------------------------------------------------------------------


async def _render_list(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    search = request.query_params.get("q", "").strip()[:200]
    order = ORDERS.from_query(request.query_params)
    paging = Paging.from_query(request.query_params, PAGE_SIZE)
    variables = {**paging.variables(), "search": search or None, **order.variables()}
    data = await read(request, "people/people", variables)
    shown = {"q": search, **order.values()}
    return render(
        request,
        "people/people.html",
        {
            "people": data["people"],
            "search": search,
            "order": order,
            "paged": paging.after or paging.before,
            "query": lambda **changes: query_string(shown, **changes),
            **bar_values(request, data, "/people"),
            "errors": errors or {},
            "form": form or {},
            "flash": take_flash(request),
        },
        status_code=status_code,
        block="results" if is_fragment(request) and status_code == 200 else None,
        fragments=True,
    )


def _roles(person: dict) -> str:
    held = person["roleAssignments"]["nodes"]
    return ", ".join(
        a["role"]["name"]
        + (f" ({(a['service'] or a['process'])['name']})" if a["service"] or a["process"] else "")
        for a in held
    )


EXPORT_COLUMNS = [
    Column("Name", lambda p: p["name"]),
    Column("E-mail", lambda p: p["email"]),
    Column("Administrator", lambda p: "yes" if p["isAdmin"] else "no"),
    Column("Active", lambda p: "yes" if p["isActive"] else "no"),
    Column("Roles", _roles),
]


async def people_page(request: Request) -> Response:
    if fmt := export_format(request):
        search = request.query_params.get("q", "").strip()[:200] or None
        order = ORDERS.from_query(request.query_params).variables()

        async def fetch(after: str | None) -> tuple[list[dict], str | None]:
            data = await read(request, "people/people", {
                "first": MAX_PAGE_SIZE, "after": after, "search": search, **order})  # fmt: skip
            page = data["people"]
            more = page["pageInfo"]["hasNextPage"]
            return page["nodes"], page["pageInfo"]["endCursor"] if more else None

        rows, cut = await every_row(fetch)
        return export_response(fmt, EXPORT_COLUMNS, rows, "people", cut)
    return await _render_list(request)


async def create_person(request: Request) -> Response:
    form = await form_text(request)
    input_ = {
        "name": form.get("name", ""),
        "email": form.get("email", ""),
        "password": form.get("password") or None,
        "isAdmin": form.get("isAdmin") == "on",
    }
    outcome = await run_mutation(request, ACTIONS, "CreatePerson", input_)
    if outcome.ok:
        flash(request, f"{input_['name'].strip()} was added.")
        return RedirectResponse(f"/people/{outcome.payload['person']['id']}", status_code=303)
    form.pop("password", None)  # a password is never sent back to the browser
    return await _render_list(request, errors=outcome.problems, form=form, status_code=422)


# -- one person -------------------------------------------------------------------------------


async def _render_person(
    request: Request,
    person_id: str,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    data = await read(request, "people/person", {"id": person_id})
    return render(
        request,
        "people/person.html",
        {
            "person": found(data.get("node")),
            "roles": data["roles"]["nodes"],
            "services": data["services"]["nodes"],
            "processes": data["processes"]["nodes"],
            "errors": errors or {},
            "form": form or {},
            "flash": take_flash(request),
        },
        status_code=status_code,
    )


async def person_page(request: Request) -> Response:
    return await _render_person(request, request.path_params["person_id"])


async def _person_form(request: Request, form_name: str, build) -> Response:
    """The shared shape of the person page's forms: check, run, then redirect or show errors.

    `build(person_id, form)` gives the mutation's operation and input, or the problems the
    form has before anything is sent; and the flash message for success. A form about the
    person answers 404 when the person is gone; removing a role that is gone is the form's
    problem."""
    person_id = request.path_params["person_id"]
    form = await form_text(request)
    operation, input_, problems, done = build(person_id, form)
    if not problems:
        subject = () if form_name == "unassign" else ("personId", "id")
        outcome = await run_mutation(
            request, ACTIONS, operation, input_, renames=FORM_FIELDS, subject=subject
        )
        problems = outcome.problems
    if not problems:
        flash(request, done)
        return RedirectResponse(f"/people/{person_id}", status_code=303)
    return await _render_person(
        request, person_id, errors={form_name: problems}, form=form, status_code=422
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
    assignment_id = request.path_params["assignment_id"]

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
