"""`make clean-db` starts over: it deletes the embedded database and its companion files, and
nothing else (what else lives in var/ stays)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_db_deletes_the_embedded_database_only(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    var = tmp_path / "var"
    var.mkdir()
    doomed = ["steward.db", "steward.db-wal", "steward.db-shm", "steward.db-progress"]
    for name in [*doomed, "keep.txt"]:
        (var / name).write_text("x")
    done = subprocess.run(
        ["make", "clean-db"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in var.iterdir()) == ["keep.txt"]
    assert "make run creates a new one" in done.stdout
    again = subprocess.run(["make", "clean-db"], cwd=tmp_path, capture_output=True, timeout=60)
    assert again.returncode == 0  # nothing to delete is fine
