"""Where process activities, policies and definition versions come from (see
schema/core/sources.py). Every signed-in person reads how a process is defined and governed."""

from __future__ import annotations

from schema.core.sources import Source
from schema.governance import types as t
from server.models import ProcessActivity, ProcessDefinitionVersion, ProcessPolicy

ACTIVITY = Source(
    "ProcessActivity",
    t.ProcessActivity,
    ProcessActivity,
    {
        "position": ProcessActivity.position,
        "name": ProcessActivity.name,
        "inputs": ProcessActivity.inputs,
        "outputs": ProcessActivity.outputs,
        "handoffs": ProcessActivity.handoffs,
        "procedure": ProcessActivity.procedure,
        "created_at": ProcessActivity.created_at,
        "updated_at": ProcessActivity.updated_at,
        "version": ProcessActivity.version,
    },
    {"process": ProcessActivity.process_id},
    requires={"procedure_html": ("procedure",)},
)

POLICY = Source(
    "ProcessPolicy",
    t.ProcessPolicy,
    ProcessPolicy,
    {
        "title": ProcessPolicy.title,
        "statement": ProcessPolicy.statement,
        "rationale": ProcessPolicy.rationale,
        "effective_on": ProcessPolicy.effective_on,
        "review_on": ProcessPolicy.review_on,
        "retired_on": ProcessPolicy.retired_on,
        "created_at": ProcessPolicy.created_at,
        "updated_at": ProcessPolicy.updated_at,
        "version": ProcessPolicy.version,
    },
    {"process": ProcessPolicy.process_id},
    requires={
        "in_force": ("retired_on", "effective_on"),
        "review_due": ("retired_on", "review_on"),
    },
)

DEFINITION_VERSION = Source(
    "ProcessDefinitionVersion",
    t.ProcessDefinitionVersion,
    ProcessDefinitionVersion,
    {
        "number": ProcessDefinitionVersion.number,
        "recorded_at": ProcessDefinitionVersion.recorded_at,
        "change": ProcessDefinitionVersion.change,
        "recorded_by_name": ProcessDefinitionVersion.recorded_by_name,
        "definition_value": ProcessDefinitionVersion.definition,  # read by the fields below
    },
    {"recorded_by": ProcessDefinitionVersion.recorded_by_id},
    requires={
        name: ("definition_value",) for name in ("purpose", "scope", "activities", "policies")
    },
)
