"""The measurement imports' mutations: upload a CSV file's text to check it, then start it
(server/domain/imports/records.py holds the rules; the worker writes it in the background)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy.orm import Session
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.imports.inputs import CreateMeasurementImportInput, StartMeasurementImportInput
from schema.imports.payloads import CreateMeasurementImportPayload, StartMeasurementImportPayload
from schema.imports.queries import load
from server.domain.core.viewer import Viewer
from server.domain.imports import records as domain


async def _run(info: Info[Context, None], work, payload_class: type) -> Any:
    """One domain change in its own transaction; the import as the API shows it, or errors."""
    result = await run(
        info, work, "measurement_import", "MeasurementImport", load=load, clash="CONFLICT"
    )
    return payload_class(**result)


async def create(info: Info[Context, None], input: CreateMeasurementImportInput) -> Any:
    def work(session: Session, viewer: Viewer):
        return domain.upload(session, viewer, input.file_name, input.content)

    return await _run(info, work, CreateMeasurementImportPayload)


async def start(info: Info[Context, None], input: StartMeasurementImportInput) -> Any:
    def work(session: Session, viewer: Viewer):
        return domain.start(session, viewer, decode(input.id, "MeasurementImport", "input.id"))

    payload = await _run(info, work, StartMeasurementImportPayload)
    if not payload.errors and info.context.wake_import_worker is not None:
        info.context.wake_import_worker()
    return payload


@strawberry.type
class ImportsMutation:
    @strawberry.mutation(
        description="Upload a CSV file of measurements (its text) to check it: every bad line "
        "is reported and nothing is kept, or the import waits for its uploader to start it."
    )
    async def create_measurement_import(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateMeasurementImportInput,
            strawberry.argument(description="The file's name and text."),
        ],
    ) -> CreateMeasurementImportPayload:
        return await create(info, input)

    @strawberry.mutation(
        description="Start a checked import (its uploader only): it runs in the background, "
        "writing every row or none; follow it with `measurementImport(id)`."
    )
    async def start_measurement_import(
        self,
        info: Info[Context, None],
        input: Annotated[
            StartMeasurementImportInput,
            strawberry.argument(description="The import to start."),
        ],
    ) -> StartMeasurementImportPayload:
        return await start(info, input)
