"""Notifications by e-mail, received by a real SMTP server in the test process: a budget request
reaches the steering committee in the app and by mail, and the decision reaches the owner; a
mention reaches the person mentioned; each person's choice per kind (at once, the daily digest
at their hour in their time zone, or not at all) holds; a mail server that is down loses
nothing and, once back, gets each mail once; a refused mail is tried again later, then given
up; nobody is mailed about what they may not see; with no mail server nothing is queued."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from server.app import create_app
from server.db import make_sync_engine
from server.domain.collaboration import mail, mail_sender, notifications
from server.domain.core.formatting import when
from server.domain.core.locales import DEFAULT_LOCALE
from server.domain.core.viewer import viewer_from_rows, viewer_query
from server.models import Initiative, MailSchedule, Notification, OutboxMail, Person, Plan
from server.models.enums import NotificationKind, PlanKind
from server.settings import Settings, SettingsError, smtp_server
from tests.support.clients import ApiClient, settings_for
from tests.support.demo import MAIL_ROUTING, TEMPLATES, demo_email, person_id
from tests.support.pages import csrf, sign_in
from tests.support.smtp import MailServer, free_port

ERRORS = "errors { field code message }"
VERSION = "query($id: ID!) { node(id: $id) { ... on Initiative { version } } }"
REQUEST = f"""mutation($input: RequestBudgetInput!) {{ requestBudget(input: $input) {{
  initiative {{ id version }} {ERRORS} }} }}"""
DECIDE = f"""mutation($input: DecideBudgetInput!) {{ decideBudget(input: $input) {{
  initiative {{ id version }} {ERRORS} }} }}"""
COMMENT = f"""mutation($input: AddCommentInput!) {{ addComment(input: $input) {{
  comment {{ id }} {ERRORS} }} }}"""
SETTINGS = f"""mutation($input: UpdateMailSettingsInput!) {{ updateMailSettings(input: $input) {{
  mail {{ enabled digestHour timeZone preferences {{ kind delivery }} }} {ERRORS} }} }}"""
PREFERENCES = f"""mutation($input: UpdateMyPreferencesInput!) {{
  updateMyPreferences(input: $input) {{ {ERRORS} }} }}"""
MINE = "{ viewer { mail { enabled address digestHour timeZone preferences { kind delivery } } } }"
FROM = "Steward <steward@harbour-it.example>"
BASE = "https://steward.harbour-it.example"


class Mailing:
    """The demo on an app that mails, the SMTP server it mails to, and the outbox."""

    def __init__(self, url: str, tmp_path, server: MailServer) -> None:
        self.url = url
        self.server = server
        settings = settings_for(url, tmp_path, smtp=server.server, base_url=BASE)
        self.client = TestClient(create_app(settings), follow_redirects=False)
        self.client.__enter__()
        self.api = ApiClient(self.client, url)
        self.engine = make_sync_engine(url, pooled=False)

    def session(self) -> Session:
        return mail_sender.session_for(self.engine, BASE)

    def send(self, now: datetime | None = None) -> mail_sender.Turn:
        with self.session() as session:
            done = mail_sender.turn(session, self.server.server, FROM, now)
            session.commit()
        return done

    def outbox(self) -> list[OutboxMail]:
        with Session(self.engine) as session:
            return list(session.scalars(select(OutboxMail).order_by(OutboxMail.id)))

    def close(self) -> None:
        self.client.__exit__(None, None, None)
        if self.api.engine is not None:
            self.api.engine.dispose()
        self.engine.dispose()


@pytest.fixture
def mailing(demo_url, tmp_path):
    server = MailServer().start()
    setup = Mailing(demo_url, tmp_path, server)
    yield setup
    setup.close()
    server.stop()


def version(api, key: str, initiative: str) -> int:
    return api.query(key, VERSION, {"id": initiative})["node"]["version"]


def request_budget(api) -> dict:
    return api.mutate("carlos", REQUEST, {"input": {
        "id": TEMPLATES, "expectedVersion": version(api, "carlos", TEMPLATES),
        "amount": "4500", "justification": "Two writers for a month",
    }})  # fmt: skip


def test_a_budget_request_mails_the_committee_and_the_decision_mails_the_owner(mailing):
    api = mailing.api
    requested = request_budget(api)
    assert requested["errors"] == []
    title = "Major incident communication templates"
    assert mailing.server.inbox.messages == []  # queued in the outbox, not sent in the request
    assert mailing.send().sent == 2
    for key in ("margaret", "tom"):
        (message,) = mailing.server.inbox.to(demo_email(key))
        assert message["From"] == FROM
        assert message["Subject"] == f"Carlos Mendes asks for a budget for “{title}”: decide it."
        assert message["Auto-Submitted"] == "auto-generated"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        (link,) = re.findall(rf"{BASE}/notifications/[\w-]+", text)
        assert f'href="{link}"' in html
        # The link opens the initiative, once signed in as its reader.
        mailing.client.cookies.clear()
        assert sign_in(mailing.client, key).status_code == 303
        opened = mailing.client.get(link.removeprefix(BASE))
        assert opened.status_code == 303
        assert opened.headers["location"] == f"/initiatives/{TEMPLATES}"
        assert f"{BASE}/account#mail" in text
        # and in the app
        unread = api.query(key, "{ viewer { notifications(first: 1) { nodes { kind message } } } }")
        assert unread["viewer"]["notifications"]["nodes"][0]["kind"] == "AWAITING_DECISION"
    assert mailing.server.inbox.to(demo_email("carlos")) == []  # not of his own doing

    decided = api.mutate("margaret", DECIDE, {"input": {
        "id": TEMPLATES, "expectedVersion": requested["initiative"]["version"], "approve": True,
    }})  # fmt: skip
    assert decided["errors"] == []
    assert mailing.send().sent == 1
    (message,) = mailing.server.inbox.to(demo_email("carlos"))
    assert message["Subject"].startswith("Margaret Okafor ")
    assert title in message["Subject"]
    assert mailing.send().sent == 0  # each mail once


def test_a_mention_mails_the_person_mentioned(mailing):
    written = mailing.api.mutate("tom", COMMENT, {"input": {
        "subjectId": MAIL_ROUTING, "body": "Can you check the *failover* plan?",
        "mentionIds": [person_id("margaret")],
    }})  # fmt: skip
    assert written["errors"] == []
    mailing.send()
    (message,) = mailing.server.inbox.to(demo_email("margaret"))
    assert message["Subject"] == "Tom Becker mentioned you on “Upgrade the mail routing cluster”."
    # Priya watches her initiative: a comment goes to her daily digest, not at once (the digest
    # itself goes out when this runs after her digest hour).
    for sent in mailing.server.inbox.to(demo_email("priya")):
        assert sent["Subject"].endswith("since your last digest"), sent["Subject"]


def test_a_mail_server_that_is_down_loses_nothing_and_sends_nothing_twice(demo_url, tmp_path):
    down = MailServer(free_port())  # named, not started
    mailing = Mailing(demo_url, tmp_path, down)
    try:
        request_budget(mailing.api)
        first = mailing.send()
        assert first.unreachable and first.sent == 0
        assert [(m.attempts, m.sent_at, m.failed_at) for m in mailing.outbox()] == [
            (0, None, None), (0, None, None),
        ]  # fmt: skip
        assert mailing.send().unreachable  # and again: still waiting, untouched
        down.start()
        assert mailing.send().sent == 2
        assert mailing.send().sent == 0
        assert sorted(r[0] for r, _ in down.inbox.messages) == [
            demo_email("margaret"), demo_email("tom"),
        ]  # fmt: skip
        assert all(m.sent_at is not None and m.attempts == 1 for m in mailing.outbox())
    finally:
        mailing.close()
        down.stop()


def test_a_refused_mail_is_tried_again_later_then_given_up(mailing):
    mailing.server.inbox.refuse.add(demo_email("tom"))
    request_budget(mailing.api)
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert mailing.send(now).sent == 1  # Margaret's
    (tom,) = [m for m in mailing.outbox() if m.sent_at is None]
    assert tom.attempts == 1 and "mailbox unavailable" in tom.last_error
    assert tom.next_attempt_at.astimezone(UTC) == now + timedelta(minutes=1)
    assert mailing.send(now + timedelta(seconds=30)).refused == 0  # not due yet
    later = now
    for attempt in range(2, mail_sender.MAX_ATTEMPTS + 1):
        later += mail.retry_after(attempt - 1)
        assert mailing.send(later).refused == 1
    (tom,) = [m for m in mailing.outbox() if m.sent_at is None]
    assert tom.failed_at is not None and tom.attempts == mail_sender.MAX_ATTEMPTS
    assert mailing.send(later + timedelta(days=1)).refused == 0  # given up: stays, failed
    assert mailing.server.inbox.to(demo_email("tom")) == []


def test_each_person_chooses_per_kind_and_the_digest_goes_at_their_hour(mailing):
    api = mailing.api
    assert api.query("tom", MINE)["viewer"]["mail"] == {
        "enabled": True, "address": demo_email("tom"), "digestHour": 8, "timeZone": "UTC",
        "preferences": [
            {"kind": "AWAITING_DECISION", "delivery": "IMMEDIATE"},
            {"kind": "DECIDED", "delivery": "IMMEDIATE"},
            {"kind": "MENTIONED", "delivery": "IMMEDIATE"},
            {"kind": "COMMENTED", "delivery": "DIGEST"},
            {"kind": "CHANGED", "delivery": "DIGEST"},
            {"kind": "REMINDER", "delivery": "DIGEST"},
        ],
    }  # fmt: skip
    api.token("tom", "read_write")
    api.token("margaret", "read_write")
    changed = api.mutate("tom", SETTINGS, {"input": {
        "preferences": [{"kind": "AWAITING_DECISION", "delivery": "DIGEST"}],
        "digestHour": 7, "timeZone": "Asia/Tokyo",
    }})  # fmt: skip
    assert changed["errors"] == []
    assert changed["mail"]["digestHour"] == 7 and changed["mail"]["timeZone"] == "Asia/Tokyo"
    api.mutate("margaret", SETTINGS, {"input": {
        "preferences": [{"kind": "AWAITING_DECISION", "delivery": "OFF"}],
    }})  # fmt: skip
    request_budget(api)
    # 07:00 in Tokyo is 22:00 UTC the day before.
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    early = day + timedelta(hours=21, minutes=59)
    assert mailing.send(early).digests == 0
    assert mailing.server.inbox.messages == []  # Tom waits for his digest; Margaret: off
    assert mailing.send(early + timedelta(minutes=1)).digests == 1
    (digest,) = mailing.server.inbox.to(demo_email("tom"))
    assert digest["Subject"] == "Steward: 1 thing since your last digest"
    text = digest.get_body(("plain",)).get_content()
    assert "Carlos Mendes asks for a budget for “Major incident communication templates”" in text
    assert f"{BASE}/notifications/" in text
    assert mailing.send(early + timedelta(hours=1)).digests == 0  # once a day
    assert mailing.server.inbox.to(demo_email("margaret")) == []


def test_a_digest_leaves_out_what_was_read_and_what_is_no_longer_visible(mailing):
    with mailing.session() as session:
        secret = session.scalars(
            select(Initiative).join(Plan, Plan.id == Initiative.plan_id)
            .where(Plan.kind == PlanKind.SECURITY_IMPROVEMENT)
        ).first()  # fmt: skip
        omar = viewer_from_rows(session.execute(viewer_query(9)).all())
        tom = session.scalar(select(Person.id).where(Person.email == demo_email("tom")))
        nora = session.scalar(select(Person.id).where(Person.email == demo_email("nora")))
        assert secret is not None and omar is not None
        # Nobody outside those who see it is told of a confidential initiative, by any means.
        told = notifications.notify(session, omar, {tom, nora}, NotificationKind.CHANGED,
                                    "Secret news", ("Initiative", secret.id))  # fmt: skip
        assert told == 1
        notifications.notify(session, omar, {tom}, NotificationKind.CHANGED, "Read news",
                             ("Initiative", 1))  # fmt: skip
        notifications.notify(session, omar, {tom}, NotificationKind.CHANGED, "Fresh news",
                             ("Initiative", 2))  # fmt: skip
        session.execute(update(Notification).where(Notification.message == "Read news")
                        .values(read_at=datetime.now(UTC)))  # fmt: skip
        # Tom loses the steering committee role before the digest goes: no secret in it.
        session.execute(update(Person).where(Person.id == tom).values(is_admin=False))
        from server.models import RoleAssignment

        session.execute(RoleAssignment.__table__.delete().where(RoleAssignment.person_id == tom))
        session.commit()
    mailing.send(datetime.now(UTC).replace(hour=9))
    (digest,) = mailing.server.inbox.to(demo_email("tom"))
    text = digest.get_body(("plain",)).get_content()
    assert "Fresh news" in text
    assert "Secret news" not in text and "Read news" not in text
    assert mailing.server.inbox.to(demo_email("nora")) == []
    with mailing.session() as session:
        assert session.scalar(
            select(func.count()).select_from(Notification).where(Notification.awaits_digest)
        ) == 0  # fmt: skip
        assert session.get(MailSchedule, tom) is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"digestHour": 24}, "input.digestHour"),
        ({"digestHour": -1}, "input.digestHour"),
        ({"timeZone": "Mars/Olympus"}, "input.timeZone"),
        ({"timeZone": "EST"}, "input.timeZone"),
    ],
)
def test_bad_mail_settings_are_refused_naming_the_field(api, change, field):
    refused = api.mutate("tom", SETTINGS, {"input": {
        "preferences": [{"kind": "MENTIONED", "delivery": "OFF"}], **change,
    }})  # fmt: skip
    assert refused["mail"] is None
    assert [".".join(e["field"]) for e in refused["errors"]] == [field]
    assert api.query("tom", MINE)["viewer"]["mail"]["preferences"][2]["delivery"] == "IMMEDIATE"


def test_with_no_mail_server_nothing_is_queued_and_the_choices_are_kept(api):
    assert api.query("tom", MINE)["viewer"]["mail"]["enabled"] is False
    request_budget(api)
    engine = make_sync_engine(api.url, pooled=False)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMail)) == 0
        assert session.scalar(
            select(func.count()).select_from(Notification).where(Notification.awaits_digest)
        ) == 0  # fmt: skip
    engine.dispose()


def test_the_account_page_saves_the_choices_and_explains_a_bad_one(mailing):
    client = mailing.client
    assert sign_in(client, "tom").status_code == 303
    page = client.get("/account").text
    assert "Notifications by e-mail" in page and demo_email("tom") in page
    token = csrf(page)
    form = {"csrf_token": token, "mail.MENTIONED": "DIGEST", "mail.DECIDED": "OFF",
            "digestHour": "18", "timeZone": "Europe/Paris"}  # fmt: skip
    saved = client.post("/account/mail", data=form)
    assert saved.status_code == 303 and saved.headers["location"] == "/account#mail"
    page = client.get("/account").text
    assert "Your e-mail choices were saved." in page
    assert 'name="mail.MENTIONED" value="DIGEST" checked' in page
    assert 'name="mail.DECIDED" value="OFF" checked' in page
    assert '<option value="18" selected>18:00</option>' in page
    assert "<option selected>Europe/Paris</option>" in page
    refused = client.post("/account/mail", data={**form, "timeZone": "Nowhere/Land"})
    assert refused.status_code == 422
    assert "must be a time zone such as Europe/London or UTC" in refused.text


def test_the_smtp_setting_is_checked_at_start_up():
    assert smtp_server("") is None
    assert smtp_server("smtp+starttls://me%40x:p%2Fw@mail.example:2525") is not None
    server = smtp_server("smtps://mail.example")
    assert server is not None and (server.port, server.security) == (465, "tls")
    assert "p/w" not in repr(smtp_server("smtp://u:p%2Fw@mail.example"))
    for bad in ("http://mail.example", "smtp://", "smtp://mail.example:99999"):
        with pytest.raises(SettingsError, match="STEWARD_SMTP_URL"):
            smtp_server(bad)
    with pytest.raises(SettingsError, match="STEWARD_BASE_URL"):
        Settings.from_env({"STEWARD_SECRET_KEY": "k", "STEWARD_BASE_URL": "steward.example"})
    with pytest.raises(SettingsError, match="STEWARD_MAIL_FROM"):
        Settings.from_env({"STEWARD_SECRET_KEY": "k", "STEWARD_MAIL_FROM": "nobody"})


def test_steward_mail_once_for_cron(mailing, env, monkeypatch, capsys):
    from tests.support.cli import run

    env(mailing.url)
    code, _, err = run(capsys, "mail", "--once")
    assert code == 1 and "STEWARD_SMTP_URL is not set" in err
    request_budget(mailing.api)
    monkeypatch.setenv("STEWARD_SMTP_URL", f"smtp://127.0.0.1:{mailing.server.server.port}")
    code, out, _ = run(capsys, "mail", "--once")
    assert (code, out) == (0, "Wrote 0 digests; sent 2 mails, 0 refused.\n")
    assert len(mailing.server.inbox.messages) == 2
    # Reminders raised from cron go to the digest of those reminded, as they chose.
    code, out, _ = run(capsys, "remind", "--once")
    assert code == 0 and not out.startswith("Reminded 0 ")
    with mailing.session() as session:
        waiting = session.scalar(
            select(func.count()).select_from(Notification).where(Notification.awaits_digest)
        )
        assert waiting and waiting > 0


def test_one_process_at_a_time_sends_the_outbox(mailing):
    from server import runner_lease

    request_budget(mailing.api)
    args = (mailing.url, mailing.server.server, FROM, BASE, timedelta(seconds=30))
    with mailing.session() as session:
        assert runner_lease.acquire(session, mail_sender.LEASE, "another:1:x", timedelta(minutes=2))
        session.commit()
    assert mail_sender.run_if_runner(*args) is None  # the other process holds the lease
    assert mailing.server.inbox.messages == []
    with mailing.session() as session:
        runner_lease.release(session, mail_sender.LEASE, "another:1:x")
        session.commit()
    done = mail_sender.run_if_runner(*args)
    assert done is not None and done.sent == 2


def test_the_digest_writes_its_dates_as_each_recipient_s_locale_does(mailing):
    # Tom reads German; Nora chose no locale, so hers is the one the pages default to.
    chosen = mailing.api.mutate("tom", PREFERENCES, {"input": {"locale": "de_DE"}})
    assert chosen["errors"] == []
    came = datetime(2026, 11, 8, 14, 5, tzinfo=UTC)
    with mailing.session() as session:
        omar = viewer_from_rows(session.execute(viewer_query(9)).all())
        tom = session.scalar(select(Person.id).where(Person.email == demo_email("tom")))
        nora = session.scalar(select(Person.id).where(Person.email == demo_email("nora")))
        assert omar is not None
        told = notifications.notify(session, omar, {tom, nora}, NotificationKind.CHANGED,
                                    "The plan moved", ("Initiative", 2))  # fmt: skip
        assert told == 2
        session.execute(update(Notification).where(Notification.message == "The plan moved")
                        .values(created_at=came))  # fmt: skip
        session.commit()
    assert mailing.send(datetime.now(UTC).replace(hour=9)).digests == 2
    for key, locale, written in (("tom", "de_DE", "08.11.2026, 14:05 UTC"),
                                 ("nora", DEFAULT_LOCALE, "8 Nov 2026, 14:05 UTC")):  # fmt: skip
        assert f"{when(came, locale)} UTC" == written  # the pages' own rule, in that locale
        (digest,) = mailing.server.inbox.to(demo_email(key))
        text = digest.get_body(("plain",)).get_content()
        html = digest.get_body(("html",)).get_content()
        assert f"- Changed ({written}): The plan moved" in text, text
        assert f'<small style="color: #555;">{written}</small>' in html, html
        assert "2026-11-08" not in text and "08 Nov 14:05" not in text
