"""How the pages look to one person: their theme. One's own choice only; nobody sets another's."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.viewer import Viewer
from server.models import PersonPreference
from server.models.enums import AuditAction, Theme

THEME_CHOICES = ", ".join(theme.name for theme in Theme)


def theme_of(session: Session, person_id: int) -> Theme:
    chosen = session.scalar(
        select(PersonPreference.theme).where(PersonPreference.person_id == person_id)
    )
    return chosen or Theme.SYSTEM


def parse_theme(value: str | None, field: str = "input.theme") -> Theme:
    """A theme by its API name (LIGHT) or its stored value (light); anything else is refused
    with the field named."""
    try:
        return Theme((value or "").strip().lower())
    except ValueError:
        raise RuleViolation(INVALID, f"must be one of {THEME_CHOICES}", field) from None


def set_theme(session: Session, viewer: Viewer, theme: Theme) -> int:
    """The viewer's own theme, kept for every browser they sign in from."""
    row = session.get(PersonPreference, viewer.person_id)
    before = row.theme if row else Theme.SYSTEM
    if row is None:
        session.add(PersonPreference(person_id=viewer.person_id, theme=theme))
    else:
        row.theme = theme
    session.flush()
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Person",
        entity_id=viewer.person_id, entity_label=viewer.name, action=AuditAction.UPDATE,
        before={"theme": before.value}, after={"theme": theme.value}, admin_only=True,
    )  # fmt: skip
    return viewer.person_id
