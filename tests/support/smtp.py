"""A real SMTP server in the test process (aiosmtpd), to read what Steward mails."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from server.settings import SmtpServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the server received: each message with the addresses it went to. `refuse` makes
    it refuse mail for these addresses (550)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpt, message in self.messages if address in rcpt]


class MailServer:
    """Starts and stops on a port of its own; `server` is what Steward is told."""

    def __init__(self, port: int | None = None) -> None:
        self.inbox = Inbox()
        self.server = SmtpServer("127.0.0.1", port or free_port(), "none")
        self._controller: Controller | None = None

    def start(self) -> MailServer:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.server.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
