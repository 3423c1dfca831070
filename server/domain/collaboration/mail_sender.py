"""Delivers the outbox: in the background of a serving process, every few seconds, in whichever
process holds the `mail` lease (server/runner_lease.py), or once from `steward mail --once`.

Each turn first writes the digests whose hour has come (mail.write_digests), then sends what is
due, oldest first, over one SMTP connection. A mail is marked sent, and committed, as soon as the
server accepted it, so a crash or a lost lease after that sends it no second time. A server that
cannot be reached costs the mails nothing: they wait, untouched, for the next turn. A mail the
server refuses is tried again later (mail.retry_after), and after MAX_ATTEMPTS tries stays in the
outbox as failed, with the server's answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server import runner_lease
from server.db import make_sync_engine
from server.domain.collaboration import mail
from server.models import OutboxMail
from server.settings import SmtpServer

LEASE = "mail"
BATCH = 100
MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 20
# A turn stops sending after this long, well inside the lease (at least two minutes), so no
# other process takes the lease while a mail of this turn is still going out.
TURN_SECONDS = 60
log = logging.getLogger("steward.mail")


@dataclass(frozen=True)
class Turn:
    """What one turn did."""

    digests: int = 0
    sent: int = 0
    refused: int = 0
    unreachable: bool = False


def _connect(server: SmtpServer) -> smtplib.SMTP:
    if server.security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=TIMEOUT_SECONDS,
            context=ssl.create_default_context(),
        )  # fmt: skip
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
        client.ehlo()
        if server.security == "starttls" or client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
    if server.username:
        client.login(server.username, server.password)
    return client


def _message(row: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}", domain="steward")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.text_body)
    message.add_alternative(row.html_body, subtype="html")
    return message


def send_due(session: Session, server: SmtpServer, sender: str, now: datetime | None = None
             ) -> Turn:  # fmt: skip
    """Send the mails due, committing each as it goes."""
    now = now or datetime.now(UTC)
    due = list(
        session.scalars(
            select(OutboxMail)
            .where(OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None),
                   OutboxMail.next_attempt_at <= now)
            .order_by(OutboxMail.id)
            .limit(BATCH)
        )
    )  # fmt: skip
    if not due:
        return Turn()
    try:
        client = _connect(server)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("cannot reach the mail server %r: %s; %d mails wait", server, error, len(due))
        session.rollback()
        return Turn(unreachable=True)
    sent = refused = 0
    started = time.monotonic()
    try:
        for row in due:
            if time.monotonic() - started > TURN_SECONDS:
                break  # the rest in the next turn
            try:
                client.send_message(_message(row, sender))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError) as error:  # fmt: skip
                _refused(row, error, now)
                refused += 1
            except (OSError, smtplib.SMTPException) as error:
                # The connection broke: this mail and the rest wait for the next turn.
                log.warning("the mail server went away: %s", error)
                session.rollback()
                return Turn(sent=sent, refused=refused, unreachable=True)
            else:
                row.sent_at = datetime.now(UTC)
                row.attempts += 1
                sent += 1
            session.commit()
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()
    return Turn(sent=sent, refused=refused)


def _refused(row: OutboxMail, error: Exception, now: datetime) -> None:
    row.attempts += 1
    row.last_error = str(error)[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.failed_at = now
        log.error("gave up mailing %s after %d tries: %s", row.to_address, row.attempts, error)
    else:
        row.next_attempt_at = now + mail.retry_after(row.attempts)


def turn(session: Session, server: SmtpServer, sender: str, now: datetime | None = None) -> Turn:
    """Write the digests due, then send what is due."""
    digests = mail.write_digests(session, now)
    session.commit()
    done = send_due(session, server, sender, now)
    return Turn(digests, done.sent, done.refused, done.unreachable)


def session_for(engine: Engine, base_url: str) -> Session:
    """A session whose notifications are mailed (the runners' and the command line's)."""
    return Session(engine, info={mail.INFO_KEY: mail.MailConfig(base_url),
                                 "base_url": base_url})  # fmt: skip


def run_if_runner(database_url: str, server: SmtpServer, sender: str, base_url: str,
                  every: timedelta) -> Turn | None:  # fmt: skip
    """One turn, if this process holds (or takes) the lease; None when another runs them."""
    engine = make_sync_engine(database_url, pooled=False)
    try:
        with session_for(engine, base_url) as session:
            if not runner_lease.acquire(session, LEASE, runner_lease.this_process(),
                                        max(every * 4, timedelta(minutes=2))):  # fmt: skip
                session.commit()
                return None
            session.commit()
            return turn(session, server, sender)
    finally:
        engine.dispose()


class MailRunner:
    """The background task: a turn every `every`."""

    def __init__(self, database_url: str, server: SmtpServer, sender: str, base_url: str,
                 every: timedelta) -> None:  # fmt: skip
        self.args = (database_url, server, sender, base_url, every)
        self.every = every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        await asyncio.sleep(2)  # let the process start serving first
        while True:
            try:
                done = await asyncio.to_thread(run_if_runner, *self.args)
                if done is not None and (done.sent or done.refused or done.digests):
                    log.info("mail: %d digests written, %d sent, %d refused",
                             done.digests, done.sent, done.refused)  # fmt: skip
            except DBAPIError as error:
                log.warning("the mail sender cannot reach the database: %s", error.orig)
            except Exception:
                log.exception("the mail sender failed")
            await asyncio.sleep(self.every.total_seconds())
