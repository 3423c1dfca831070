"""The initiative form shared by the propose and edit pages: its fields, their values as the
form shows them, and reading a posted form back into a proposeInitiative / updateInitiative
input. Parsing only (is this a date, a number, one of the options); every rule stays in the
domain and comes back as the mutation's errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.datastructures import FormData

from server.web.core.schema_api import ExecutionMode, FourDimension, Priority, ValueChainActivity

Value = str | list[str]


@dataclass(frozen=True)
class Field:
    """One form field, named as the mutation's input field it fills."""

    name: str
    label: str
    kind: str  # text, textarea, person, choice, date, currency, money, checkboxes, tags, objectives
    options: tuple[str, ...] = ()
    hint: str = ""

    @property
    def many(self) -> bool:
        return self.kind in ("checkboxes", "objectives", "services")


FIELDS = (
    Field("title", "Title", "text", hint="Required; at most 200 characters."),
    Field("description", "Description", "textarea"),
    Field("rationale", "Rationale: why it is needed", "textarea"),
    Field("ownerId", "Owner", "person"),
    Field("priority", "Priority", "choice", tuple(m.name for m in Priority)),
    Field("executionMode", "Run as", "choice", tuple(m.name for m in ExecutionMode)),
    Field(
        "valueChainActivity",
        "Value chain activity",
        "choice",
        tuple(m.name for m in ValueChainActivity),
    ),
    Field("plannedStart", "Planned start", "date"),
    Field("plannedEnd", "Planned end", "date"),
    Field("currency", "Currency", "currency", hint="Three letters, such as EUR."),
    Field(
        "budgetRequested",
        "Estimated budget",
        "money",
        hint="An estimate; the formal request is made once the initiative is approved.",
    ),
    Field("dimensions", "Four Dimensions", "checkboxes", tuple(m.name for m in FourDimension)),
    Field("tags", "Tags", "tags", hint="Separated by commas."),
    Field("objectiveIds", "Objectives it serves", "objectives"),
    Field("serviceIds", "Services it affects", "services"),
)
BY_NAME = {field.name: field for field in FIELDS}
CLEARABLE_KINDS = ("text", "textarea", "tags", "checkboxes", "objectives", "services")


def values_of(initiative: dict[str, Any]) -> dict[str, Value]:
    """An initiative's fields as the form shows them (the edit page's starting point)."""
    values: dict[str, Value] = {}
    for field in FIELDS:
        if field.name == "ownerId":
            values[field.name] = (initiative.get("owner") or {}).get("id", "")
        elif field.name == "objectiveIds":
            values[field.name] = [o["id"] for o in initiative["objectives"]["nodes"]]
        elif field.name == "serviceIds":
            values[field.name] = [s["id"] for s in initiative["affectedServices"]["nodes"]]
        elif field.name == "tags":
            values[field.name] = ", ".join(initiative["tags"])
        elif field.many:
            values[field.name] = list(initiative[field.name])
        else:
            value = initiative.get(field.name)
            values[field.name] = "" if value is None else str(value)
    return values


def posted_values(form: FormData, fields: list[Field]) -> dict[str, Value]:
    """What the person typed, kept as typed to show it again."""
    return {
        field.name: [str(v) for v in form.getlist(field.name)]
        if field.many
        else str(form.get(field.name, ""))
        for field in fields
    }


def same(a: Value | None, b: Value | None) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return sorted(a or []) == sorted(b or [])
    return (a or "").strip() == (b or "").strip()


def to_input(fields: list[Field], values: dict[str, Value]) -> tuple[dict[str, Any], dict]:
    """The mutation input for these fields, and the fields that are not even well formed.
    An empty optional field is left out of the input."""
    data: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field in fields:
        value = values.get(field.name, [] if field.many else "")
        if field.many:
            if field.kind == "checkboxes" and any(v not in field.options for v in value):
                problems[field.name] = "choose from the options"
            else:
                data[field.name] = list(dict.fromkeys(value))
            continue
        text = value.strip()
        if field.kind in ("text", "textarea"):
            data[field.name] = text
        elif field.kind == "tags":
            data[field.name] = [tag.strip() for tag in text.split(",") if tag.strip()]
        elif not text:
            continue
        elif field.kind == "choice" and text not in field.options:
            problems[field.name] = "choose one of the options"
        elif field.kind == "date" and not _is_date(text):
            problems[field.name] = "must be a date such as 2026-03-31"
        elif field.kind == "money" and not is_amount(text):
            problems[field.name] = "must be an amount such as 1200.50"
        else:
            data[field.name] = text
    return data, problems


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def is_amount(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def first_in_error(fields: list[Field], problems: dict[str, str]) -> str | None:
    return next((field.name for field in fields if field.name in problems), None)
