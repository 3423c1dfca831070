"""Sends the webhook deliveries: in the background of a serving process, in whichever process holds
the `webhooks` lease, or once from `steward webhooks --once`.

Each delivery is a POST of its JSON payload with three headers a receiver checks:

    Steward-Event: initiative.changed
    Steward-Delivery: <the delivery's id; the same on every retry>
    Steward-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>

A 2xx answer delivers it. Anything else (another status, a timeout, a refused connection, an
address not allowed) is a failure: the delivery is tried again later (mail.retry_after: a
minute, doubling, at most six hours), and given up after MAX_ATTEMPTS. An endpoint failing
`failure_limit` times in a row is disabled, with a notice to the administrators (by mail when
mail is on, and in the audit log); enabling it again sends what waits.

Only http and https go out, to the address the host resolves to at send time, and never to a
loopback, private, link-local or otherwise special address unless the administrator listed its
network (STEWARD_WEBHOOK_ALLOWED_NETWORKS): the connection goes to the address checked, so a
name that resolves differently a moment later cannot redirect it. Redirects are not followed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import http.client
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from urllib.parse import urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server import runner_lease
from server.db import make_sync_engine
from server.domain.collaboration import mail
from server.domain.core import audit
from server.models import OutboxMail, Person, WebhookDelivery, WebhookEndpoint
from server.models.enums import AuditAction

LEASE = "webhooks"
BATCH = 50
MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
# A turn stops after this long, well inside the lease (at least two minutes): no other process
# takes the lease while a delivery of this turn is still going out.
TURN_SECONDS = 60
USER_AGENT = "Steward-Webhooks/1"
log = logging.getLogger("steward.webhooks")

Networks = Sequence[IPv4Network | IPv6Network]


@dataclass(frozen=True)
class Policy:
    """Where deliveries may go, and when an endpoint is disabled."""

    allowed_networks: Networks = ()
    failure_limit: int = 10


class NotAllowed(Exception):
    """The endpoint's address is one Steward does not send to."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The Steward-Signature header's value for this body at this time."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _special(address: IPv4Address | IPv6Address) -> bool:
    return (
        address.is_loopback or address.is_private or address.is_link_local
        or address.is_multicast or address.is_reserved or address.is_unspecified
        or not address.is_global
    )  # fmt: skip


