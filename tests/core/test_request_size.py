"""Request bodies over STEWARD_MAX_BODY_BYTES are refused with 413 before they are used,
whether they declare their length or arrive in chunks; the measurement import keeps its own
larger limit."""

from __future__ import annotations

import json

import pytest

from server.settings import Settings, SettingsError
from tests.support.clients import StatementCounter
from tests.support.pages import csrf

MB = 1024 * 1024


def chunks(body: bytes, size: int = 64 * 1024):
    """The body as a stream of unknown length (sent chunked)."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


def big_query(size: int) -> bytes:
    return json.dumps(
        {
            "query": "query($s: String) { people(search: $s) { totalCount } }",
            "variables": {"s": "a" * size},
        }
    ).encode()


@pytest.mark.parametrize("how", ["declared", "chunked"])
def test_a_graphql_body_over_one_megabyte_is_refused_with_413(api, how):
    headers = {"authorization": f"Bearer {api.token('nora')}", "content-type": "application/json"}
    api.client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    body = big_query(2 * MB)
    counter = StatementCounter(api.client)
    content = body if how == "declared" else chunks(body)
    response = api.client.post("/graphql", content=content, headers=headers)
    counter.close()
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == (
        "The request is larger than 1 MB, the most Steward accepts here; send less at a time."
    )
    assert counter.count <= 1  # at most who is asking; nothing was run


def test_a_graphql_body_under_the_limit_is_answered(api):
    headers = {"authorization": f"Bearer {api.token('nora')}", "content-type": "application/json"}
    body = big_query(MB - 1000)
    response = api.client.post("/graphql", content=chunks(body), headers=headers)
    assert response.status_code == 200
    assert "must be at most 10,000 characters" in response.text  # refused, but read


def test_a_form_post_over_the_limit_is_refused_with_413(signed_in):
    client = signed_in("ada")
    response = client.post(
        "/objectives",
        data={
            "csrf_token": csrf(client.get("/objectives").text),
            "title": "x" * (2 * MB),
            "level": "VISION",
        },
        headers={"accept": "text/html"},
    )
    assert response.status_code == 413
    assert "larger than 1 MB" in response.text


def test_the_measurement_import_takes_a_file_over_one_megabyte(signed_in):
    client = signed_in("ada")
    token = csrf(client.get("/measurements/import").text)
    content = b"metric,taken_at,value\n" + b"Unknown metric,2026-01-01T00:00:00Z,1\n" * 40_000
    assert len(content) > 1.4 * MB
    response = client.post(
        "/measurements/import",
        data={"csrf_token": token},
        files={"file": ("big.csv", content, "text/csv")},
    )
    assert response.status_code == 422  # read and checked: its metric is unknown
    assert "big.csv was refused" in response.text


def test_the_limit_is_a_setting(database_url, app_factory, tmp_path):
    settings = Settings.from_env(
        {"STEWARD_MAX_BODY_BYTES": "4096", "STEWARD_VAR_DIR": str(tmp_path)}
    )
    assert settings.max_body_bytes == 4096
    assert Settings.from_env({"STEWARD_VAR_DIR": str(tmp_path)}).max_body_bytes == MB
    with pytest.raises(SettingsError, match="STEWARD_MAX_BODY_BYTES must be a number of bytes"):
        Settings.from_env({"STEWARD_MAX_BODY_BYTES": "1MB", "STEWARD_VAR_DIR": str(tmp_path)})
