"""Likely duplicates of a new suggestion: the open and accepted suggestions whose titles
share most of its words. Shown while the title is typed, so a person supports an existing
idea instead of writing it again."""

from __future__ import annotations

import re

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.domain.core import visibility
from server.domain.core.viewer import Viewer
from server.models import Plan, Suggestion
from server.models.enums import PlanKind, SuggestionStatus

_WORD = re.compile(r"\w{3,}")
# Words too common in improvement titles to tell two ideas apart.
COMMON = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "from",
        "into",
        "our",
        "their",
        "this",
        "that",
        "are",
        "was",
        "were",
        "will",
        "not",
        "new",
        "more",
        "less",
        "better",
        "improve",
        "improved",
        "improvement",
        "make",
        "use",
        "using",
        "all",
        "any",
        "can",
    }
)
CANDIDATES = 200
LIKELY = 0.5  # at least half of the title's words


def words(title: str) -> set[str]:
    return {word for word in _WORD.findall(title.lower()) if word not in COMMON}


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def suggestions(
    session: Session, viewer: Viewer, title: str, kind: PlanKind | None, limit: int
) -> list[int]:
    """The ids of the visible open or accepted suggestions most like `title`, best first."""
    wanted = words(title[:200])
    if not wanted:
        return []
    statement = select(Suggestion.id, Suggestion.title).where(
        Suggestion.status.in_(
            [SuggestionStatus.SUBMITTED, SuggestionStatus.NEEDS_INFORMATION,
             SuggestionStatus.ACCEPTED]
        ),
        or_(*(Suggestion.title.ilike(_like(word), escape="\\") for word in sorted(wanted))),
    )  # fmt: skip
    condition = visibility.visible_suggestions(viewer)
    if condition is not None:
        statement = statement.where(condition)
    if kind is not None:
        statement = statement.where(
            Suggestion.plan_id.in_(select(Plan.id).where(Plan.kind == PlanKind(kind)))
        )
    scored = []
    for pk, other in session.execute(statement.order_by(Suggestion.id.desc()).limit(CANDIDATES)):
        score = len(wanted & words(other)) / len(wanted)
        if score >= LIKELY:
            scored.append((-score, -pk))
    return [-negative_pk for _, negative_pk in sorted(scored)[:limit]]