def resolve(host: str, port: int, allowed: Networks) -> str:
    """The address to connect to: the first the host resolves to, when every one is allowed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NotAllowed(f"cannot resolve {host}: {error.strerror}") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    for address in addresses:
        if _special(address) and not any(address in network for network in allowed):
            raise NotAllowed(
                f"{host} resolves to {address}, an address Steward does not send to (allow its "
                "network with STEWARD_WEBHOOK_ALLOWED_NETWORKS)"
            )
    return str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked, whatever the name resolves to now."""

    def __init__(self, host: str, address: str, port: int | None, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int | None, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], allowed: Networks) -> int:
    """POST the body; the answer's status. Raises NotAllowed or OSError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotAllowed("only http:// and https:// addresses")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = resolve(parts.hostname, port, allowed)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname, address, port, TIMEOUT_SECONDS)
    try:
        path = parts.path or "/"
        connection.request("POST", f"{path}?{parts.query}" if parts.query else path, body,
                           headers)  # fmt: skip
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()


def _attempt(delivery: WebhookDelivery, endpoint: WebhookEndpoint, policy: Policy) -> str | None:
    """Send once; None when delivered, else why not."""
    body = delivery.payload.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Steward-Event": delivery.event,
        "Steward-Delivery": delivery.delivery_id,
        "Steward-Signature": sign(endpoint.secret, int(datetime.now(UTC).timestamp()), body),
    }
    try:
        status = post(endpoint.url, body, headers, policy.allowed_networks)
    except NotAllowed as error:
        return str(error)
    except (OSError, http.client.HTTPException) as error:
        return f"{type(error).__name__}: {error}"
    delivery.last_status = status
    return None if 200 <= status < 300 else f"answered {status}"


def deliver_due(session: Session, policy: Policy, now: datetime | None = None) -> tuple[int, int]:
    """Send the deliveries due to enabled endpoints, committing each; (delivered, failed)."""
    now = now or datetime.now(UTC)
    Pair = tuple[WebhookDelivery, WebhookEndpoint]
    due: list[Pair] = [(row[0], row[1]) for row in session.execute(
        select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookEndpoint.active, WebhookDelivery.delivered_at.is_(None),
               WebhookDelivery.failed_at.is_(None), WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.id)
        .limit(BATCH)
    )]  # fmt: skip
    delivered = failed = 0
    started = time.monotonic()
    for delivery, endpoint in due:
        if time.monotonic() - started > TURN_SECONDS:
            break  # the rest in the next turn
        if not endpoint.active:  # disabled by an earlier delivery of this turn
            continue
        problem = _attempt(delivery, endpoint, policy)
        delivery.attempts += 1
        if problem is None:
            delivery.delivered_at = datetime.now(UTC)
            delivery.last_error = ""
            endpoint.failures = 0
            delivered += 1
        else:
            failed += 1
            delivery.last_error = problem[:500]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.failed_at = now
            else:
                delivery.next_attempt_at = now + mail.retry_after(delivery.attempts)
            endpoint.failures += 1
            if endpoint.failures >= policy.failure_limit:
                _disable(session, endpoint, problem, now)
        session.commit()
    return delivered, failed


def _disable(session: Session, endpoint: WebhookEndpoint, problem: str, now: datetime) -> None:
    """Stop sending to an endpoint that keeps failing, and tell the administrators."""
    endpoint.active = False
    endpoint.disabled_reason = (
        f"Disabled after {endpoint.failures} failed deliveries in a row; the last: {problem}"
    )[:500]
    log.warning("webhook endpoint %s disabled: %s", endpoint.name, problem)
    audit.record(
        session, actor_id=None, actor_name="Steward", entity_type="WebhookEndpoint",
        entity_id=endpoint.id, entity_label=endpoint.name, action=AuditAction.UPDATE,
        before={"active": True}, after={"active": False, "reason": endpoint.disabled_reason},
        admin_only=True,
    )  # fmt: skip
    settings = mail.config(session)
    if settings is None:
        return
    admins = session.execute(
        select(Person.id, Person.email, Person.name).where(
            Person.is_admin.is_(True), Person.is_active.is_(True)
        )
    ).all()
    for admin in admins:
        text = (
            f"Hello {admin.name},\n\nSteward stopped sending to the webhook endpoint "
            f"“{endpoint.name}” ({endpoint.url}).\n{endpoint.disabled_reason}\n\nWhat waits for "
            f"it is kept; enable it again once it answers: {settings.base_url}/webhooks\n"
        )
        session.add(OutboxMail(
            person_id=admin.id, to_address=admin.email,
            subject=f"Webhook endpoint “{endpoint.name}” disabled", text_body=text,
            html_body="<pre>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</pre>",
            next_attempt_at=now,
        ))  # fmt: skip


def run_if_runner(
    database_url: str, policy: Policy, base_url: str, every: timedelta, mail_on: bool
) -> tuple[int, int] | None:
    """One turn, if this process holds (or takes) the lease; None when another runs them."""
    engine: Engine = make_sync_engine(database_url, pooled=False)
    info: dict[str, object] = {"base_url": base_url}
    if mail_on:
        info[mail.INFO_KEY] = mail.MailConfig(base_url)
    try:
        with Session(engine, info=info) as session:
            if not runner_lease.acquire(session, LEASE, runner_lease.this_process(),
                                        max(every * 4, timedelta(minutes=2))):  # fmt: skip
                session.commit()
                return None
            session.commit()
            return deliver_due(session, policy)
    finally:
        engine.dispose()


class WebhookRunner:
    """The background task: a turn every `every`."""

    def __init__(self, database_url: str, policy: Policy, base_url: str, every: timedelta,
                 mail_on: bool) -> None:  # fmt: skip
        self.args = (database_url, policy, base_url, every, mail_on)
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
                if done is not None and any(done):
                    log.info("webhooks: %d delivered, %d failed", *done)
            except DBAPIError as error:
                log.warning("the webhook sender cannot reach the database: %s", error.orig)
            except Exception:
                log.exception("the webhook sender failed")
            await asyncio.sleep(self.every.total_seconds())
