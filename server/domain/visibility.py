"""What a viewer may see, as SQL conditions applied wherever rows are loaded.

A row the viewer may not see is never loaded, so lists, look-ups, counts and totals all agree,
and a hidden row cannot be told apart from a missing one.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from server.domain.viewer import Viewer
from server.models import Plan


def visible_plans(viewer: Viewer | None) -> ColumnElement[bool]:
    """Plans the viewer may read: all of them, except confidential ones for most people."""
    if viewer is None:
        return false()
    if viewer.sees_confidential:
        return true()
    return Plan.confidential.is_(False)
