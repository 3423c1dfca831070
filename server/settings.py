"""Settings read from the environment, with safe defaults for a first run."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from dataclasses import dataclass
from email.utils import parseaddr
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = PROJECT_ROOT / "var"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Everything the app needs from its surroundings, read once at start-up."""

    database_url: str
    secret_key: str
    var_dir: Path
    debug: bool = False
    https_only: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    fast_executor: bool = True
    # On PostgreSQL, the reads one request makes at the same moment go out together, in one
    # round trip (server/statement_batch.py); off, each waits for the one before it.
    batch_reads: bool = True
    # Request bodies larger than this are refused with 413 (the measurement import page
    # keeps its own larger limit).
    max_body_bytes: int = 1024 * 1024
    # Signing in: failures counted per account and per client address within a window; at the
    # account limit (or the address limit) further attempts are refused at once, and at the
    # lock limit the account is locked. Invalid API tokens are counted per address the same way.
    sign_in_window_minutes: int = 15
    sign_in_account_limit: int = 5
    sign_in_address_limit: int = 20
    sign_in_lock_after: int = 10
    sign_in_lock_minutes: int = 15
    token_address_limit: int = 20
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    password_threads: int = 1
    session_idle_minutes: int = 12 * 60
    session_lifetime_hours: int = 14 * 24
    # Run every page document on both executors and require the same answer (the suite's
    # check; it doubles the work of a page).
    check_executors: bool = False
    # Answer every read document the API answers again from its compiled statement and require
    # the same answer (the suite's check of schema/core/compiler.py, on PostgreSQL).
    check_compiled: bool = False
    # Reminders (server/domain/collaboration/reminders.py): run in the background every so many
    # minutes unless off (operators who prefer cron run `steward remind --once`), and their
    # thresholds.
    reminders: bool = True
    reminder_interval_minutes: int = 15
    reminder_stale_days: int = 30
    reminder_decision_days: int = 14
    # E-mail (server/domain/collaboration/mail.py): off unless an SMTP server is named; then
    # notifications are also mailed, as each person chose, from the outbox by a background
    # sender every `mail_interval_seconds`. `base_url` makes the links in mails (and webhooks)
    # absolute.
    smtp: SmtpServer | None = None
    mail_sender: bool = True  # off: operators who prefer cron run `steward mail --once`
    mail_from: str = "Steward <steward@localhost>"
    base_url: str = "http://127.0.0.1:8000"
    mail_interval_seconds: int = 30
    # Webhooks (server/domain/collaboration/webhook_sender.py): deliveries sent in the
    # background every so many seconds unless off (`steward webhooks --once` from cron instead);
    # private and loopback addresses are refused unless listed in `webhook_allowed_networks`;
    # an endpoint failing `webhook_failure_limit` times in a row is disabled.
    webhooks: bool = True
    webhook_interval_seconds: int = 10
    webhook_allowed_networks: tuple[IPv4Network | IPv6Network, ...] = ()
    webhook_failure_limit: int = 10
    # Watching it (docs/operations.md): /-/metrics answers anyone when open, else an
    # administrator; one log line per request, as text or JSON lines; a request slower than
    # `slow_request_ms` is logged as a warning.
    metrics_open: bool = False
    log_format: str = "text"  # "text" or "json"
    slow_request_ms: int = 1000
    # Several servers, one database (docs/deploy.md): reads may go to a streaming replica of
    # the primary (server/replica.py); each engine of each worker process keeps a pool of
    # `db_pool_size` connections and opens up to `db_max_overflow` more under load; a replica
    # found down is tried again after `replica_retry_seconds`.
    read_database_url: str | None = None
    db_pool_size: int = 10
    db_max_overflow: int = 10
    replica_retry_seconds: int = 5
    # A stop (SIGTERM, Ctrl-C) takes no new connections and lets the requests in flight finish
    # for up to this long before closing them; background work (imports, mail, webhooks) stops
    # between batches and its lease lets another server take it over.
    shutdown_grace_seconds: int = 30

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        var_dir = Path(env.get("STEWARD_VAR_DIR") or DEFAULT_VAR_DIR)
        database_url = env.get("STEWARD_DATABASE_URL") or f"sqlite:///{var_dir / 'steward.db'}"
        if "://" not in database_url:
            raise SettingsError(
                f"STEWARD_DATABASE_URL must be a database URL such as "
                f"sqlite:///var/steward.db or postgresql+psycopg://user@host/db, "
                f"not {database_url!r}"
            )
        account_limit = _count(env, "STEWARD_SIGN_IN_ACCOUNT_LIMIT", 5)
        lock_after = _count(env, "STEWARD_SIGN_IN_LOCK_AFTER", 10)
        if lock_after < account_limit:
            raise SettingsError(
                f"STEWARD_SIGN_IN_LOCK_AFTER must be at least STEWARD_SIGN_IN_ACCOUNT_LIMIT "
                f"({account_limit}), not {lock_after}"
            )
        return cls(
            database_url=database_url,
            secret_key=env.get("STEWARD_SECRET_KEY") or _stored_secret_key(var_dir),
            var_dir=var_dir,
            debug=_flag(env, "STEWARD_DEBUG"),
            https_only=_flag(env, "STEWARD_HTTPS_ONLY"),
            host=env.get("STEWARD_HOST", "127.0.0.1"),
            port=_port(env.get("STEWARD_PORT", "8000")),
            fast_executor=_executor(env.get("STEWARD_EXECUTOR", "fast")),
            batch_reads=not _off(env, "STEWARD_BATCH_READS"),
            max_body_bytes=_size(env, "STEWARD_MAX_BODY_BYTES", 1024 * 1024),
            sign_in_window_minutes=_count(env, "STEWARD_SIGN_IN_WINDOW_MINUTES", 15),
            sign_in_account_limit=account_limit,
            sign_in_address_limit=_count(env, "STEWARD_SIGN_IN_ADDRESS_LIMIT", 20),
            sign_in_lock_after=lock_after,
            sign_in_lock_minutes=_count(env, "STEWARD_SIGN_IN_LOCK_MINUTES", 15),
            token_address_limit=_count(env, "STEWARD_TOKEN_ADDRESS_LIMIT", 20),
            trusted_proxies=_networks(env.get("STEWARD_TRUSTED_PROXIES", "")),
            password_threads=_count(env, "STEWARD_PASSWORD_THREADS", 1),
            session_idle_minutes=_count(env, "STEWARD_SESSION_IDLE_MINUTES", 12 * 60),
            session_lifetime_hours=_count(env, "STEWARD_SESSION_LIFETIME_HOURS", 14 * 24),
            reminders=not _off(env, "STEWARD_REMINDERS"),
            reminder_interval_minutes=_count(env, "STEWARD_REMINDER_INTERVAL_MINUTES", 15),
            reminder_stale_days=_count(env, "STEWARD_REMINDER_STALE_DAYS", 30),
            reminder_decision_days=_count(env, "STEWARD_REMINDER_DECISION_DAYS", 14),
            smtp=smtp_server(env.get("STEWARD_SMTP_URL", "").strip()),
            mail_sender=not _off(env, "STEWARD_MAIL_SENDER"),
            mail_from=_mail_from(env.get("STEWARD_MAIL_FROM", "").strip()),
            base_url=_base_url(env, env.get("STEWARD_BASE_URL", "").strip()),
            mail_interval_seconds=_count(env, "STEWARD_MAIL_INTERVAL_SECONDS", 30),
            webhooks=not _off(env, "STEWARD_WEBHOOKS"),
            webhook_interval_seconds=_count(env, "STEWARD_WEBHOOK_INTERVAL_SECONDS", 10),
            webhook_allowed_networks=_networks(
                env.get("STEWARD_WEBHOOK_ALLOWED_NETWORKS", ""), "STEWARD_WEBHOOK_ALLOWED_NETWORKS"
            ),
            webhook_failure_limit=_count(env, "STEWARD_WEBHOOK_FAILURE_LIMIT", 10),
            metrics_open=_flag(env, "STEWARD_METRICS_OPEN"),
            log_format=_log_format(env.get("STEWARD_LOG_FORMAT", "")),
            slow_request_ms=_count(env, "STEWARD_SLOW_REQUEST_MS", 1000),
            read_database_url=_read_database_url(env, database_url),
            db_pool_size=_count(env, "STEWARD_DB_POOL_SIZE", 10),
            db_max_overflow=_whole(env, "STEWARD_DB_MAX_OVERFLOW", 10),
            replica_retry_seconds=_count(env, "STEWARD_REPLICA_RETRY_SECONDS", 5),
            shutdown_grace_seconds=_count(env, "STEWARD_SHUTDOWN_GRACE_SECONDS", 30),
        )


