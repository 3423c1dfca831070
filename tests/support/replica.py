"""A real PostgreSQL streaming replica of the test server, for the read-replica tests.

`start_replica` makes a second cluster on this machine with `pg_basebackup` from the primary
(STEWARD_TEST_POSTGRES_URL, which must be on this machine), in a temporary directory, on a free
port, run as the `postgres` OS user with its own configuration and hba file, streaming from the
primary. The primary must accept replication connections from 127.0.0.1 for its user: when it
does not, the line `host replication <user> 127.0.0.1/32 trust` is added to its hba file and
the configuration reloaded (`SELECT pg_reload_conf()`), which needs the right to write that
file. Anything missing raises `ReplicaUnavailable` with the reason.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from server.db import make_sync_engine

OS_USER = "postgres"
HBA_LINE = "host replication {user} 127.0.0.1/32 trust"
HBA_NOTE = "# added by Steward's read-replica tests (tests/support/replica.py)"


class ReplicaUnavailable(RuntimeError):
    """A replica cannot be started here; the message says why."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """The command, run as the `postgres` OS user."""
    if pwd.getpwuid(os.geteuid()).pw_name == OS_USER:
        return command
    if os.geteuid() != 0:
        raise ReplicaUnavailable(
            f"the replica must run as the {OS_USER!r} OS user; run the tests as root or {OS_USER!r}"
        )
    return ["runuser", "-u", OS_USER, "--", *command]


def _run(command: list[str], timeout: float = 120) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise ReplicaUnavailable(
            f"{' '.join(command)} failed: {(done.stderr or done.stdout).strip()[-800:]}"
        )


class ReplicaCluster:
    """A streaming replica of the primary at `primary_url`, until `stop`."""

    def __init__(self, primary_url: str) -> None:
        self.primary = make_url(primary_url)
        if self.primary.host not in ("127.0.0.1", "localhost"):
            raise ReplicaUnavailable(
                f"the primary must run on this machine (127.0.0.1), not {self.primary.host}"
            )
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            raise ReplicaUnavailable(f"there is no {OS_USER!r} OS user") from None
        self.admin = make_sync_engine(primary_url, pooled=False).execution_options(
            isolation_level="AUTOCOMMIT"
        )
        self.bin = self._binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="steward-replica-"))
        self.data = self.folder / "data"
        self.port = _free_port()

    def _binaries(self) -> Path:
        with self.admin.connect() as connection:
            version = int(connection.execute(text("SHOW server_version_num")).scalar_one())
            wal_level = connection.execute(text("SHOW wal_level")).scalar_one()
            senders = int(connection.execute(text("SHOW max_wal_senders")).scalar_one())
        if wal_level not in ("replica", "logical") or senders < 1:
            raise ReplicaUnavailable(
                f"the primary cannot stream WAL (wal_level={wal_level}, "
                f"max_wal_senders={senders}); it needs wal_level=replica and max_wal_senders>0"
            )
        folder = Path(f"/usr/lib/postgresql/{version // 10000}/bin")
        for program in ("pg_basebackup", "pg_ctl"):
            if not (folder / program).exists():
                raise ReplicaUnavailable(f"{folder / program} is missing")
        return folder

    def url(self, database: str | None = None) -> str:
        """The replica's URL for `database` (the primary's, by default)."""
        url: URL = self.primary.set(host="127.0.0.1", port=self.port)
        if database is not None:
            url = url.set(database=database)
        return url.render_as_string(hide_password=False)

    # -- the primary lets the replica connect ------------------------------------------------

    def _replication_allowed(self) -> bool:
        try:
            with psycopg.connect(
                host="127.0.0.1",
                port=self.primary.port or 5432,
                user=self.primary.username or OS_USER,
                password=self.primary.password,
                dbname="replication",
                replication="true",
                connect_timeout=5,
            ):
                pass  # the hba file is consulted as the connection opens
        except psycopg.OperationalError as error:
            if "pg_hba.conf" in str(error):
                return False
            raise ReplicaUnavailable(f"a replication connection failed: {error}") from None
        return True

    def allow_replication(self) -> None:
        """Add the replication line to the primary's hba file when it lacks one, and reload."""
        with open(tempfile.gettempdir() + "/steward-replica-hba.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self._replication_allowed():
                return
            with self.admin.connect() as connection:
                hba = Path(connection.execute(text("SHOW hba_file")).scalar_one())
                line = HBA_LINE.format(user=self.primary.username or OS_USER)
                try:
                    with hba.open("a") as file:
                        file.write(f"\n{HBA_NOTE}\n{line}\n")
                except OSError as error:
                    raise ReplicaUnavailable(
                        f"the primary refuses replication connections and its hba file "
                        f"{hba} cannot be changed ({error}); add: {line}"
                    ) from None
                connection.execute(text("SELECT pg_reload_conf()"))
            time.sleep(0.5)
            if not self._replication_allowed():
                raise ReplicaUnavailable(f"{hba} still refuses replication after adding {line}")

    # -- the replica's life -----------------------------------------------------------------

    def create(self) -> None:
        """Copy the primary (pg_basebackup) and configure the copy as a standby."""
        self.allow_replication()
        shutil.chown(self.folder, OS_USER, OS_USER)
        os.chmod(self.folder, 0o700)
        _run(
            _as_postgres(
                [
                    str(self.bin / "pg_basebackup"),
                    "--host=127.0.0.1",
                    f"--port={self.primary.port or 5432}",
                    f"--username={self.primary.username or OS_USER}",
                    f"--pgdata={self.data}",
                    "--write-recovery-conf",
                    "--wal-method=stream",
                    "--checkpoint=fast",
                    "--no-sync",
                ]
            )
        )
        files = {
            "postgresql.conf": (
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\nhot_standby = on\n"
                "fsync = off\nshared_buffers = 32MB\nhot_standby_feedback = on\n"
            ),
            "pg_hba.conf": (
                "local all all trust\nhost all all 127.0.0.1/32 trust\n"
                "host replication all 127.0.0.1/32 trust\n"
            ),
            "pg_ident.conf": "",
        }
        for name, content in files.items():
            path = self.data / name
            path.write_text(content)
            shutil.chown(path, OS_USER, OS_USER)

    def start(self) -> None:
        log = self.folder / "log"
        pg_ctl = str(self.bin / "pg_ctl")
        data = str(self.data)
        _run(_as_postgres([pg_ctl, "-D", data, "-l", str(log), "-w", "-t", "60", "start"]))

    def stop(self) -> None:
        _run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]))

    def remove(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.admin.dispose()

    # -- reading it -------------------------------------------------------------------------

    def execute(self, sql: str, database: str = "postgres") -> object:
        engine = make_sync_engine(self.url(database), pooled=False)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql)).scalar()
        finally:
            engine.dispose()

    def pause(self) -> None:
        self.execute("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        self.execute("SELECT pg_wal_replay_resume()")

    def catch_up(self, timeout: float = 30) -> None:
        """Wait until the replica has replayed everything the primary has written so far."""
        with self.admin.connect() as connection:
            target = connection.execute(text("SELECT pg_current_wal_lsn()::text")).scalar_one()
        deadline = time.monotonic() + timeout
        while True:
            done = self.execute(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
            if done:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the replica did not replay up to {target} in {timeout} s")
            time.sleep(0.05)


def start_replica(primary_url: str) -> ReplicaCluster:
    """A running replica of the primary (raises ReplicaUnavailable, saying why, if it cannot)."""
    cluster = ReplicaCluster(primary_url)
    try:
        cluster.create()
        cluster.start()
        cluster.catch_up()
    except BaseException:
        cluster.remove()
        raise
    return cluster
