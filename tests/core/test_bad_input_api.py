"""Bad input gets a user error naming the field (or a 400 for an unreadable body), never an
INTERNAL error: control characters, lone surrogates, over-long text, malformed ids and
cursors, deep variables. Every string argument of every query and mutation is tried."""

from __future__ import annotations

import base64

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
    get_named_type,
    is_non_null_type,
)

from schema import build_schema
from schema.core.input_checks import MAX_TEXT
from server.domain.core.validation import ID_MAX, text_problem
from tests.support.clients import ApiClient
from tests.support.pages import sign_in

SCHEMA = build_schema()._schema
NUL = "a\u0000b"


def encoded(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def text_paths(input_type, prefix: str = "", seen: frozenset = frozenset()) -> list[str]:
    """The paths of every String field inside an input type ("title", "measurements.0.source")."""
    paths = []
    for name, field in input_type.fields.items():
        kind, index = field.type, ""
        while isinstance(kind, GraphQLNonNull | GraphQLList):
            if isinstance(kind, GraphQLList):
                index = ".0"
            kind = kind.of_type
        if kind.name == "String":
            paths.append(f"{prefix}{name}{index}")
        elif isinstance(kind, GraphQLInputObjectType) and kind.name not in seen:
            paths += text_paths(kind, f"{prefix}{name}{index}.", seen | {kind.name})
    return paths


def nested_value(path: str, value):
    """{"title": value} for "title"; {"measurements": [{"source": value}]} for
    "measurements.0.source"."""
    head, _, rest = path.partition(".")
    if not rest:
        return {head: value}
    if rest.startswith("0"):
        inner = rest[2:]
        return {head: [nested_value(inner, value) if inner else value]}
    return {head: nested_value(rest, value)}


def selection(field) -> str:
    named = get_named_type(field.type)
    return " { __typename }" if isinstance(named, GraphQLObjectType) else ""


def mutation_cases() -> list[tuple[str, str, str]]:
    cases = []
    for name, field in SCHEMA.mutation_type.fields.items():
        input_type = get_named_type(field.args["input"].type)
        for path in text_paths(input_type):
            document = (
                f"mutation($input: {input_type.name}!) "
                f"{{ {name}(input: $input){selection(field)} }}"
            )
            cases.append((f"{name}.{path}", document, path))
    return cases


# A plain value for each other argument a field requires (`mentionable(subject:)`), so the
# argument under test is the only one at fault.
REQUIRED_VALUES = {"ID": '"UGVyc29uOjE"', "String": '"a"', "Int": "1", "Boolean": "true"}


def _other_required(field, argument: str) -> str:
    given = [
        f", {name}: {REQUIRED_VALUES[get_named_type(other.type).name]}"
        for name, other in field.args.items()
        if name != argument and is_non_null_type(other.type) and other.default_value is Undefined
    ]
    return "".join(given)


def query_cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for name, field in SCHEMA.query_type.fields.items():
        for argument, definition in field.args.items():
            kind = get_named_type(definition.type)
            if isinstance(kind, GraphQLScalarType) and kind.name == "String":
                paths = [""]
            elif isinstance(kind, GraphQLInputObjectType):
                paths = text_paths(kind)
            else:
                continue
            for path in paths:
                document = (
                    f"query($v: {definition.type}) {{ {name}({argument}: $v"
                    f"{_other_required(field, argument)}){selection(field)} }}"
                )
                cases.append((f"{name}.{argument}.{path}".rstrip("."), document, argument, path))
    return cases


MUTATIONS = mutation_cases()
QUERIES = query_cases()


def test_the_cases_cover_every_text_input():
    assert len(MUTATIONS) > 60  # every String of every mutation's input, nested ones included
    assert "recordMeasurements.measurements.0.source" in [case[0] for case in MUTATIONS]
    assert {"initiatives.filter.search", "people.search", "auditLog.filter.entityType.0"} <= {
        case[0] for case in QUERIES
    }


@pytest.fixture
def admin(api: ApiClient):
    """Posts as an administrator with a read-write token; no answer may be INTERNAL."""
    headers = {"authorization": f"Bearer {api.token('ada', 'read_write')}"}

    def post(document: str, variables: dict | None = None) -> dict:
        response = api.client.post(
            "/graphql", json={"query": document, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        assert "INTERNAL" not in response.text
        return response.json()

    return post


def test_a_control_character_in_any_mutation_text_is_refused_naming_the_field(admin):
    for label, document, path in MUTATIONS:
        body = admin(document, {"input": nested_value(path, NUL)})
        message = body["errors"][0]["message"]
        assert message == (
            f"`$input.{path.replace('.0', '[0]')}` must not contain control characters "
            "(found U+0000)."
        ), label
        assert body["errors"][0]["extensions"]["code"] == "INVALID"


def test_text_over_the_limit_in_any_mutation_is_refused_naming_the_field(admin):
    for label, document, path in MUTATIONS:
        if label.startswith(("createMeasurementImport.content", "importFeedback.content")):
            continue  # a file: bounded by the request body's size
        body = admin(document, {"input": nested_value(path, "x" * (MAX_TEXT + 1))})
        assert body["errors"][0]["message"] == (
            f"`$input.{path.replace('.0', '[0]')}` must be at most {MAX_TEXT:,} characters "
            f"(got {MAX_TEXT + 1:,})."
        ), label


def test_a_control_character_in_any_query_argument_is_refused_naming_it(admin):
    for label, document, _argument, path in QUERIES:
        value = nested_value(path, "\u0007") if path else "\u0007"
        body = admin(document, {"v": value})
        where = f"$v.{path.replace('.0', '[0]')}" if path else "$v"
        assert body["errors"][0]["message"] == (
            f"`{where}` must not contain control characters (found U+0007)."
        ), label


def test_a_control_character_written_in_the_document_is_refused_naming_the_argument(admin):
    body = admin('{ initiatives(filter: {search: "a\\u0000b"}) { totalCount } }')
    assert body["errors"][0]["message"] == (
        "`filter.search` must not contain control characters (found U+0000)."
    )
    assert body["data"] is None


def test_a_lone_surrogate_is_refused_as_unreadable_or_as_a_bad_escape(api):
    headers = {"authorization": f"Bearer {api.token('nora')}", "content-type": "application/json"}
    response = api.client.post(
        "/graphql",
        content=b'{"query": "query($s: String) { people(search: $s) { totalCount } }", '
        b'"variables": {"s": "\\ud800"}}',
        headers=headers,
    )
    assert response.status_code == 400
    assert "Unable to parse request body as JSON" in response.text
    errors = api.errors("nora", '{ people(search: "\\uD800") { totalCount } }')
    assert errors[0].startswith("Syntax Error: Invalid Unicode escape sequence")


def test_the_text_rule_knows_one_line_from_prose():
    assert text_problem("two\nlines") is None
    assert text_problem("two\nlines", multiline=False) == (
        "must be one line (found a tab or line break)"
    )
    assert text_problem("\ud800") == "must not contain a lone surrogate (found U+D800)"
    assert text_problem("\u0085") == "must not contain control characters (found U+0085)"


def test_a_name_must_be_one_line_and_a_description_may_have_several(api):
    create = """mutation($input: CreatePlanInput!) {
      createPlan(input: $input) { plan { name description } errors { field code message } } }"""
    kind = "SECURITY_IMPROVEMENT"
    refused = api.mutate("ada", create, {"input": {"kind": kind, "name": "A\nB"}})
    assert refused["errors"] == [
        {
            "field": ["input", "name"],
            "code": "INVALID",
            "message": "must be one line (found a tab or line break)",
        }
    ]
    made = api.mutate(
        "ada",
        create,
        {"input": {"kind": kind, "name": "Line plan", "description": "one\nand two"}},
    )
    assert made["errors"] == []
    assert made["plan"]["description"] == "one\nand two"


def test_a_search_is_capped_at_200_characters_naming_the_argument(api):
    errors = api.errors(
        "nora",
        "query($s: String) { initiatives(filter: {search: $s}) { totalCount } }",
        {"s": "a" * 201},
    )
    assert errors == ["`filter.search` must be at most 200 characters (got 201)."]
    errors = api.errors(
        "ada", "query($s: String) { people(search: $s) { totalCount } }", {"s": "a" * 1000}
    )
    assert errors == ["`search` must be at most 200 characters (got 1,000)."]
    found = api.query("ada", '{ people(search: "%") { totalCount } }')
    assert found["people"]["totalCount"] == 0  # a wildcard is a character like any other


@pytest.mark.parametrize(
    "number", ["²", "99999999999999999999", str(ID_MAX + 1), "-1", "1\u0000"], ids=repr
)
def test_an_id_that_is_not_ours_is_not_found(api, number):
    plan = encoded(f"Plan:{number}")
    data = api.query(
        "nora",
        "query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }",
        {"id": plan},
    )
    assert data == {"node": None, "nodes": [None]}
    payload = api.mutate(
        "ada",
        """mutation($id: ID!) { updatePlan(input: {id: $id, name: "Renamed"}) {
             errors { field code } } }""",
        {"id": plan},
    )
    assert payload["errors"] == [{"field": ["input", "id"], "code": "NOT_FOUND"}]
    errors = api.errors(
        "nora",
        "query($id: ID!) { initiatives(filter: {plan: [$id]}) { totalCount } }",
        {"id": plan},
    )
    assert errors == [f"`filter.plan`: {plan!r} is not the id of a Plan."]


@pytest.mark.parametrize("offset", ["²", "2147483647", "1000000001"])
def test_a_cursor_out_of_range_is_not_a_cursor_of_the_list(api, offset):
    cursor = encoded(f"cursor:{offset}")
    for document in (
        "query($c: String) { initiatives(first: 5, after: $c) { totalCount } }",
        "query($c: String) { plans { nodes { initiatives(last: 5, before: $c) { totalCount } } } }",
    ):
        errors = api.errors("nora", document, {"c": cursor})
        assert errors[0].endswith(f"is not a cursor from this list: {cursor!r}.")


def test_variables_nested_too_deep_are_refused(api):
    headers = {"authorization": f"Bearer {api.token('nora')}", "content-type": "application/json"}
    document = b'"query($v: [ID!]) { initiatives(filter: {plan: $v}) { totalCount } }"'
    deep = b"[" * 10_000 + b"]" * 10_000
    response = api.client.post(
        "/graphql", content=b'{"query": ' + document + b', "variables": {"v": ' + deep + b"}}",
        headers=headers,
    )  # fmt: skip
    assert response.status_code == 400
    errors = api.errors(
        "nora",
        "query($v: [ID!]) { initiatives(filter: {plan: $v}) { totalCount } }",
        {"v": [[[[[[[[[[["UGxhbjox"]]]]]]]]]]]},
    )
    assert errors == ["`$v[0][0][0][0][0][0][0][0][0][0]` is nested more than 10 levels deep."]


def test_signing_in_with_a_control_character_is_a_wrong_address(demo_client):
    from tests.support.pages import csrf_from

    response = demo_client.post(
        "/sign-in",
        data={"email": "nora\u0000@harbour-it.example", "password": "steward-demo",
              "csrf_token": csrf_from(demo_client), "next": "/"},
    )  # fmt: skip
    assert response.status_code == 401


def test_pages_take_digits_in_ascii_only(signed_in):
    client = signed_in("ada")
    plans = client.get("/plans").text
    plan_path = plans.split('href="/plans/', 1)[1].split('"', 1)[0]
    assert client.get(f"/plans/{plan_path}?per=²").status_code == 200
    assert client.get(f"/plans/{encoded('Plan:²')}").status_code == 404


def test_sign_in_helper_still_works(demo_client):
    assert sign_in(demo_client, "nora").status_code == 303
