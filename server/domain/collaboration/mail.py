"""Notifications by e-mail, as each person chose per kind: at once, in a daily digest, or not.

Mail is on when the app is given an SMTP server; it then puts a `MailConfig` in every database
session's `info` (app.py, the background runners, the command line), and `notifications.notify`
calls `prepare` for the people it tells. A mail at once is written to the outbox in the same
transaction as the change that caused it, so a change rolled back mails nobody and a change
made always mails; the sender (mail_sender.py) delivers it later, whatever the mail server's
state. A notification for the digest is marked to wait for it; `write_digests` gathers each
person's at their digest hour, in their time zone, and writes its dates as the person's locale
does (their choice on the account page, else the pages' default; server/domain/core/formatting.py).

Nobody is mailed about a thing they may not see: `notify` tells only those who may, and a digest
checks again when it is written (a plan may have become confidential since).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.domain.collaboration import audience
from server.domain.collaboration.audience import SUBJECTS
from server.domain.core import audit
from server.domain.core.errors import INVALID, RuleViolation, RuleViolations
from server.domain.core.formatting import when
from server.domain.core.global_ids import to_global_id
from server.domain.core.locales import DEFAULT_LOCALE, LOCALES
from server.domain.core.viewer import Viewer
from server.domain.people.preferences import preferences_of
from server.models import MailPreference, MailSchedule, Notification, OutboxMail, Person
from server.models.enums import AuditAction, MailDelivery, NotificationKind
from server.settings import PROJECT_ROOT

INFO_KEY = "mail"
DEFAULT_DIGEST_HOUR = 8

# What nobody chose yet: what waits for you, decisions and mentions at once; the rest daily.
DEFAULTS = {
    NotificationKind.AWAITING_DECISION: MailDelivery.IMMEDIATE,
    NotificationKind.DECIDED: MailDelivery.IMMEDIATE,
    NotificationKind.MENTIONED: MailDelivery.IMMEDIATE,
    NotificationKind.COMMENTED: MailDelivery.DIGEST,
    NotificationKind.CHANGED: MailDelivery.DIGEST,
    NotificationKind.REMINDER: MailDelivery.DIGEST,
}

LABELS = {
    NotificationKind.AWAITING_DECISION: "Waits for you",
    NotificationKind.DECIDED: "Decided",
    NotificationKind.MENTIONED: "Mentioned you",
    NotificationKind.COMMENTED: "Comment",
    NotificationKind.CHANGED: "Changed",
    NotificationKind.REMINDER: "Reminder",
}


@dataclass(frozen=True)
class MailConfig:
    """Mail is on: where the links in mails point."""

    base_url: str


def config(session: Session) -> MailConfig | None:
    return config_of(session.info)


def config_of(info: dict[str, Any]) -> MailConfig | None:
    """Mail's configuration in a session's `info`; None when mail is off."""
    return info.get(INFO_KEY)


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(PROJECT_ROOT / "templates" / "mail"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(name: str, values: dict[str, Any]) -> tuple[str, str]:
    """The plain-text and the HTML body of a mail."""
    env = _templates()
    return (
        env.get_template(f"{name}.txt").render(values),
        env.get_template(f"{name}.html").render(values),
    )


# -- choices ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailChoices:
    """One person's choices: per kind, and when the digest goes."""

    deliveries: dict[NotificationKind, MailDelivery]
    digest_hour: int
    time_zone: str


def choices(session: Session, person_id: int) -> MailChoices:
    chosen = {
        row.kind: row.delivery
        for row in session.execute(
            select(MailPreference.kind, MailPreference.delivery).where(
                MailPreference.person_id == person_id
            )
        )
    }
    schedule = session.get(MailSchedule, person_id)
    return MailChoices(
        deliveries={kind: chosen.get(kind, default) for kind, default in DEFAULTS.items()},
        digest_hour=schedule.digest_hour if schedule else DEFAULT_DIGEST_HOUR,
        time_zone=schedule.time_zone if schedule else "UTC",
    )


@lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    """The time zones one may choose, by name (Europe/Paris), UTC first."""
    return ("UTC", *sorted(z for z in available_timezones() if "/" in z and z != "UTC"))


