"""The payloads of the measurement imports' mutations."""

from __future__ import annotations

import strawberry

from schema.core.mutations import ERRORS, UserError
from schema.imports.types import MeasurementImport


@strawberry.type(
    description="The result of createMeasurementImport; a refused file has an error per bad "
    "line (`field` ends with the line number) and nothing is kept."
)
class CreateMeasurementImportPayload:
    measurement_import: MeasurementImport | None = strawberry.field(
        description="The import, checked and waiting to be started; null when refused."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="The result of startMeasurementImport.")
class StartMeasurementImportPayload:
    measurement_import: MeasurementImport | None = strawberry.field(
        description="The import, now queued to run; null when refused."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)
