"""A stop is graceful: `steward serve` told to stop (SIGTERM, as systemd and container runtimes
send) answers the request it is in the middle of before it exits, and takes no new one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.support.processes import free_port, healthy

pytestmark = pytest.mark.slow


# The stop is the server's, whatever the database: SQLite is enough.
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_request_in_flight_is_answered_after_the_stop(database_url, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    env.update(
        STEWARD_DATABASE_URL=database_url,
        STEWARD_VAR_DIR=str(tmp_path),
        STEWARD_SHUTDOWN_GRACE_SECONDS="20",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not healthy(port):
            assert server.poll() is None, "the server exited at start-up"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        body = b"email=nobody%40example.org&password=not-the-password&csrf_token=x"
        # A sign-in whose form is still arriving when the stop comes: it is in flight.
        connection = socket.create_connection(("127.0.0.1", port), timeout=20)
        connection.sendall(
            b"POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body[:5]
        )
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        assert server.poll() is None, "the server stopped before the request in flight ended"
        assert not healthy(port), "a stopping server took a new request"
        connection.sendall(body[5:])
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        connection.close()
        status = answer.split(b"\r\n", 1)[0]
        assert status.startswith(b"HTTP/1.1 ") and status.split()[1] in (b"303", b"400", b"403"), (
            answer
        )
        # uvicorn ends by raising the signal it caught again, as a stopped service should
        assert server.wait(20) in (0, -signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
