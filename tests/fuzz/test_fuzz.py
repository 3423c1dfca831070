"""schemathesis fuzzes every query and mutation (a fixed seed, a few examples each): no answer
is a 5xx or an INTERNAL error. `make fuzz` runs the same for 10,000 requests and more."""

from __future__ import annotations

from tests.fuzz.driver import Fuzzer, Tally
from tests.support.clients import ApiClient

SEED = 20_261_205
PER_OPERATION = 8


def test_fuzzing_every_query_and_mutation_finds_no_server_error(demo_client, demo_url):
    token = ApiClient(demo_client, demo_url).token("ada", "read_write")  # an administrator

    def post(body: dict) -> tuple[int, str]:
        response = demo_client.post(
            "/graphql", json=body, headers={"authorization": f"Bearer {token}"}
        )
        return response.status_code, response.text

    fuzzer = Fuzzer(post)
    tally = fuzzer.run(Tally(), per_operation=PER_OPERATION, seed_value=SEED)
    assert set(tally.by_operation) == {operation.label for operation in fuzzer.operations}
    assert any(label.startswith("Mutation.") for label in tally.by_operation)
    assert tally.server_errors == 0 and tally.internal == 0, "\n\n".join(tally.findings)
