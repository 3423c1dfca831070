"""Reminders that run on their own: stale and late work, target dates passed, measurements and
benefit reviews due, decisions waiting too long (escalated to those who decide); each raised
once per occurrence, whichever process runs them; the background runner takes turns by a lease;
`steward remind --once` for cron."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import runner_lease
from server.db import make_sync_engine
from server.domain.collaboration import reminder_runner, reminders
from server.models import Initiative, Notification, Person
from server.models.enums import NotificationKind


def messages(session: Session, email: str) -> list[str]:
    person = session.scalar(select(Person.id).where(Person.email == email))
    return list(
        session.scalars(
            select(Notification.message).where(
                Notification.person_id == person, Notification.kind == NotificationKind.REMINDER
            )
        )
    )


def test_each_reminder_is_raised_once_and_reaches_who_should_act(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        told = reminders.run(session)
        session.commit()
        assert told > 0
        priya = messages(session, "priya@harbour-it.example")
        assert "“Upgrade the mail routing cluster” has had no status update for 30 days or more: " \
            "post one." in priya  # fmt: skip
        assert any("passed its planned end" in m for m in priya)
        # The budget requests waiting for months reach the steering committee again.
        tom = messages(session, "tom@harbour-it.example")
        assert any("The budget asked for “" in m and "days: decide it." in m for m in tom)
        # Nobody is reminded twice of the same thing.
        assert reminders.run(session) == 0
        session.commit()
        # A new status update ends the staleness; going stale again later is a new occurrence.
        later = datetime.now(UTC) + timedelta(days=400)
        again = reminders.run(session, now=later)
        assert again > 0
        session.rollback()
    engine.dispose()


def test_the_thresholds_are_settings(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        lenient = reminders.Thresholds(stale_days=3650, decision_days=3650)
        due = reminders.due(session, datetime.now(UTC), lenient)
        assert not any(d.key.startswith(("stale:", "decide:", "triage:")) for d in due)
        strict = reminders.due(session, datetime.now(UTC), reminders.Thresholds(1, 1))
        assert any(d.key.startswith("stale:") for d in strict)
        assert any(d.key.startswith("decide:") for d in strict)
    engine.dispose()


def test_one_process_at_a_time_runs_them(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        assert runner_lease.acquire(session, reminder_runner.LEASE, "another:1:x",
                                    timedelta(minutes=30))  # fmt: skip
        session.commit()
    every = timedelta(minutes=15)
    assert reminder_runner.run_if_runner(demo_url, reminders.Thresholds(), every) == -1
    with Session(engine) as session:
        runner_lease.release(session, reminder_runner.LEASE, "another:1:x")
        session.commit()
        assert session.scalar(select(Notification.id).where(
            Notification.kind == NotificationKind.REMINDER)) is None  # fmt: skip
    assert reminder_runner.run_if_runner(demo_url, reminders.Thresholds(), every) > 0
    engine.dispose()


def test_reminders_never_reach_anyone_about_work_they_may_not_see(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        reminders.run(session, thresholds=reminders.Thresholds(1, 1))
        nora = session.scalar(select(Person.id).where(Person.email == "nora@harbour-it.example"))
        assert session.scalar(select(Notification.id).where(Notification.person_id == nora)) is None
        vault = session.scalar(select(Initiative.id).where(Initiative.title ==
                                                           "Privileged access vault"))  # fmt: skip
        told = set(session.scalars(select(Notification.person_id).where(
            Notification.initiative_id == vault)))  # fmt: skip
        names = set(session.scalars(select(Person.name).where(Person.id.in_(told))))
        assert names <= {"Margaret Okafor", "Tom Becker", "Omar Haddad", "Ada Lindqvist"}
        session.rollback()
    engine.dispose()


def test_steward_remind_once_for_cron(demo_url, env, capsys):
    from tests.support.cli import run

    env(demo_url)
    code, out, _ = run(capsys, "remind", "--once")
    assert code == 0 and out.startswith("Reminded ") and not out.startswith("Reminded 0 ")
    code, out, _ = run(capsys, "remind", "--once")
    assert (code, out) == (0, "Reminded 0 people.\n")


def _run_in_a_process(database_url: str) -> int:
    """One app process's turn at the reminders (a process of its own: its own lease holder)."""
    return reminder_runner.run_if_runner(
        database_url, reminders.Thresholds(), timedelta(minutes=15)
    )


def test_two_processes_raise_each_reminder_once(demo_url):
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        told = pool.map(_run_in_a_process, [demo_url, demo_url])
    # One of them held the lease and raised them; the other found it held (or, if it came
    # second, found every one raised already).
    assert sorted(told)[0] in (-1, 0) and sorted(told)[1] > 0
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        keys = list(session.execute(select(reminders.ReminderSent.key,
                                           reminders.ReminderSent.occurrence)))  # fmt: skip
        assert len(keys) == len(set(keys)) > 0
        raised = session.scalar(
            select(func.count()).select_from(Notification)
            .where(Notification.kind == NotificationKind.REMINDER)
        )  # fmt: skip
        assert raised == sorted(told)[1]
    engine.dispose()


def test_service_reviews_not_held_or_not_planned_reach_the_service_owner(demo_url):
    from server.models import Service, ServiceReview
    from server.models.enums import ReviewStatus

    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        today = datetime.now(UTC).date()
        email = session.scalar(select(Service).where(Service.name == "E-mail"))
        review = session.scalar(
            select(ServiceReview).where(ServiceReview.service_id == email.id)
            .order_by(ServiceReview.id.desc())
        )  # fmt: skip
        assert review is not None
        # A draft scheduled last week, not held: its owners are told to hold it.
        draft = ServiceReview(
            service_id=email.id, period_start=today - timedelta(days=90),
            period_end=today - timedelta(days=8), scheduled_on=today - timedelta(days=7),
            status=ReviewStatus.DRAFT,
        )  # fmt: skip
        session.add(draft)
        # The network's next review passed with none scheduled.
        network = session.scalar(select(Service).where(Service.name == "Network"))
        network.next_review_on = today - timedelta(days=3)
        session.commit()
        reminders.run(session)
        session.commit()
        owners_told = set()
        for person in session.scalars(select(Person)):
            for message in messages(session, person.email):
                if "scheduled for" in message and "E-mail" in message:
                    owners_told.add(("hold", person.email))
                if message.startswith("The next review of Network was due on"):
                    owners_told.add(("plan", person.email))
        assert ("hold", "priya@harbour-it.example") in owners_told
        assert ("plan", "jonas@harbour-it.example") in owners_told
        assert {kind for kind, _ in owners_told} == {"hold", "plan"}
        assert reminders.run(session) == 0  # once
    engine.dispose()