@dataclass(frozen=True)
class SmtpServer:
    """Where mail goes: smtp:// (plain, or STARTTLS when the server offers it),
    smtp+starttls:// (STARTTLS required) or smtps:// (TLS from the start), with an optional
    user and password."""

    host: str
    port: int
    security: str  # "none", "starttls" or "tls"
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never print the password
        return f"SmtpServer({self.security}://{self.host}:{self.port})"


SMTP_SCHEMES = {"smtp": ("none", 25), "smtp+starttls": ("starttls", 587), "smtps": ("tls", 465)}


def smtp_server(url: str) -> SmtpServer | None:
    """The SMTP server STEWARD_SMTP_URL names, or None (no mail) when it is empty."""
    if not url:
        return None
    problem = (
        "STEWARD_SMTP_URL must look like smtp://host:25, smtp+starttls://user:password@host:587 "
        "or smtps://host:465"
    )
    parts = urlsplit(url)
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
        raise SettingsError(f"{problem}, not {parts.scheme or url!r}://…")
    security, default_port = SMTP_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise SettingsError(f"{problem}; its port is not a number from 1 to 65535") from None
    return SmtpServer(
        host=parts.hostname, port=port, security=security,
        username=unquote(parts.username or ""), password=unquote(parts.password or ""),
    )  # fmt: skip


