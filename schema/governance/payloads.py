"""The payloads of the process governance mutations: what changed, or the errors."""

from __future__ import annotations

from schema.core.mutations import payload
from schema.governance.types import ProcessActivity, ProcessPolicy
from schema.services.types import Process

UpdateProcessDefinitionPayload = payload(
    "UpdateProcessDefinitionPayload", "process", Process,
    "The process with its purpose and scope; null when refused.",
)  # fmt: skip
AddProcessActivityPayload = payload(
    "AddProcessActivityPayload", "activity", ProcessActivity,
    "The activity added; null when refused.",
)  # fmt: skip
UpdateProcessActivityPayload = payload(
    "UpdateProcessActivityPayload", "activity", ProcessActivity,
    "The activity as changed; null when refused.",
)  # fmt: skip
RemoveProcessActivityPayload = payload(
    "RemoveProcessActivityPayload", "process", Process,
    "The process without the activity; null when refused.",
)  # fmt: skip
SetActivityRaciPayload = payload(
    "SetActivityRaciPayload", "activity", ProcessActivity,
    "The activity with its new RACI; null when refused.",
)  # fmt: skip
CreateProcessPolicyPayload = payload(
    "CreateProcessPolicyPayload", "policy", ProcessPolicy,
    "The policy adopted; null when refused.",
)  # fmt: skip
UpdateProcessPolicyPayload = payload(
    "UpdateProcessPolicyPayload", "policy", ProcessPolicy,
    "The policy as changed; null when refused.",
)  # fmt: skip
