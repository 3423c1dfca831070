"""Webhooks for other tools: administrators register endpoints (a URL, the events wanted, whose
visibility the endpoint gets); each event is written to the delivery log in the transaction of
the change that caused it, for webhook_sender.py to POST, signed, with retries.

An endpoint sees what its `acts_as` person may see, or, acting as nobody, only what everyone
signed in sees: an event about a confidential plan's work never leaves for an endpoint whose
person may not see it. The secret signs every delivery; it is shown once, when the endpoint is
made (or a new one asked for), never read back.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.collaboration import audience
from server.domain.collaboration.audience import SUBJECTS
from server.domain.core import administration, validation
from server.domain.core.errors import INVALID, NOT_FOUND, RuleViolation, RuleViolations
from server.domain.core.global_ids import to_global_id
from server.domain.core.viewer import Viewer
from server.models import Person, WebhookDelivery, WebhookEndpoint
from server.models.enums import AuditAction

BASE_URL_KEY = "base_url"  # in a session's info: where links in payloads point

EVENTS = {
    "initiative.proposed": "An initiative was proposed.",
    "initiative.changed": "An initiative took a step of its lifecycle (approved, funded, "
    "started, completed …).",
    "suggestion.submitted": "A suggestion was submitted.",
    "suggestion.decided": "A suggestion was accepted, declined, merged or asked for more.",
    "comment.added": "Someone commented on an initiative, a suggestion, a metric, a service "
    "review or a balance assessment.",
}
PAGES = {kind: subject.path for kind, subject in SUBJECTS.items() if kind != "BalanceAssessment"}


def _secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _check_url(url: str | None, field: str) -> str:
    value = validation.text(field, url, limit=500, required=True).strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuleViolation(INVALID, "must be an http:// or https:// address", field)
    if parts.username or parts.password:
        raise RuleViolation(INVALID, "must not hold a user or password; Steward signs "
                            "each delivery instead", field)  # fmt: skip
    if parts.fragment:
        raise RuleViolation(INVALID, "must not end in a #fragment", field)
    return value


def _check_events(events: list[str] | None, field: str) -> str:
    chosen = sorted(set(events or []))
    if not chosen:
        raise RuleViolation(INVALID, "choose at least one event", field)
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise RuleViolation(
            INVALID, f"no such event: {', '.join(unknown)} (one of {', '.join(EVENTS)})", field
        )
    return ",".join(chosen)


def _check_person(session: Session, person_id: int | None, field: str) -> int | None:
    if person_id is None:
        return None
    active = session.scalar(select(Person.is_active).where(Person.id == person_id))
    if not active:
        raise RuleViolation(NOT_FOUND, "no active person has this id", field)
    return person_id


def _checked(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields given, each checked; every problem at once."""
    checks: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: validation.text("input.name", v, limit=120, required=True),
        "url": lambda v: _check_url(v, "input.url"),
        "events": lambda v: _check_events(v, "input.events"),
        "acts_as_id": lambda v: _check_person(session, v, "input.actsAsId"),
    }
    values: dict[str, Any] = {}
    problems: list[RuleViolation] = []
    for name, value in fields.items():
        try:
            values[name] = checks[name](value) if name in checks else value
        except RuleViolation as problem:
            problems.append(problem)
    if problems:
        raise RuleViolations(problems)
    return values


def create(
    session: Session, viewer: Viewer, name: str, url: str, events: list[str],
    acts_as_id: int | None,
) -> tuple[WebhookEndpoint, str]:  # fmt: skip
    """A new endpoint, and its secret (shown this once)."""
    administration.require_admin(viewer, "register webhooks")
    values = _checked(session, {"name": name, "url": url, "events": events,
                                "acts_as_id": acts_as_id})  # fmt: skip
    secret = _secret()
    endpoint = WebhookEndpoint(secret=secret, **values)
    session.add(endpoint)
    session.flush()
    administration.record(session, viewer, endpoint, endpoint.name, AuditAction.CREATE,
                          after=_described(endpoint), admin_only=True)  # fmt: skip
    return endpoint, secret


