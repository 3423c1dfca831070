"""Running `steward` commands in a test (in-process), and counting what they wrote."""

from __future__ import annotations

import io
import sys

from sqlalchemy import func, select

from server.cli import main
from server.db import make_sync_engine


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of `steward *argv`."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def count(url: str, model) -> int:
    engine = make_sync_engine(url, pooled=False)
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return total
