"""The imports area of the web door: importing measurements from a CSV file (upload, preview and
start, then a progress page), and the example file."""

from __future__ import annotations

from server.web.core.routing import ANYONE, SIGNED_IN, page
from server.web.imports.measurement_import import (
    UPLOAD_FORM,
    example_file,
    start,
    status_page,
    upload,
    upload_page,
)

IMPORT = {"import_id": "MeasurementImport"}

# The example file before /measurements/import/{import_id}, which would take it for an id.
ROUTES = [
    page("/measurements/import", upload_page, needs=SIGNED_IN, name="measurement_import"),
    page(
        "/measurements/import",
        upload,
        needs=SIGNED_IN,
        methods=["POST"],
        form_limits=UPLOAD_FORM,
    ),
    page("/measurements/import/example.csv", example_file, needs=ANYONE),
    page("/measurements/import/{import_id}", status_page, needs=SIGNED_IN, params=IMPORT),
    page(
        "/measurements/import/{import_id}/start",
        start,
        needs=SIGNED_IN,
        methods=["POST"],
        params=IMPORT,
    ),
]
