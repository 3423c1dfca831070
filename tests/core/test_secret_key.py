"""The session-signing key kept in the var folder: made once, shared by every process on it."""

from __future__ import annotations

import stat

import pytest

from server import settings
from server.settings import Settings


def test_a_first_start_keeps_a_private_key_and_later_starts_read_it(tmp_path):
    first = Settings.from_env({"STEWARD_VAR_DIR": str(tmp_path)}).secret_key
    again = Settings.from_env({"STEWARD_VAR_DIR": str(tmp_path)}).secret_key
    assert first == again
    assert len(first) >= 48
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_a_process_that_loses_the_race_to_store_the_key_uses_the_winners(
    tmp_path, monkeypatch: pytest.MonkeyPatch
):
    """Two servers started together both find no key; the one that stores second must not
    overwrite the first one's key, or sessions signed by one are refused by the other."""

    def generate_while_another_process_stores(_size: int) -> str:
        (tmp_path / "secret_key").write_text("theirs\n")
        return "ours"

    monkeypatch.setattr(settings.secrets, "token_urlsafe", generate_while_another_process_stores)
    key = Settings.from_env({"STEWARD_VAR_DIR": str(tmp_path)}).secret_key
    assert key == "theirs"
    assert (tmp_path / "secret_key").read_text() == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
