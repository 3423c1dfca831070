"""Saved views: a list page's filters, search and order kept under a name, so a person comes
back to "my open work, by planned end" in one click. A view is its owner's; shared, everyone
signed in sees it on that page (what the page then shows still follows what each may see: the
view keeps the question, not the answer). The owner and administrators delete it.

A view names the page by its path (/plans/UGxhbjox, /metrics) and keeps the query string; the
page that shows it checks the query again as it checks any address."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.viewer import Viewer
from server.models import SavedView
from server.models.enums import AuditAction

NAME_LIMIT = 80
PATH_LIMIT = 200
QUERY_LIMIT = 2000
PER_PAGE_LIMIT = 50  # one person's views of one page
# What a view never keeps: where the list was paged to, the export it was, a one-off selection.
TRANSIENT = {"after", "before", "format", "select", "csrf_token"}


def clean_query(query: str) -> str:
    """The query string as a view keeps it: without the paging cursor and the like."""
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=False)
    return urlencode([(key, value) for key, value in pairs if key not in TRANSIENT])


def _path(path: str | None) -> str:
    value = (path or "").strip()
    if not value.startswith("/") or value.startswith("//") or "?" in value or "#" in value:
        raise RuleViolation(INVALID, "must be a page's path such as /metrics", "input.path")
    if len(value) > PATH_LIMIT or any(ch.isspace() for ch in value):
        raise RuleViolation(
            INVALID, f"must be a page's path of at most {PATH_LIMIT} characters", "input.path"
        )
    return value


def save_view(
    session: Session,
    viewer: Viewer,
    *,
    path: str | None,
    name: str | None,
    query: str | None,
    shared: bool = False,
) -> SavedView:
    """Keep the page's query under a name; the same name on the same page replaces the
    person's earlier view."""
    page = _path(path)
    title = validation.text("input.name", name, limit=NAME_LIMIT, required=True)
    kept = clean_query(query or "")
    if len(kept) > QUERY_LIMIT:
        raise RuleViolation(
            INVALID, f"must be at most {QUERY_LIMIT} characters long", "input.query"
        )
    view = session.scalar(
        select(SavedView).where(
            SavedView.owner_id == viewer.person_id, SavedView.path == page,
            SavedView.name == title,
        )
    )  # fmt: skip
    action = AuditAction.UPDATE
    before = None
    if view is None:
        count = session.scalar(
            select(func.count()).where(
                SavedView.owner_id == viewer.person_id, SavedView.path == page
            )
        )
        if (count or 0) >= PER_PAGE_LIMIT:
            raise RuleViolation(
                INVALID, f"you keep {PER_PAGE_LIMIT} views of this page already; delete one first",
                "input.name",
            )  # fmt: skip
        view = SavedView(owner_id=viewer.person_id, path=page, name=title)
        session.add(view)
        action = AuditAction.CREATE
    else:
        before = {"query": view.query, "shared": view.shared}
    view.query, view.shared = kept, bool(shared)
    session.flush()
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="SavedView",
        entity_id=view.id, entity_label=f"{title} ({page})", action=action, before=before,
        after={"query": kept, "shared": view.shared},
    )  # fmt: skip
    return view


def delete_view(session: Session, viewer: Viewer, view_id: int | None) -> int:
    """Delete a view (its owner, or an administrator); returns its id."""
    view = session.get(SavedView, view_id) if view_id is not None else None
    visible = view is not None and (view.shared or view.owner_id == viewer.person_id)
    if view is None or not (visible or viewer.is_admin):
        raise RuleViolation(NOT_FOUND, "no saved view has this id", "input.id")
    if view.owner_id != viewer.person_id and not viewer.is_admin:
        raise RuleViolation(
            FORBIDDEN, "Only the person who saved a view and administrators delete it."
        )
    pk = view.id
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="SavedView",
        entity_id=pk, entity_label=f"{view.name} ({view.path})", action=AuditAction.DELETE,
        before={"query": view.query, "shared": view.shared},
    )  # fmt: skip
    session.delete(view)
    session.flush()
    return pk