def _described(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What the audit log keeps of an endpoint: never its secret."""
    return {"name": endpoint.name, "url": endpoint.url, "events": endpoint.events,
            "actsAsId": endpoint.acts_as_id, "active": endpoint.active}  # fmt: skip


def _endpoint(session: Session, pk: int | None, expected_version: int | None) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, pk) if pk is not None else None
    if endpoint is None:
        raise RuleViolation(NOT_FOUND, "no webhook endpoint has this id", "input.id")
    if expected_version is not None and expected_version != endpoint.version:
        raise RuleViolation("CONFLICT", "The endpoint was changed after you read it; reload it "
                            "and try again.", "input.expectedVersion")  # fmt: skip
    return endpoint


def update(
    session: Session, viewer: Viewer, pk: int | None, expected_version: int | None,
    fields: dict[str, Any], new_secret: bool = False,
) -> tuple[WebhookEndpoint, str | None]:  # fmt: skip
    """Change an endpoint: the fields given; `active` true enables it again (its failures
    forgotten); `new_secret` replaces the secret, returned this once."""
    administration.require_admin(viewer, "change webhooks")
    endpoint = _endpoint(session, pk, expected_version)
    values = _checked(session, fields)
    before = _described(endpoint)
    for name, value in values.items():
        setattr(endpoint, name, value)
    if values.get("active") is True:
        endpoint.failures = 0
        endpoint.disabled_reason = ""
    secret = _secret() if new_secret else None
    if secret is not None:
        endpoint.secret = secret
    session.flush()
    after = {**_described(endpoint), **({"secret": "replaced"} if secret else {})}
    administration.record(session, viewer, endpoint, endpoint.name, AuditAction.UPDATE,
                          before=before, after=after, admin_only=True)  # fmt: skip
    return endpoint, secret


def delete(session: Session, viewer: Viewer, pk: int | None) -> int:
    """Remove an endpoint and its delivery log."""
    administration.require_admin(viewer, "remove webhooks")
    endpoint = _endpoint(session, pk, None)
    administration.record(session, viewer, endpoint, endpoint.name, AuditAction.DELETE,
                          before=_described(endpoint), admin_only=True)  # fmt: skip
    session.delete(endpoint)
    session.flush()
    return pk or 0


# -- events -------------------------------------------------------------------------------------


def emit(
    session: Session, event: str, actor: Viewer, subject: tuple[str, int], title: str,
    message: str,
) -> int:  # fmt: skip
    """Queue the event for each active endpoint that wants it and may see its thing; how many."""
    endpoints = [
        e
        for e in session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active))
        if event in e.events.split(",")
    ]
    if not endpoints:
        return 0
    kind, pk = subject
    public = audience.visible(session, audience.ANYONE, kind, pk)
    readers = audience.who_may_see(session, kind, pk)
    base_url = session.info.get(BASE_URL_KEY, "")
    now = datetime.now(UTC)
    queued = 0
    for endpoint in endpoints:
        if not public:
            if endpoint.acts_as_id is None:
                continue
            allowed = session.scalar(
                select(Person.id).where(Person.id == endpoint.acts_as_id, readers)
            )
            if allowed is None:
                continue
        delivery_id = str(uuid.uuid4())
        global_id = to_global_id(kind, pk)
        path = PAGES.get(kind)
        payload = {
            "id": delivery_id,
            "event": event,
            "occurredAt": now.isoformat().replace("+00:00", "Z"),
            "actor": actor.name,
            "message": message,
            "subject": {
                "type": kind, "id": global_id, "title": title,
                "url": f"{base_url}{path}{global_id}" if path and base_url else None,
            },
        }  # fmt: skip
        session.add(WebhookDelivery(
            endpoint_id=endpoint.id, event=event, delivery_id=delivery_id,
            payload=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
            next_attempt_at=now,
        ))  # fmt: skip
        queued += 1
    session.flush()
    return queued
