"""Importing measurements in Chromium: a refused file shows every bad line; a good one shows its
preview, then a progress bar that htmx refreshes until the import is done."""

from __future__ import annotations

from tests.support.browser import screenshot, sign_in
from tests.support.imports import generated

ROWS = 20_000
MTTR_ID = 19  # "Mean time to restore", Carlos's metric in the demo


def csv_file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def test_upload_a_file_and_follow_its_import_to_the_end(page, backend):
    sign_in(page, "carlos")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_role("heading", name="Import measurements").wait_for()

    bad = (
        "metric,taken_at,value\nMean time to restore,2031-01-01,4,5\nNo such metric,2031-01-01,1\n"
    )
    page.get_by_label("CSV file (at most 20 MB)").set_input_files(csv_file("bad.csv", bad))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("heading", name="Validation report: 2 problems").wait_for()
    report = page.locator(".import-report tbody").inner_text()
    assert "expected 3 fields as in the header, found 4" in report
    assert "unknown metric 'No such metric'" in report
    screenshot(page, f"measurement-import-report-{backend}")

    page.get_by_label("CSV file (at most 20 MB)").set_input_files(
        csv_file("generated.csv", generated([MTTR_ID], ROWS))
    )
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("heading", name="Checked: ready to import").wait_for()
    assert f"All {ROWS:,} rows are good" in page.locator("#import-progress").inner_text()
    preview = page.locator("table").last.locator("tbody tr")
    assert preview.count() == 10
    assert "Mean time to restore" in preview.first.inner_text()
    screenshot(page, f"measurement-import-preview-{backend}")

    page.get_by_role("button", name=f"Import {ROWS:,} measurements").click()
    page.locator("#import-progress").wait_for()
    if page.locator("#import-bar").count():  # still running when the page came back
        screenshot(page, f"measurement-import-running-{backend}")
    page.get_by_text(f"Imported {ROWS:,} measurements for 1 metric").wait_for(timeout=60_000)
    assert page.locator("#import-progress progress").get_attribute("value") == str(ROWS)
    assert page.locator("#import-progress").get_attribute("hx-trigger") is None
    screenshot(page, f"measurement-import-done-{backend}")


def test_the_progress_bar_follows_the_import_without_reloading_the_page(page, backend, demo_url):
    from datetime import UTC, datetime

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from server.db import make_sync_engine
    from server.domain.imports import records as measurement_imports
    from server.models import ImportState, MeasurementImport

    sign_in(page, "carlos")
    page.goto("/measurements/import")
    good = "metric,taken_at,value\n" + "".join(
        f"Mean time to restore,2032-0{month}-01,4.{month}\n" for month in range(1, 5)
    )
    page.get_by_label("CSV file (at most 20 MB)").set_input_files(csv_file("four.csv", good))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("heading", name="Checked: ready to import").wait_for()
    pk = _pk(page.url)

    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:  # as the worker leaves it half-way
        session.execute(
            update(MeasurementImport)
            .where(MeasurementImport.id == pk)
            .values(state=ImportState.RUNNING, rows_done=2, started_at=datetime.now(UTC))
        )
        session.commit()
    page.reload()
    page.get_by_text("2 of 4 rows written").wait_for()
    assert page.locator("#import-bar").get_attribute("value") == "2"
    page.evaluate("window.stillTheSamePage = true")
    screenshot(page, f"measurement-import-running-{backend}")

    with Session(engine) as session:  # the worker finishes
        measurement_imports.run(session, session.get(MeasurementImport, pk))
        session.commit()
    engine.dispose()
    page.get_by_text("Imported 4 measurements for 1 metric").wait_for(timeout=10_000)
    assert page.evaluate("window.stillTheSamePage") is True  # htmx swapped the block in place
    assert page.locator("#import-progress").get_attribute("hx-trigger") is None


def _pk(url: str) -> int:
    from schema.core.ids import from_global_id

    return from_global_id(url.rstrip("/").rsplit("/", 1)[1])[1]


def test_importing_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "carlos")
    page.goto("/measurements/import")
    good = "metric,taken_at,value\nMean time to restore,2033-01-01,4.2\n"
    page.get_by_label("CSV file (at most 20 MB)").set_input_files(csv_file("one.csv", good))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("heading", name="Checked: ready to import").wait_for()
    page.get_by_role("button", name="Import 1 measurement").click()
    # the page reloads itself (a refresh in <noscript>) until the import is done
    page.get_by_text("Imported 1 measurement for 1 metric").wait_for(timeout=20_000)
    context.close()
