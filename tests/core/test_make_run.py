"""`make run` on a fresh copy of the project: installs, migrates, loads the demo, serves."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from server.settings import PROJECT_ROOT
from tests.support.processes import free_port, healthy

pytestmark = pytest.mark.slow
INSTALL_AND_START_SECONDS = 420


def fresh_copy(target: Path) -> Path:
    """The project's files as a fresh clone would have them (tracked and not ignored)."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = PROJECT_ROOT / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
            destination.chmod(source.stat().st_mode)
    return target


def start(project: Path, port: int) -> subprocess.Popen:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STEWARD_", "PYTEST", "VIRTUAL_ENV"))
    }
    env["STEWARD_PORT"] = str(port)
    return subprocess.Popen(
        ["make", "run"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )


def wait_healthy(process: subprocess.Popen, port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not healthy(port):
        if process.poll() is not None:
            pytest.fail(f"make run exited with {process.returncode}:\n{process.stdout.read()}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"make run did not serve /healthz in {seconds} s")
        time.sleep(0.5)


def interrupt(process: subprocess.Popen) -> str:
    """Ctrl-C, as a person at the terminal would press it; returns everything printed."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("make run did not stop within 30 s of Ctrl-C")
    return output


def people_in(project: Path) -> int:
    with sqlite3.connect(project / "var" / "steward.db") as connection:
        return connection.execute("SELECT count(*) FROM people").fetchone()[0]


def test_make_run_in_a_fresh_copy_serves_and_keeps_its_data(tmp_path):
    project = fresh_copy(tmp_path / "steward")
    port = free_port()
    process = start(project, port)
    wait_healthy(process, port, INSTALL_AND_START_SECONDS)
    output = interrupt(process)
    assert "Traceback" not in output
    assert f"http://127.0.0.1:{port}/" in output
    assert "ada@harbour-it.example" in output and "steward-demo" in output
    assert "Finished server process" in output
    assert people_in(project) == 14

    added = subprocess.run(
        [
            str(project / ".venv/bin/steward"),
            "create-user",
            "--email",
            "kept@example.org",
            "--name",
            "Kept Person",
            "--password-stdin",
        ],
        cwd=project,
        input="a-long-password\n",
        text=True,
        capture_output=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}},
    )
    assert added.returncode == 0, added.stderr

    process = start(project, port)
    wait_healthy(process, port, 120)
    output = interrupt(process)
    assert "Traceback" not in output
    assert people_in(project) == 15
