"""One search across initiatives, suggestions, metrics, services, processes, objectives,
stakeholders and people, ranked, with the matched words marked, and only what the viewer may see.

The index is a table the database keeps current itself (triggers, migration 0023_search): on
SQLite an FTS5 table (tokenizer unicode61, diacritics removed), each row's rowid the object's id
times 16 plus its kind's code; on PostgreSQL a weighted tsvector (configuration `simple`) under a
GIN index, its letters folded as SQLite's are (`search_fold`: no accents). Both split words
alike; a query's words must all match, the last one also as the start of a word (so results
come as one types), and a match in the title (or name) ranks above one in the description or
the other text.

Visibility is part of the statement: each kind's rows are kept only where the viewer's rule for
that kind (server/domain/core/visibility.py) holds, so counts, ranks and pages are all of what
the viewer may see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from server.domain.core import visibility
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.viewer import Viewer
from server.models import (
    Initiative,
    Metric,
    Objective,
    Person,
    Process,
    Service,
    Stakeholder,
    Suggestion,
)

MAX_QUERY = 200
MAX_WORDS = 8
START, STOP = "\x02", "\x03"  # around a matched word in the database's answer


def _active_people(viewer: Viewer | None) -> ColumnElement[bool] | None:
    """Everyone signed in finds active people; administrators also those deactivated."""
    if viewer is None:
        return false()
    return None if viewer.is_admin else Person.is_active.is_(True)


def _everyone(viewer: Viewer | None) -> ColumnElement[bool] | None:
    return false() if viewer is None else None


@dataclass(frozen=True)
class Kind:
    code: int  # as migration 0023_search numbers it
    model: Any
    visible: Callable[[Viewer | None], ColumnElement[bool] | None]


KINDS = {
    "Initiative": Kind(1, Initiative, visibility.visible_initiatives),
    "Suggestion": Kind(2, Suggestion, visibility.visible_suggestions),
    "Metric": Kind(3, Metric, visibility.visible_metrics),
    "Service": Kind(4, Service, _everyone),
    "Process": Kind(5, Process, _everyone),
    "Objective": Kind(6, Objective, _everyone),
    "Stakeholder": Kind(7, Stakeholder, visibility.visible_stakeholders),
    "Person": Kind(8, Person, _active_people),
}
BY_CODE = {kind.code: name for name, kind in KINDS.items()}


@dataclass(frozen=True)
class Hit:
    """One thing found: its kind and id, its title and a piece of its text, each as parts
    (text, matched)."""

    kind: str
    object_id: int
    title: list[tuple[str, bool]]
    snippet: list[tuple[str, bool]]


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    total: int  # of the kinds asked for
    counts: dict[str, int]  # every kind, whatever was asked for


def words(query: str) -> list[str]:
    """The words searched for: letters and digits, in lower case."""
    if len(query) > MAX_QUERY:
        raise RuleViolation(INVALID, f"at most {MAX_QUERY} characters", "query")
    found = re.findall(r"\w+", query.lower())
    if len(found) > MAX_WORDS:
        raise RuleViolation(INVALID, f"at most {MAX_WORDS} words", "query")
    return found


def parts(marked: str | None) -> list[tuple[str, bool]]:
    """A text the database marked, as (text, matched) parts."""
    result: list[tuple[str, bool]] = []
    for piece in re.split(f"({START}[^{STOP}]*{STOP})", marked or ""):
        if piece.startswith(START):
            result.append((piece[1:-1], True))
        elif piece:
            result.append((piece, False))
    return result


class _Index:
    """How one database reads the index: kind and id of a row, the match, rank, marks."""

    kind: ColumnElement[Any]
    object_id: ColumnElement[Any]

    def __init__(self, session: Session) -> None:
        self.postgres = session.get_bind().dialect.name == "postgresql"
        if self.postgres:
            self.table = table(
                "search_index", column("kind", Integer), column("object_id", Integer),
                column("title"), column("body"), column("document"),
            )  # fmt: skip
            self.kind = self.table.c.kind
            self.object_id = self.table.c.object_id
        else:
            self.table = table("search_index", column("rowid", Integer), column("title"),
                               column("body"))  # fmt: skip
            self.kind = self.table.c.rowid % 16
            self.object_id = self.table.c.rowid // 16

    @staticmethod
    def _tsquery(found: Sequence[str]) -> ColumnElement[Any]:
        terms = [f"'{w}'" for w in found]  # \w+ words: nothing to escape
        terms[-1] += ":*"
        return func.to_tsquery(literal_column("'simple'"), func.search_fold(" & ".join(terms)))

    def match(
        self, found: Sequence[str]
    ) -> tuple[ColumnElement[bool] | TextClause, ColumnElement[Any]]:
        """The condition and the rank (smaller is better)."""
        if self.postgres:
            query = self._tsquery(found)
            return (
                self.table.c.document.op("@@")(query),
                -func.ts_rank(self.table.c.document, query),
            )
        terms = [f'"{w}"' for w in found]
        terms[-1] += "*"
        return (
            text("search_index MATCH :match").bindparams(match=" ".join(terms)),
            func.bm25(literal_column("search_index"), 10.0, 1.0),
        )

    def marked(self, found: Sequence[str]) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
        """The title with every match marked, and a piece of the other text around one."""
        if self.postgres:
            query = self._tsquery(found)
            marks = f"StartSel={START}, StopSel={STOP}"
            headline = partial(func.ts_headline, literal_column("'simple'"))
            return (
                headline(self.table.c.title, query, f"{marks}, HighlightAll=true"),
                headline(self.table.c.body, query,
                         f"{marks}, MaxWords=24, MinWords=12, MaxFragments=1"),
            )  # fmt: skip
        fts: ColumnElement[Any] = literal_column("search_index")
        return (
            func.highlight(fts, 0, START, STOP),
            func.snippet(fts, 1, START, STOP, "…", 16),
        )


def search(
    session: Session, viewer: Viewer, query: str, kinds: Sequence[str] | None = None,
    offset: int = 0, limit: int | None = 20,
) -> Results:  # fmt: skip
    """The page [offset, offset + limit) of what matches, best first; `kinds` narrows the hits
    (not the counts). Two statements, however many things match."""
    found = words(query)
    wanted = [k for k in (kinds or KINDS) if k in KINDS]
    if not found:
        return Results([], 0, {name: 0 for name in KINDS})
    index = _Index(session)
    matches, rank = index.match(found)
    allowed = or_(*(
        and_(index.kind == kind.code, index.object_id.in_(select(kind.model.id).where(condition)))
        if (condition := kind.visible(viewer)) is not None else index.kind == kind.code
        for kind in KINDS.values()
    ))  # fmt: skip
    counts = {name: 0 for name in KINDS}
    for code, count in session.execute(
        select(index.kind, func.count()).select_from(index.table).where(matches, allowed)
        .group_by(index.kind)
    ):  # fmt: skip
        counts[BY_CODE[int(code)]] = int(count)
    total = sum(counts[k] for k in wanted)
    if total == 0 or not wanted:
        return Results([], total, counts)
    narrowed = index.kind.in_([KINDS[k].code for k in wanted])
    title, snippet = index.marked(found)
    ranked = (
        select(index.kind.label("kind"), index.object_id.label("object_id"),
               title.label("title"), snippet.label("snippet"))
        .select_from(index.table)
        .where(matches, allowed, narrowed)
        .order_by(rank, index.kind, index.object_id)
        .offset(offset)
        .limit(limit)
    )  # fmt: skip
    hits = [
        Hit(BY_CODE[int(row.kind)], int(row.object_id), parts(row.title), parts(row.snippet))
        for row in session.execute(ranked)
    ]
    return Results(hits, total, counts)
