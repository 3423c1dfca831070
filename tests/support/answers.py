"""Record the answer to every GraphQL document the suite sends, to prove a change to the read
path changes no answer, byte for byte.

A pytest plugin (loaded by tests/conftest.py), off unless asked:

    pytest --record-answers=var/answers/before     # on the code as it was
    pytest --record-answers=var/answers/after      # on the changed code
    python -m tests.support.answers var/answers/before var/answers/before-again var/answers/after

Every document a schema executes (the API's, the pages' in-process ones, both databases) is
written as one JSON line per request: the test, the request's number within the test, the
document, its variables and the answer as the API encodes it (orjson). The comparison keeps
the answers that two recordings of the old code agree on (times of day and generated ids differ
from run to run) and requires the new recording to hold the same bytes for each of them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

_OPTION = "--record-answers"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        _OPTION,
        metavar="DIR",
        default=None,
        help="write every GraphQL answer the suite receives to DIR (one file per worker)",
    )


class _Recorder:
    def __init__(self, folder: Path, worker: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.file = (folder / f"{worker}.jsonl").open("ab")
        self.counts: dict[str, int] = {}

    def write(self, source: str, variables: Any, operation: str | None, answer: bytes) -> None:
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0]
        number = self.counts[test] = self.counts.get(test, 0) + 1
        line = orjson.dumps(
            {
                "test": test,
                "n": number,
                "operation": operation,
                "document": hashlib.sha256(source.encode()).hexdigest()[:16],
                "variables": variables,
                "answer": answer.decode(),
            },
            default=str,
        )
        self.file.write(line + b"\n")
        self.file.flush()


def pytest_configure(config: pytest.Config) -> None:
    folder = config.getoption(_OPTION)
    if not folder:
        return
    from strawberry.schema.schema import Schema

    from schema.core.executor_check import _Replaying

    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    recorder = _Recorder(Path(folder), worker)
    execute = Schema.execute

    async def recording(self: Schema, query: str | None, *args: Any, **kwargs: Any) -> Any:
        result = await execute(self, query, *args, **kwargs)
        if self.execution_context_class is not _Replaying and query is not None:
            errors = [error.formatted for error in result.errors or []]
            answer = orjson.dumps({"data": result.data, "errors": errors})
            recorder.write(
                query, kwargs.get("variable_values"), kwargs.get("operation_name"), answer
            )
        return result

    Schema.execute = recording  # type: ignore[method-assign]

    # A document answered by its compiled statement never reaches Schema.execute: its answer is
    # recorded as the API sends it (the suite's own check of it against the stock answer runs
    # below this method, and is not recorded).
    from schema.core.compiled_documents import CompiledDocuments

    answer_text = CompiledDocuments.answer_text

    async def recording_compiled(
        self: CompiledDocuments, query: str, operation: str | None, inputs: Any, context: Any
    ) -> str | None:
        text = await answer_text(self, query, operation, inputs, context)
        if text is not None:
            answer = b'{"data":' + text.encode() + b',"errors":[]}'
            recorder.write(query, inputs, operation, answer)
        return text

    CompiledDocuments.answer_text = recording_compiled  # type: ignore[method-assign]


# -- the comparison ------------------------------------------------------------------------


def _load(folder: Path) -> dict[tuple[str, int], dict[str, Any]]:
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            entry = orjson.loads(line)
            found[(entry["test"], entry["n"])] = entry
    return found


def _same_request(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["document"] == b["document"] and a["variables"] == b["variables"]


def compare(before: Path, again: Path, after: Path) -> Iterator[str]:
    """Lines describing every stable answer the new recording changed; empty when none."""
    first, second, new = _load(before), _load(again), _load(after)
    stable = {
        key: entry
        for key, entry in first.items()
        if key in second
        and _same_request(entry, second[key])
        and entry["answer"] == second[key]["answer"]
    }
    checked = missing = 0
    for key, entry in sorted(stable.items()):
        changed = new.get(key)
        if changed is None or not _same_request(entry, changed):
            missing += 1
            continue
        checked += 1
        if changed["answer"] != entry["answer"]:
            yield (
                f"CHANGED {key[0]} #{key[1]} ({entry['operation'] or 'anonymous'}):\n"
                f"  before: {entry['answer'][:600]}\n  after:  {changed['answer'][:600]}"
            )
    yield (
        f"{len(first)} answers recorded before, {len(stable)} the same in both recordings of "
        f"the old code; {checked} of them compared with the new recording, {missing} not sent "
        f"by the new run in the same place"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.answers")
    parser.add_argument("before", type=Path, help="a recording of the old code")
    parser.add_argument("again", type=Path, help="a second recording of the old code")
    parser.add_argument("after", type=Path, help="a recording of the new code")
    args = parser.parse_args(argv)
    changed = 0
    for line in compare(args.before, args.again, args.after):
        changed += line.startswith("CHANGED")
        print(line)
    print(f"{changed} answers changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
