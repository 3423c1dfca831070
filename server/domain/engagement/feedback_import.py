"""Importing stakeholder feedback from a CSV file: every line checked, then all of it recorded
or none (docs/feedback-import.md has the format).

Columns, in any order, names not case-sensitive: `service`, `given_on`, `score`, `channel`,
and the optional `stakeholder`, `person`, `comment`. A service or stakeholder is named by its
global ID or its exact name; a person by their global ID or e-mail address. The file is read by
the reader every import shares (server/domain/imports/csv_reader.py) and checked by the rules
of `recordFeedback` (server/domain/engagement/feedback.py: who may record, scores 1 to 5, no
future days), each problem reported with its line. A file holds at most as many lines as one
`recordFeedback` call, so it is checked and written within the request, in one insert.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.core.errors import INVALID, RuleViolation, RuleViolations
from server.domain.core.viewer import Viewer
from server.domain.engagement import feedback
from server.domain.imports.checker import global_pk
from server.domain.imports.csv_reader import LineProblem, read_table
from server.models import Person, Service, Stakeholder
from server.models.enums import FeedbackChannel

REQUIRED = ("service", "given_on", "score", "channel")
OPTIONAL = ("stakeholder", "person", "comment")
MAX_ROWS = feedback.MAX_ROWS
CHANNELS = {channel.value: channel for channel in FeedbackChannel}
# The downloadable example; its service and stakeholders are the demo organisation's.
EXAMPLE = """service,stakeholder,given_on,score,channel,comment
Service Desk,Sales department,2026-11-02,4,survey,Quick and friendly.
Service Desk,Field engineers,2026-11-09,2,service_desk,Nobody answered after 18:00.
E-mail,Finance,2026-11-16,3,meeting,
"""
# A batch item's field, as the file's column names it.
COLUMNS = {
    "serviceId": "service",
    "stakeholderId": "stakeholder",
    "personId": "person",
    "givenOn": "given_on",
    "score": "score",
    "channel": "channel",
    "comment": "comment",
}
_ITEM_FIELD = re.compile(r"input\.items\.(\d+)\.(\w+)")


@dataclass
class Imported:
    """What a file recorded: how many pieces of feedback, and their ids in the file's order."""

    recorded: int
    ids: list[int] = field(default_factory=list)


def _lookup(
    session: Session, model: Any, key: Any, values: set[str], type_name: str
) -> dict[str, int]:
    """Each named value's id: by global ID, else by the exact key (a name, an e-mail)."""
    found: dict[str, int] = {}
    by_id = {value: global_pk(value, type_name) for value in values}
    ids = {pk for pk in by_id.values() if pk is not None}
    existing = set(session.scalars(select(model.id).where(model.id.in_(ids)))) if ids else set()
    for value, pk in by_id.items():
        if pk is not None and pk in existing:
            found[value] = pk
    names = {value for value in values if value not in found}
    if names:
        lowered = {value.lower(): value for value in names}
        column = func.lower(key) if model is Person else key
        wanted = list(lowered) if model is Person else list(names)
        for pk, name in session.execute(select(model.id, key).where(column.in_(wanted))):
            original = lowered.get(name.lower()) if model is Person else name
            if original is not None:
                found[original] = pk
    return found


def _parse(session: Session, text: str) -> tuple[list[int], list[feedback.Row], list[LineProblem]]:
    table = read_table(text, REQUIRED, OPTIONAL, noun="feedback", max_rows=MAX_ROWS)
    problems = list(table.problems)
    services = _lookup(session, Service, Service.name,
                       {v["service"].strip() for _, v in table.records}, "Service")  # fmt: skip
    stakeholders = _lookup(
        session, Stakeholder, Stakeholder.name,
        {v.get("stakeholder", "").strip() for _, v in table.records} - {""}, "Stakeholder",
    )  # fmt: skip
    people = _lookup(session, Person, Person.email,
                     {v.get("person", "").strip() for _, v in table.records} - {""},
                     "Person")  # fmt: skip
    lines: list[int] = []
    rows: list[feedback.Row] = []
    for line, values in table.records:
        reasons = []
        service = values["service"].strip()
        if not service:
            reasons.append("service is empty")
        elif service not in services:
            reasons.append(f"no service is called or has the ID {service!r}")
        stakeholder = values.get("stakeholder", "").strip()
        if stakeholder and stakeholder not in stakeholders:
            reasons.append(f"no stakeholder is called or has the ID {stakeholder!r}")
        person = values.get("person", "").strip()
        if person and person not in people:
            reasons.append(f"no person has the e-mail address or ID {person!r}")
        given_on = None
        raw_day = values["given_on"].strip()
        try:
            given_on = date.fromisoformat(raw_day) if len(raw_day) == 10 else None
        except ValueError:
            given_on = None
        if given_on is None:
            reasons.append(f"given_on {raw_day!r} is not an ISO 8601 date (e.g. 2030-01-31)")
        raw_score = values["score"].strip()
        score = int(raw_score) if raw_score in {"1", "2", "3", "4", "5"} else None
        if score is None:
            reasons.append(f"score {raw_score!r} is not a whole number from 1 to 5")
        raw_channel = values["channel"].strip().lower().replace(" ", "_").replace("-", "_")
        channel = CHANNELS.get(raw_channel)
        if channel is None:
            reasons.append(
                f"channel {values['channel'].strip()!r} is not one of {', '.join(CHANNELS)}"
            )
        if reasons:
            problems.append(LineProblem(line, "; ".join(reasons)))
            continue
        lines.append(line)
        rows.append(
            feedback.Row(
                service_id=services[service],
                stakeholder_id=stakeholders.get(stakeholder) if stakeholder else None,
                person_id=people.get(person) if person else None,
                given_on=given_on,
                score=score or 0,
                comment=values.get("comment", ""),
                channel=channel,
            )
        )
    return lines, rows, problems


def _line_problems(lines: list[int], refused: RuleViolations) -> list[LineProblem]:
    """The batch's item errors as the lines of the file they came from."""
    found = []
    for violation in refused.violations:
        match = _ITEM_FIELD.fullmatch(violation.field or "")
        if match is None:
            found.append(LineProblem(0, violation.message, violation.code))
            continue
        line = lines[int(match.group(1))]
        column = COLUMNS.get(match.group(2), match.group(2))
        reason = re.sub(r"^item \d+: ", "", violation.message)
        found.append(LineProblem(line, f"{column}: {reason}", violation.code))
    return found


def import_file(session: Session, viewer: Viewer, text: str | None) -> Imported:
    """Check every line of the file and record all of it, or nothing; raises RuleViolations
    naming each bad line (`input.content.<line>`)."""
    if not (text or "").strip():
        raise RuleViolation(INVALID, "the file is empty; it needs a header row", "input.content")
    lines, rows, problems = _parse(session, text or "")
    clean: list[dict[str, Any]] = []
    services: dict[int, Any] = {}
    if rows:
        try:
            clean, services = feedback.check(session, viewer, rows)
        except RuleViolations as refused:
            problems.extend(_line_problems(lines, refused))
    if problems:
        problems.sort(key=lambda problem: problem.line)
        raise RuleViolations(
            [
                RuleViolation(problem.code, problem.message, f"input.content.{problem.line}")
                for problem in problems
            ]
        )
    ids = feedback.write(session, viewer, clean, services)
    return Imported(recorded=len(ids), ids=ids)
