"""How the pages look to one person: their theme, and the locale money, numbers and dates are
written in. One's own choice only; nobody sets another's."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.domain.core import audit
from server.domain.core.errors import INVALID, RuleViolation, RuleViolations
from server.domain.core.locales import LOCALES
from server.domain.core.viewer import Viewer
from server.models import PersonPreference
from server.models.enums import AuditAction, Theme

THEME_CHOICES = ", ".join(theme.name for theme in Theme)


def parse_theme(value: str | None, field: str = "input.theme") -> Theme:
    """A theme by its API name (LIGHT) or its stored value (light); anything else is refused
    with the field named."""
    try:
        return Theme((value or "").strip().lower())
    except ValueError:
        raise RuleViolation(INVALID, f"must be one of {THEME_CHOICES}", field) from None


def set_preferences(
    session: Session, viewer: Viewer, theme: Theme | None, locale: str | None
) -> int:
    """The viewer's own theme and locale (each when given; a locale of "" follows the
    browser again), kept for every browser they sign in from. All checked before any write."""
    problems = []
    if locale is not None and locale != "" and locale not in LOCALES:
        problems.append(RuleViolation(
            INVALID, "must be one of the offered locales, such as en_GB or de_DE", "input.locale"
        ))  # fmt: skip
    if problems:
        raise RuleViolations(problems)
    row = session.get(PersonPreference, viewer.person_id)
    before = {"theme": (row.theme if row else Theme.SYSTEM).value, "locale": row and row.locale}
    if row is None:
        row = PersonPreference(person_id=viewer.person_id, theme=Theme.SYSTEM)
        session.add(row)
    if theme is not None:
        row.theme = theme
    if locale is not None:
        row.locale = locale or None
    session.flush()
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Person",
        entity_id=viewer.person_id, entity_label=viewer.name, action=AuditAction.UPDATE,
        before=before, after={"theme": row.theme.value, "locale": row.locale}, admin_only=True,
    )  # fmt: skip
    return viewer.person_id


def preferences_of(session: Session, person_id: int) -> tuple[Theme, str | None]:
    row = session.get(PersonPreference, person_id)
    return (row.theme, row.locale) if row else (Theme.SYSTEM, None)
