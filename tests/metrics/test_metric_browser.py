"""The metrics pages in Chromium: the list filters in place, the dashboard shows its chart and
its measurements, and the owner records a measurement and sees it."""

from __future__ import annotations

from tests.support.browser import BROWSER_LOCALE, screenshot, sign_in
from tests.support.demo import MTTR_METRIC as MTTR
from tests.support.demo import plan_id
from tests.support.pages import shown_when


def test_the_owner_sees_the_chart_and_records_a_measurement(page, backend):
    sign_in(page, "carlos")
    page.goto(f"/metrics/{MTTR}")
    chart = page.locator(f"svg#chart-metric-{MTTR.rstrip('=')}")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert page.get_by_role("img", name="Mean time to restore over time").is_visible()
    table = page.locator("#measurements table")
    assert table.is_visible() and table.locator("tbody tr").count() > 0
    page.get_by_text("Record a measurement…").click()
    page.get_by_label("Value (h)").fill("abc")
    page.get_by_label("Taken at (UTC)").fill("2026-11-01T09:30")
    page.get_by_label("Source note").fill("Monthly service review")
    page.get_by_role("button", name="Record", exact=True).click()
    page.locator("#error-value").wait_for()
    assert page.get_by_label("Source note").input_value() == "Monthly service review"
    page.get_by_label("Value (h)").fill("3.9")
    page.get_by_role("button", name="Record", exact=True).click()
    row = page.locator("#measurements tbody tr").first
    row.get_by_text(shown_when("2026-11-01T09:30:00+00:00", BROWSER_LOCALE)).wait_for()
    assert "3.9 h" in row.inner_text() and "Monthly service review" in row.inner_text()
    assert "3.9 h" in page.locator("hgroup").inner_text()  # the status follows the new value
    screenshot(page, f"metric-{backend}")


def test_the_list_filters_in_place_and_keeps_the_url(page, backend):
    sign_in(page, "nora")
    page.get_by_role("link", name="Metrics", exact=True).click()
    page.wait_for_url("**/metrics")
    assert page.locator("#results .sparkline svg").first.is_visible()
    page.get_by_label("Plan", exact=True).select_option(label="E-mail improvement plan")
    page.wait_for_url(f"**plan={plan_id('sip_email')}**")
    page.get_by_role("link", name="E-mail availability").wait_for()
    assert "Mean time to restore" not in page.locator("#results").inner_text()
    screenshot(page, f"metrics-{backend}")


def test_the_initiative_progress_chart_and_the_plan_metrics_panel(page, backend):
    from tests.support.demo import demo_id

    sign_in(page, "nora")
    page.goto(f"/initiatives/{demo_id('Introduce a self-service portal')}")
    chart = page.get_by_role("img", name="Progress of Introduce a self-service portal")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    screenshot(page, f"initiative-progress-{backend}")
    page.goto(f"/plans/{plan_id('sip_email')}")
    panel = page.locator(".metrics-panel")
    assert panel.get_by_role("heading", name="Metrics of this plan").is_visible()
    assert panel.locator(".sparkline svg").first.is_visible()
    screenshot(page, f"plan-metrics-{backend}")
    panel.get_by_role("link", name="E-mail availability").click()
    page.wait_for_url("**/metrics/**")
    assert page.get_by_role("heading", level=1).inner_text() == "E-mail availability"
