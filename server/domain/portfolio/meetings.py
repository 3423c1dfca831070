"""The steering committee's meetings: the day it met, who attended, what it decided there and
any notes. Only the committee records them; every signed-in person may read them, as
published minutes. A meeting is recorded once it has been held (not in the future), one per
day; the meeting pack's "what changed" runs from the latest."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import may_record_steering_meetings
from server.domain.core.viewer import Viewer
from server.models import Person, SteeringMeeting, SteeringMeetingAttendee
from server.models.enums import AuditAction

MAX_ATTENDEES = 100


def _require_committee(viewer: Viewer) -> None:
    if not may_record_steering_meetings(viewer):
        raise RuleViolation(FORBIDDEN, "Only the steering committee records its meetings.")


def _held_on(session: Session, held_on: date, today: date, exclude: int | None) -> date:
    if held_on > today:
        raise RuleViolation(
            INVALID, "must not be after today: a meeting is recorded once it is held",
            "input.heldOn",
        )  # fmt: skip
    taken = select(SteeringMeeting.id).where(SteeringMeeting.held_on == held_on)
    if exclude is not None:
        taken = taken.where(SteeringMeeting.id != exclude)
    if session.scalar(taken) is not None:
        raise RuleViolation(
            INVALID, f"a meeting held on {held_on.isoformat()} is recorded already; change it "
            "instead", "input.heldOn",
        )  # fmt: skip
    return held_on


def _attendees(session: Session, person_ids: list[int | None]) -> list[int]:
    wanted = list(dict.fromkeys(person_ids))
    if not wanted:
        raise RuleViolation(INVALID, "name at least one person who attended", "input.attendeeIds")
    if len(wanted) > MAX_ATTENDEES:
        raise RuleViolation(
            INVALID, f"at most {MAX_ATTENDEES} people (got {len(wanted)})", "input.attendeeIds"
        )
    if any(pk is None for pk in wanted):
        raise RuleViolation(NOT_FOUND, "no person has this id", "input.attendeeIds")
    found = set(session.scalars(select(Person.id).where(Person.id.in_(wanted))))
    if missing := [pk for pk in wanted if pk not in found]:
        raise RuleViolation(
            NOT_FOUND, f"no person has this id ({len(missing)} of those named)",
            "input.attendeeIds",
        )  # fmt: skip
    return [pk for pk in wanted if pk is not None]


def _set_attendees(session: Session, meeting: SteeringMeeting, person_ids: list[int]) -> None:
    current = set(
        session.scalars(
            select(SteeringMeetingAttendee.person_id).where(
                SteeringMeetingAttendee.meeting_id == meeting.id
            )
        )
    )
    for attendee in session.scalars(
        select(SteeringMeetingAttendee).where(
            SteeringMeetingAttendee.meeting_id == meeting.id,
            SteeringMeetingAttendee.person_id.not_in(person_ids),
        )
    ):
        session.delete(attendee)
    for pk in person_ids:
        if pk not in current:
            session.add(SteeringMeetingAttendee(meeting_id=meeting.id, person_id=pk))


def _snapshot(meeting: SteeringMeeting, attendees: list[int]) -> dict[str, object]:
    return {
        "heldOn": meeting.held_on.isoformat(),
        "decisions": meeting.decisions,
        "notes": meeting.notes,
        "attendees": len(attendees),
    }


def record(
    session: Session,
    viewer: Viewer,
    held_on: date,
    attendee_ids: list[int | None],
    decisions: str | None,
    notes: str | None,
    today: date,
) -> SteeringMeeting:
    _require_committee(viewer)
    meeting = SteeringMeeting(
        held_on=_held_on(session, held_on, today, None),
        decisions=validation.text("input.decisions", decisions, limit=20_000),
        notes=validation.text("input.notes", notes, limit=20_000),
        recorded_by_id=viewer.person_id,
    )
    people = _attendees(session, attendee_ids)
    session.add(meeting)
    session.flush()
    _set_attendees(session, meeting, people)
    session.flush()
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name,
        entity_type="SteeringMeeting", entity_id=meeting.id,
        entity_label=f"Steering meeting of {meeting.held_on.isoformat()}",
        action=AuditAction.CREATE, after=_snapshot(meeting, people),
    )  # fmt: skip
    return meeting


def update(
    session: Session,
    viewer: Viewer,
    meeting_id: int | None,
    today: date,
    *,
    held_on: date | None = None,
    attendee_ids: list[int | None] | None = None,
    decisions: str | None = None,
    notes: str | None = None,
    expected_version: int | None = None,
) -> SteeringMeeting:
    meeting = session.get(SteeringMeeting, meeting_id) if meeting_id is not None else None
    if meeting is None:
        raise RuleViolation(NOT_FOUND, "no steering meeting has this id", "input.id")
    _require_committee(viewer)
    if expected_version is not None and expected_version != meeting.version:
        raise RuleViolation(
            CONFLICT,
            f"The meeting was changed after you loaded it (you had version {expected_version}, "
            f"it is now version {meeting.version}). Reload it and try again.",
            "input.expectedVersion",
        )
    people = list(
        session.scalars(
            select(SteeringMeetingAttendee.person_id).where(
                SteeringMeetingAttendee.meeting_id == meeting.id
            )
        )
    )
    before = _snapshot(meeting, people)
    if held_on is not None:
        meeting.held_on = _held_on(session, held_on, today, meeting.id)
    if decisions is not None:
        meeting.decisions = validation.text("input.decisions", decisions, limit=20_000)
    if notes is not None:
        meeting.notes = validation.text("input.notes", notes, limit=20_000)
    if attendee_ids is not None:
        people = _attendees(session, attendee_ids)
        _set_attendees(session, meeting, people)
    after = _snapshot(meeting, people)
    changed = [key for key in after if before[key] != after[key]]
    if changed:
        meeting.updated_at = datetime.now(UTC)  # one UPDATE, so one new version
        session.flush()
        audit.record(
            session, actor_id=viewer.person_id, actor_name=viewer.name,
            entity_type="SteeringMeeting", entity_id=meeting.id,
            entity_label=f"Steering meeting of {meeting.held_on.isoformat()}",
            action=AuditAction.UPDATE, before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )  # fmt: skip
    return meeting
