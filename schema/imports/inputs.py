"""The inputs of the measurement imports' mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A CSV file's text: header `metric,taken_at,value[,source]`.")
class CreateMeasurementImportInput:
    file_name: str = strawberry.field(
        description="The file's name, to recognise it by; at most 255 characters."
    )
    content: str = strawberry.field(
        description="The file's text: UTF-8 CSV, a header line then at most 250,000 rows "
        "(docs/measurement-import.md)."
    )


@strawberry.input(description="A checked measurement import to start.")
class StartMeasurementImportInput:
    id: strawberry.ID = strawberry.field(description="The import's global id.")
