"""The servers under test, each in its own process, and the HTTP load driver.

The driver runs N workers on one keep-alive client; each posts the same request again and
again. Requests that start in the warm-up are thrown away; those that start in the measured
window count, and every answer must be the expected bytes.
"""

from __future__ import annotations

import asyncio
import math
import os
import socket
import subprocess
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int | str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the fields after the command name


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children (Linux /proc), in seconds."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(entry.name)
        if fields is None:
            continue
        # fields[1] is the parent pid; fields[11] and [12] are utime and stime (man 5 proc)
        if entry.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / _TICKS


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base_url: str
    log_path: Path

    def cpu_seconds(self) -> float:
        """CPU time the server and its child processes (uvicorn's workers) have used so far."""
        return process_cpu_seconds(self.process.pid)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    name: str, command: list[str], env: dict[str, str], port: int, log_path: Path
) -> Server:
    """Start a server and wait until GET /healthz answers 200."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(name, process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"the {name} server stopped ({process.returncode}); {log_path}:\n"
                f"{server.log_tail()}"
            )
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"the {name} server did not answer /healthz in 60 s; {log_path}")


@dataclass(frozen=True)
class Call:
    """One request, and the bytes its answer must be."""

    url: str
    body: bytes
    headers: dict[str, str]
    expected: bytes
    method: str = "POST"
    # What of an answer is compared: e.g. a page with its per-page CSRF tokens blanked out.
    compared: Callable[[bytes], bytes] | None = None


@dataclass
class Sample:
    latencies: list[float]  # seconds, of the requests started in the measured window
    elapsed: float  # from the window's start to the last counted answer
    failures: list[str] = field(default_factory=list)
    completed: int = 0  # every answered request, warm-up included
    server_cpu: float | None = None  # seconds the server used over the whole run

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request, in milliseconds (steadier than latency on a shared machine)."""
        if self.server_cpu is None or not self.completed:
            return math.nan
        return round(self.server_cpu / self.completed * 1000, 2)

    @classmethod
    def merged(cls, parts: list[Sample]) -> Sample:
        """Several runs of the same call taken as one: their latencies, time, answers and CPU."""
        cpu = [part.server_cpu for part in parts]
        return cls(
            latencies=[latency for part in parts for latency in part.latencies],
            elapsed=sum(part.elapsed for part in parts),
            failures=[failure for part in parts for failure in part.failures],
            completed=sum(part.completed for part in parts),
            server_cpu=None if None in cpu else sum(c for c in cpu if c is not None),
        )

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        count = len(ordered)
        return {
            "requests": count,
            "p50_ms": round(percentile(ordered, 50) * 1000, 2),
            "p99_ms": round(percentile(ordered, 99) * 1000, 2),
            "mean_ms": round(sum(ordered) / count * 1000, 2) if count else math.nan,
            "req_per_s": round(count / self.elapsed, 2) if self.elapsed > 0 else math.nan,
            "cpu_ms": self.cpu_ms,
        }


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


async def drive(call: Call, concurrency: int, seconds: float, warmup: float) -> Sample:
    """`concurrency` workers posting `call` for `warmup` + `seconds` seconds."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    failures: list[str] = []
    completed = 0
    clock = time.perf_counter
    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(600)) as client:
        window_start = clock() + warmup
        window_end = window_start + seconds
        last_end = window_start

        async def worker() -> None:
            nonlocal last_end, completed
            while not failures:
                began = clock()
                if began >= window_end:
                    return
                response = await client.request(
                    call.method, call.url, content=call.body or None, headers=call.headers
                )
                ended = clock()
                completed += 1
                content = response.content
                if call.compared is not None:
                    content = call.compared(content)
                if response.status_code != 200 or content != call.expected:
                    failures.append(
                        f"HTTP {response.status_code}, {len(response.content)} bytes "
                        f"(expected {len(call.expected)}): {response.content[:300]!r}"
                    )
                    return
                if began >= window_start:
                    latencies.append(ended - began)
                    last_end = max(last_end, ended)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Sample(latencies, last_end - window_start, failures, completed)


def drive_server(
    server: Server, call: Call, concurrency: int, seconds: float, warmup: float
) -> Sample:
    """`drive` against one server, with the CPU time the server spent meanwhile."""
    cpu_before = server.cpu_seconds()
    sample = run(drive(call, concurrency, seconds, warmup))
    sample.server_cpu = server.cpu_seconds() - cpu_before
    return sample


def run(coroutine: Coroutine[Any, Any, T] | Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on uvloop when it is installed (as uvicorn does), else on asyncio."""
    try:
        import uvloop

        factory = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(coroutine() if callable(coroutine) else coroutine)