def set_choices(
    session: Session,
    viewer: Viewer,
    deliveries: dict[str, str | None],
    digest_hour: int | None,
    time_zone: str | None,
) -> int:
    """Change the viewer's own choices: the kinds named, and the digest's hour and time zone
    when given. Everything is checked before anything is written."""
    problems = []
    wanted: dict[NotificationKind, MailDelivery] = {}
    for index, (kind, delivery) in enumerate(deliveries.items()):
        try:
            wanted[NotificationKind(kind.lower())] = MailDelivery((delivery or "").lower())
        except ValueError:
            problems.append(RuleViolation(
                INVALID, "name a kind of notification and IMMEDIATE, DIGEST or OFF",
                f"input.preferences.{index}",
            ))  # fmt: skip
    if digest_hour is not None and not 0 <= digest_hour <= 23:
        problems.append(RuleViolation(INVALID, "must be an hour from 0 to 23", "input.digestHour"))
    if time_zone is not None:
        try:
            if "/" not in time_zone and time_zone != "UTC":
                raise ZoneInfoNotFoundError(time_zone)
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(RuleViolation(
                INVALID, "must be a time zone such as Europe/London or UTC", "input.timeZone"
            ))  # fmt: skip
    if problems:
        raise RuleViolations(problems)
    person_id = viewer.person_id
    for kind, delivery in wanted.items():
        row = session.get(MailPreference, (person_id, kind))
        if row is None:
            session.add(MailPreference(person_id=person_id, kind=kind, delivery=delivery))
        else:
            row.delivery = delivery
    if digest_hour is not None or time_zone is not None:
        schedule = session.get(MailSchedule, person_id)
        if schedule is None:
            schedule = MailSchedule(person_id=person_id, digest_hour=DEFAULT_DIGEST_HOUR,
                                    time_zone="UTC")  # fmt: skip
            session.add(schedule)
        if digest_hour is not None:
            schedule.digest_hour = digest_hour
        if time_zone is not None:
            schedule.time_zone = time_zone
    session.flush()
    audit.record(
        session, actor_id=person_id, actor_name=viewer.name, entity_type="Person",
        entity_id=person_id, entity_label=viewer.name, action=AuditAction.UPDATE,
        after={"mail": {k.value: d.value for k, d in wanted.items()},
               "digestHour": digest_hour, "timeZone": time_zone},
        admin_only=True,
    )  # fmt: skip
    return person_id


# -- mails at once, and digests -----------------------------------------------------------------


def deliveries_for(
    session: Session, people: Iterable[int], kind: NotificationKind
) -> dict[int, MailDelivery]:
    """How each person wants this kind mailed; everyone OFF when mail is off."""
    wanted = list(people)
    if config(session) is None or not wanted:
        return {person_id: MailDelivery.OFF for person_id in wanted}
    chosen = {
        row.person_id: row.delivery
        for row in session.execute(
            select(MailPreference.person_id, MailPreference.delivery).where(
                MailPreference.person_id.in_(wanted), MailPreference.kind == kind
            )
        )
    }
    return {person_id: chosen.get(person_id, DEFAULTS[kind]) for person_id in wanted}


def link(base_url: str, notification_id: int) -> str:
    """Where a mail sends its reader: the notification's own address, which opens the thing it
    is about (the notifications page knows each thing's page)."""
    return f"{base_url}/notifications/{to_global_id('Notification', notification_id)}"


def queue_at_once(
    session: Session, notified: dict[int, int], kind: NotificationKind, message: str,
    now: datetime,
) -> int:  # fmt: skip
    """Write one mail per person (person id: their notification's id) to the outbox, in the
    caller's transaction."""
    settings = config(session)
    if settings is None or not notified:
        return 0
    rows = session.execute(
        select(Person.id, Person.name, Person.email).where(
            Person.id.in_(list(notified)), Person.is_active.is_(True)
        )
    ).all()
    for person in rows:
        text, html = _render("notification", {
            "name": person.name, "message": message, "label": LABELS[kind],
            "link": link(settings.base_url, notified[person.id]),
            "account": f"{settings.base_url}/account#mail",
            "notifications": f"{settings.base_url}/notifications",
        })  # fmt: skip
        session.add(OutboxMail(
            person_id=person.id, to_address=person.email, subject=_subject_line(message),
            text_body=text, html_body=html, next_attempt_at=now,
        ))  # fmt: skip
    session.flush()
    return len(rows)