def _mail_from(value: str) -> str:
    if not value:
        return "Steward <steward@localhost>"
    _, address = parseaddr(value)
    if "@" not in address or any(c in value for c in "\r\n"):
        raise SettingsError(
            f"STEWARD_MAIL_FROM must be an address such as 'Steward <steward@example.org>', "
            f"not {value!r}"
        )
    return value


def _base_url(env, value: str) -> str:
    """The address people reach Steward at, for links in mails; by default where it serves."""
    if not value:
        return f"http://{env.get('STEWARD_HOST', '127.0.0.1')}:{env.get('STEWARD_PORT', '8000')}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise SettingsError(
            f"STEWARD_BASE_URL must be the address people open Steward at, such as "
            f"https://steward.example.org, not {value!r}"
        )
    return value.rstrip("/")


def _off(env, name: str) -> bool:
    """A setting that is on unless set to 0, false, no or off."""
    value = env.get(name, "").strip()
    return value != "" and not _flag({name: value}, name)


def _flag(env, name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {value!r}")


def _executor(value: str) -> bool:
    if value not in ("fast", "stock"):
        raise SettingsError(f"STEWARD_EXECUTOR must be 'fast' or 'stock', not {value!r}")
    return value == "fast"


def _log_format(value: str) -> str:
    value = value.strip().lower() or "text"
    if value not in ("text", "json"):
        raise SettingsError(f"STEWARD_LOG_FORMAT must be 'text' or 'json', not {value!r}")
    return value


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SettingsError(f"STEWARD_PORT must be a port number from 1 to 65535, not {value!r}")
    return int(value)


def _size(env, name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < 1024:
        raise SettingsError(f"{name} must be a number of bytes, at least 1024, not {value!r}")
    return int(value)


def _read_database_url(env, database_url: str) -> str | None:
    """The read replica's URL, or None; only beside a PostgreSQL primary."""
    value = env.get("STEWARD_READ_DATABASE_URL", "").strip()
    if not value:
        return None
    if not value.startswith("postgresql") or "://" not in value:
        raise SettingsError(
            f"STEWARD_READ_DATABASE_URL must be a PostgreSQL URL such as "
            f"postgresql+psycopg://steward@replica.example.org/steward, not {value!r}"
        )
    if not database_url.startswith("postgresql"):
        raise SettingsError(
            "STEWARD_READ_DATABASE_URL needs a PostgreSQL primary in STEWARD_DATABASE_URL "
            "(a read replica is PostgreSQL's streaming replica)"
        )
    return value


def _whole(env, name: str, default: int) -> int:
    """A whole number, zero or more."""
    value = env.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise SettingsError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return int(value)


def _count(env, name: str, default: int) -> int:
    """A whole number above zero."""
    value = env.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise SettingsError(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


def _networks(
    value: str, name: str = "STEWARD_TRUSTED_PROXIES"
) -> tuple[IPv4Network | IPv6Network, ...]:
    """Comma-separated addresses or networks (10.0.0.5, 10.0.0.0/8, ::1)."""
    networks = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(
                f"{name} must list IP addresses or networks separated by "
                f"commas (e.g. 10.0.0.5, 192.168.0.0/16), not {part!r}"
            ) from None
    return tuple(networks)


def _stored_secret_key(var_dir: Path) -> str:
    """Generate the session-signing key once and keep it, so restarts keep people signed in.

    Processes started together (several `steward serve` on one folder) must all end up with
    the same key, or a session signed by one is refused by the other. The key is written in
    full to a private file first and then linked into place, which succeeds for one process
    only; every process then reads the key that won.
    """
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        handle, draft = tempfile.mkstemp(dir=var_dir, prefix=".secret_key.")
        try:
            with os.fdopen(handle, "w") as file:
                file.write(secrets.token_urlsafe(48) + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            os.unlink(draft)
    return path.read_text().strip()
