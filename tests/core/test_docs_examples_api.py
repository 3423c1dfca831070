"""Every example in docs/api.md runs against the demo organisation as documented."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from server.cli import main
from server.settings import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "api.md").read_text()
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def examples() -> list[tuple[str, str, dict]]:
    """(name, query, variables) for each ```graphql block; a ```json block right after it
    holds the variables. A first line `# as: <person>` names who sends it (default: Margaret,
    of the steering committee)."""
    blocks = list(BLOCK.finditer(DOC))
    found = []
    for index, block in enumerate(blocks):
        if block.group(1) != "graphql":
            continue
        variables = {}
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following and following.group(1) == "json":
            between = DOC[block.end() : following.start()]
            if not between.strip():
                variables = json.loads(following.group(2))
        name = re.search(r"(?:query|mutation) (\w+)", block.group(2)).group(1)
        found.append((name, block.group(2), variables))
    return found


def curl_payloads() -> list[dict]:
    payloads = []
    for block in BLOCK.finditer(DOC):
        if block.group(1) == "sh" and "curl" in block.group(2):
            command = shlex.split(block.group(2).replace("\\\n", " "))
            payloads.append(json.loads(command[command.index("-d") + 1]))
    return payloads


def sender(query: str) -> str:
    match = re.match(r"# as: (\w+)", query)
    return match.group(1) if match else "margaret"


def is_mutation(query: str) -> bool:
    return bool(re.search(r"^mutation ", query, re.M))


QUERIES = [example for example in examples() if not is_mutation(example[1])]
MUTATIONS = [example for example in examples() if is_mutation(example[1])]


def test_the_guide_has_examples_of_every_mutation():
    assert len(QUERIES) >= 12
    assert curl_payloads()
    from schema import build_schema

    mutation_names = set(build_schema()._schema.mutation_type.fields)
    shown = {re.search(r"\{\s*(\w+)\(input", query).group(1) for _, query, _ in MUTATIONS}
    assert shown == mutation_names


@pytest.mark.parametrize(("name", "query", "variables"), QUERIES, ids=lambda v: str(v)[:20])
def test_graphql_example_runs(api, name, query, variables):
    if "# expect-error" in query:
        for message in api.errors(sender(query), query, variables):
            assert message in DOC.replace("``", "")
        return
    data = api.query(sender(query), query, variables)
    assert data and all(value is not None for value in data.values())


def resolve(variables: dict, results: dict) -> dict:
    """Replace "@mutation.path.to.id" with what that earlier mutation returned."""
    resolved = {}
    for name, value in variables.items():
        if isinstance(value, str) and value.startswith("@"):
            field, *path = value[1:].split(".")
            value = results[field]
            for step in path:
                value = value[step]
        resolved[name] = value
    return resolved


def test_mutation_examples_run_in_order(api):
    results: dict = {}
    for name, query, variables in MUTATIONS:
        body = api.post(sender(query), query, resolve(variables, results)).json()
        assert "errors" not in body, (name, body)
        ((field, payload),) = body["data"].items()
        if "# expect-error" in query:
            assert payload["errors"], name
            continue
        assert payload["errors"] == [], (name, payload["errors"])
        results[field] = payload


def test_curl_examples_run_with_a_token(api):
    for payload in curl_payloads():
        response = api.post("margaret", payload["query"], payload.get("variables"))
        assert response.status_code == 200 and "errors" not in response.json()


def test_the_create_token_example_runs(demo_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("STEWARD_DATABASE_URL", demo_url)
    monkeypatch.setenv("STEWARD_VAR_DIR", str(tmp_path))
    line = next(line for line in DOC.splitlines() if line.startswith(".venv/bin/steward "))
    assert main(shlex.split(line)[1:]) == 0
    assert "stw_" in capsys.readouterr().out
