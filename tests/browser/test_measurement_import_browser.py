"""Importing measurements in Chromium: a refused file shows every bad line; a good one shows its
preview, then a progress bar that htmx refreshes until the import is done."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.test_sign_in_browser import sign_in
from tests.domain.test_measurement_import import generated

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
