"""How process governance loads, for all parents at once: a process's activities, policies and
definition versions (the one in force on a day: `definitionHistory(asOf:)`), each activity's
RACI, and what the viewer may change."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from schema.core.relations import Computed, ToMany, ToOne
from schema.governance.sources import ACTIVITY, DEFINITION_VERSION, POLICY
from schema.governance.types import RaciCell, raci_cells
from schema.people.sources import PERSON
from schema.services.sources import PROCESS
from server.domain.core import permissions
from server.domain.core.days import end_of
from server.domain.governance import definitions
from server.models import (
    ProcessActivity,
    ProcessDefinitionVersion,
    ProcessPolicy,
)


async def _raci(planner, ids: set[int]) -> dict[int, list[RaciCell]]:
    """The process owner (accountable) first, then each role given a part, by name: the same
    values a definition version keeps (definitions.raci_of)."""
    cells = await planner.info.context.session.run_sync(
        lambda session: definitions.raci_of(session, sorted(ids))
    )
    return {pk: raci_cells(values) for pk, values in cells.items()}


def _may_define(column):
    """Whether the viewer may change each parent, found through its process."""

    async def load(planner, ids: set[int]) -> dict[int, bool]:
        viewer = planner.viewer
        if viewer is None or not viewer.may_write:
            return {}
        table = column.class_
        rows = await planner.rows(select(table.id, column).where(planner.id_in(table.id, ids)))
        return {pk: permissions.may_define_process(viewer, process_id) for pk, process_id in rows}

    return load


async def _may_define_process(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    return {pk: permissions.may_define_process(viewer, pk) for pk in ids}


def _as_of(args: dict[str, Any]) -> list:
    day: date | None = args.get("as_of")
    return [] if day is None else [ProcessDefinitionVersion.recorded_at < end_of(day)]


def _policy_order(args: dict[str, Any]) -> list:
    """In use first, then retired; each by the day it took effect."""
    return [
        ProcessPolicy.retired_on.is_not(None),
        ProcessPolicy.effective_on,
        ProcessPolicy.id,
    ]


RELATIONS = {
    ("Process", "activities"): ToMany(
        ACTIVITY, ProcessActivity.process_id,
        order=lambda args: [ProcessActivity.position, ProcessActivity.id],
    ),
    ("Process", "policies"): ToMany(POLICY, ProcessPolicy.process_id, order=_policy_order),
    ("Process", "definitionHistory"): ToMany(
        DEFINITION_VERSION, ProcessDefinitionVersion.process_id, filters=_as_of,
        order=lambda args: [ProcessDefinitionVersion.number.desc()],
    ),
    ("Process", "viewerMayDefine"): Computed(_may_define_process, lambda: False),
    ("ProcessActivity", "process"): ToOne(PROCESS, "process"),
    ("ProcessActivity", "raci"): Computed(_raci, list),
    ("ProcessActivity", "viewerMayEdit"): Computed(
        _may_define(ProcessActivity.process_id), lambda: False
    ),
    ("ProcessPolicy", "process"): ToOne(PROCESS, "process"),
    ("ProcessPolicy", "viewerMayEdit"): Computed(
        _may_define(ProcessPolicy.process_id), lambda: False
    ),
    ("ProcessDefinitionVersion", "recordedBy"): ToOne(PERSON, "recorded_by"),
}  # fmt: skip