def _subject_line(message: str) -> str:
    line = " ".join(message.split())
    return line if len(line) <= 200 else line[:199] + "…"


def _digest_due(schedule: MailSchedule | None, now: datetime) -> bool:
    """Whether the person's digest hour has come today (in their time zone) and today's digest
    has not gone yet."""
    hour = schedule.digest_hour if schedule else DEFAULT_DIGEST_HOUR
    try:
        zone = ZoneInfo(schedule.time_zone if schedule else "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    if local.hour < hour:
        return False
    last = schedule.last_digest_at if schedule else None
    return last is None or last.astimezone(zone).date() < local.date()


def write_digests(session: Session, now: datetime | None = None) -> int:
    """Write the daily digest of each person whose hour has come and who has notifications
    waiting for it; how many were written. The caller commits."""
    settings = config(session)
    if settings is None:
        return 0
    now = now or datetime.now(UTC)
    waiting = select(Notification.person_id).where(Notification.awaits_digest.is_(True)).distinct()
    written = 0
    for person in session.scalars(select(Person).where(Person.id.in_(waiting))):
        schedule = session.get(MailSchedule, person.id)
        if not _digest_due(schedule, now):
            continue
        items = _digest_items(session, person, settings.base_url, mail_locale(session, person.id))
        session.execute(
            update(Notification)
            .where(Notification.person_id == person.id, Notification.awaits_digest.is_(True))
            .values(awaits_digest=False)
            .execution_options(synchronize_session=False)
        )
        if schedule is None:
            schedule = MailSchedule(person_id=person.id, digest_hour=DEFAULT_DIGEST_HOUR,
                                    time_zone="UTC")  # fmt: skip
            session.add(schedule)
        schedule.last_digest_at = now
        if not items or not person.is_active:
            continue
        count = len(items)
        things = "thing" if count == 1 else "things"
        text, html = _render("digest", {
            "name": person.name, "items": items, "count": count,
            "account": f"{settings.base_url}/account#mail",
            "notifications": f"{settings.base_url}/notifications",
        })  # fmt: skip
        session.add(OutboxMail(
            person_id=person.id, to_address=person.email,
            subject=f"Steward: {count} {things} since your last digest",
            text_body=text, html_body=html, next_attempt_at=now,
        ))  # fmt: skip
        written += 1
    session.flush()
    return written


def mail_locale(session: Session, person_id: int) -> str:
    """The locale a person's mails write dates in: their choice, else the pages' default (a
    mail has no browser to ask)."""
    chosen = preferences_of(session, person_id)[1]
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def _digest_items(
    session: Session, person: Person, base_url: str, locale: str
) -> list[dict[str, str]]:
    """The person's notifications waiting for the digest, unread and still about things they
    may see, oldest first; when each came, in UTC, as their locale writes it."""
    items = []
    allowed: dict[tuple[str, int], bool] = {}
    notes = session.scalars(
        select(Notification)
        .where(Notification.person_id == person.id, Notification.awaits_digest.is_(True),
               Notification.read_at.is_(None))
        .order_by(Notification.created_at, Notification.id)
    )  # fmt: skip
    for note in notes:
        subject = next(
            ((kind, pk) for kind, s in SUBJECTS.items() if (pk := getattr(note, s.column))),
            None,
        )
        if subject is None:
            continue
        if subject not in allowed:
            condition = audience.who_may_see(session, *subject)
            allowed[subject] = (
                session.scalar(select(Person.id).where(Person.id == person.id, condition))
                is not None
            )
        if allowed[subject]:
            items.append({
                "label": LABELS[NotificationKind(note.kind)], "message": note.message,
                "link": link(base_url, note.id),
                "when": f"{when(note.created_at, locale)} UTC",
            })  # fmt: skip
    return items


def retry_after(attempts: int) -> timedelta:
    """How long the sender waits before trying a refused mail again: a minute, then twice as
    long after each try, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=6))
