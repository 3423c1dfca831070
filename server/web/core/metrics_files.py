"""Where the worker processes of `steward serve` keep their metrics, so that a scrape of any of
them sums them all: prometheus_client's multiprocess mode, one folder of memory-mapped files
shared by the workers (PROMETHEUS_MULTIPROC_DIR).

The library picks its mode once, when it is first imported, from that variable; so the serve
command sets it before anything imports the library, and the workers it starts inherit it. A
process without it (the tests, a script) keeps its metrics in its own memory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"


def share_between_workers(var_dir: Path, port: int) -> Path:
    """Give the processes about to serve on `port` an empty folder of their own under var_dir
    (`metrics-<port>`: two servers sharing a var folder keep apart) and point the library at it.
    The files of an earlier run are removed, so counters start from zero as a server does."""
    if "prometheus_client" in sys.modules:
        raise RuntimeError(
            "prometheus_client was imported before its metrics folder was set: it would keep "
            "this process's metrics in memory, and a scrape would not sum the workers"
        )
    directory = (var_dir / f"metrics-{port}").resolve()
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ[ENV] = str(directory)
    return directory


def shared_directory() -> str | None:
    """The folder this process's metrics are written to, or None when they live in its memory."""
    directory = os.environ.get(ENV)
    if not directory:
        return None
    from prometheus_client import values

    if not getattr(values.ValueClass, "_multiprocess", False):
        raise RuntimeError(
            f"{ENV} was set after prometheus_client was imported; set it before the process "
            "starts (steward serve does)"
        )
    return directory
