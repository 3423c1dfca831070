"""The payloads of the mutations of services, processes and offerings."""

from __future__ import annotations

from schema.core.mutations import payload
from schema.services.types import Offering, Process, Service

CreateServicePayload = payload(
    "CreateServicePayload", "service", Service,
    "The service added, with its improvement plan; null when refused.",
)  # fmt: skip


UpdateServicePayload = payload(
    "UpdateServicePayload", "service", Service, "The service as changed; null when refused."
)


CreateProcessPayload = payload(
    "CreateProcessPayload", "process", Process,
    "The process added, with its improvement plan; null when refused.",
)  # fmt: skip


UpdateProcessPayload = payload(
    "UpdateProcessPayload", "process", Process, "The process as changed; null when refused."
)


CreateOfferingPayload = payload(
    "CreateOfferingPayload", "offering", Offering, "The offering added; null when refused."
)


UpdateOfferingPayload = payload(
    "UpdateOfferingPayload", "offering", Offering, "The offering as changed; null when refused."
)
