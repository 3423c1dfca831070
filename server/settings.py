"""Settings read from the environment, with safe defaults for a first run."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

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
    # Run every page document on both executors and require the same answer (the suite's
    # check; it doubles the work of a page).
    check_executors: bool = False

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
        return cls(
            database_url=database_url,
            secret_key=env.get("STEWARD_SECRET_KEY") or _stored_secret_key(var_dir),
            var_dir=var_dir,
            debug=_flag(env, "STEWARD_DEBUG"),
            https_only=_flag(env, "STEWARD_HTTPS_ONLY"),
            host=env.get("STEWARD_HOST", "127.0.0.1"),
            port=_port(env.get("STEWARD_PORT", "8000")),
            fast_executor=_executor(env.get("STEWARD_EXECUTOR", "fast")),
        )


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


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SettingsError(f"STEWARD_PORT must be a port number from 1 to 65535, not {value!r}")
    return int(value)


def _stored_secret_key(var_dir: Path) -> str:
    """Generate the session-signing key once and keep it, so restarts keep people signed in."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key + "\n")
    return key
