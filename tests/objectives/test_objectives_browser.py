"""The objectives and metric pages in Chromium: adding a goal with htmx, a refused one showing
its error beside the field, and the metric form saving to the metric's page."""

from __future__ import annotations

from tests.support.browser import screenshot, sign_in


def test_add_an_objective_and_see_a_refusal_beside_the_field(page, backend):
    sign_in(page, "margaret")
    page.goto("/objectives")
    page.get_by_role("heading", name="Objectives nobody works on (2)").wait_for()
    screenshot(page, f"objectives-{backend}")
    page.get_by_label("Level").select_option("STRATEGY")
    page.get_by_label("Below").select_option(
        label="Tactical goal: Agree service levels with the business"
    )
    page.get_by_label("Title").fill("Too high a level")
    page.get_by_role("button", name="Add the objective").click()
    error = page.locator("#error-level")
    error.wait_for()
    assert "choose a level below its parent" in error.inner_text()
    assert page.get_by_label("Title").input_value() == "Too high a level"
    page.get_by_label("Level").select_option("OPERATIONAL")
    page.get_by_label("Title").fill("Quarterly service reviews")
    page.get_by_role("button", name="Add the objective").click()
    page.get_by_role("heading", name="Quarterly service reviews", level=1).wait_for()
    screenshot(page, f"objective-{backend}")
    page.goto("/gaps")
    page.get_by_role("heading", name="Objectives with no metric (4)").wait_for()
    screenshot(page, f"gaps-{backend}")


def test_define_a_metric_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "priya")
    page.goto("/metrics/new")
    page.get_by_label("Name").fill("Mailbox quota complaints")
    page.get_by_label("Better when it goes").select_option("DOWN")
    page.get_by_label("We can gather it now (can measure)").check()
    page.get_by_label("Plan").select_option(label="E-mail improvement plan")
    page.get_by_role("button", name="Create the metric").click()
    error = page.locator("#error-dataSource")
    error.wait_for()
    assert "needs one" in error.inner_text()
    page.get_by_label("Data source").fill("Ticketing system")
    page.get_by_role("button", name="Create the metric").click()
    page.wait_for_url("**/metrics/*")
    assert "/metrics/" in page.url and not page.url.endswith("/new")
    context.close()
