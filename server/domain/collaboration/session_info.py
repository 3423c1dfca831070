"""What every database session carries for the events a change sends on: where links point
(webhook payloads), and, when mail is on, mail's configuration (mail.py)."""

from __future__ import annotations

from typing import Any

from server.domain.collaboration import mail, webhooks
from server.settings import Settings


def session_info_for(settings: Settings) -> dict[str, Any]:
    info: dict[str, Any] = {webhooks.BASE_URL_KEY: settings.base_url}
    if settings.smtp is not None:
        info[mail.INFO_KEY] = mail.MailConfig(settings.base_url)
    return info
