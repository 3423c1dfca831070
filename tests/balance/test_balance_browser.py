"""The balance of service operation in Chromium: the steering committee opens Balance, sees the
chart and the tension that drifts, checks the data's evidence beside each score, is refused a
period that ends before it starts (nothing recorded), then records an assessment and finds its
scores in words under the latest assessment; a person with no role sees the chart but no form."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.support.browser import BROWSER_LOCALE, screenshot, settled, sign_in
from tests.support.pages import shown_day

DRIFT = "Moved toward cost in each of the last two assessments (+0, +1, +2)."
TENSIONS = ("internalExternal", "stabilityResponsiveness", "qualityCost", "reactiveProactive")
SCORES = {"internalExternal": "1", "stabilityResponsiveness": "0", "qualityCost": "-1",
          "reactiveProactive": "2"}  # fmt: skip
LEANINGS = {
    "internalExternal": "leans toward the external business view (+1)",
    "stabilityResponsiveness": "balanced",
    "qualityCost": "leans toward quality (-1)",
    "reactiveProactive": "leans toward proactive (+2)",
}
EVIDENCE = "Two thirds of the quarter's work was planned prevention."


def test_the_committee_records_an_assessment_and_others_only_read_the_balance(
    page, browser, live_server, backend
):
    # Margaret, of the steering committee, opens Balance from the navigation
    sign_in(page, "margaret")
    settled(page)
    page.get_by_role("link", name="Balance", exact=True).click()
    page.get_by_role("heading", name="Balance of the organisation", level=1).wait_for()
    settled(page)
    expect(page.locator("figure.chart svg.chart-balance")).to_have_count(1)
    drifting = page.locator("section", has=page.locator("#drift-heading"))
    expect(drifting.locator("#drift-heading")).to_have_text("Drifting")
    flagged = drifting.get_by_role("listitem").filter(has_text=DRIFT)
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Quality")
    latest = page.locator("#latest-heading")
    before = latest.inner_text()
    assert re.fullmatch(r"The latest assessment, [A-Z][a-z]{2} \d{1,2}, \d{4}", before), before
    earlier_rows = page.locator("section", has=page.locator("#history-heading")).locator("tbody tr")
    earlier = earlier_rows.count()
    screenshot(page, f"balance-before-{backend}")

    # the data's evidence is beside each tension's score
    form = page.locator("form#record-assessment")
    fieldsets = form.locator("fieldset.tension-score")
    expect(fieldsets).to_have_count(4)
    for index, name in enumerate(TENSIONS):
        fieldset = fieldsets.nth(index)
        expect(fieldset.locator("p.evidence")).to_contain_text("The data:")
        expect(fieldset.get_by_label(re.compile(r"^Score \(\u22123 "))).to_have_attribute(
            "id", f"assess-{name}"
        )

    # a period that ends before it starts is refused beside "Period to"
    start = form.get_by_label("Period from", exact=True).input_value()
    today = form.get_by_label("Assessed on", exact=True).input_value()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", start) and re.fullmatch(r"\d{4}-\d\d-\d\d", today)
    form.get_by_label("Period to", exact=True).fill(
        (date.fromisoformat(start) - timedelta(days=1)).isoformat()
    )
    for name, value in SCORES.items():
        form.locator(f"#assess-{name}").select_option(value)
    form.locator("#assess-reactiveProactiveEvidence").fill(EVIDENCE)
    form.get_by_label("Assessed by").select_option(label=["Margaret Okafor", "Tom Becker"])
    form.get_by_role("button", name="Record the assessment").click()
    error = page.locator("#assess-periodEnd-error")
    error.wait_for()
    settled(page)
    expect(error).to_contain_text("must not be before")
    expect(page.locator("#assess-periodEnd")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("The assessment was recorded.")).to_have_count(0)
    expect(page.locator("#latest-heading")).to_have_text(before)  # nothing was recorded
    expect(earlier_rows).to_have_count(earlier)
    expect(page.locator("#assess-reactiveProactiveEvidence")).to_have_value(EVIDENCE)  # kept
    screenshot(page, f"balance-refused-{backend}")

    # the period put right, the assessment is recorded
    form.get_by_label("Period to", exact=True).fill(
        (date.fromisoformat(start) + timedelta(days=89)).isoformat()
    )
    for name, value in SCORES.items():
        expect(form.locator(f"#assess-{name}")).to_have_value(value)
    form.get_by_label("Assessed by").select_option(label=["Margaret Okafor", "Tom Becker"])
    form.get_by_role("button", name="Record the assessment").click()
    page.get_by_text("The assessment was recorded.").wait_for()
    settled(page)
    expect(page.locator("#latest-heading")).to_have_text(
        f"The latest assessment, {shown_day(today, BROWSER_LOCALE)}"
    )
    expect(page.locator("#assess-periodEnd-error")).to_have_count(0)
    scores = page.locator("table#latest-scores tbody tr")
    expect(scores).to_have_count(4)
    for index, name in enumerate(TENSIONS):
        expect(scores.nth(index).locator("td").first).to_have_text(LEANINGS[name])
    expect(scores.nth(3)).to_contain_text(EVIDENCE)
    latest_section = page.locator("section", has=page.locator("#latest-heading"))
    expect(latest_section).to_contain_text("assessed by Margaret Okafor, Tom Becker")
    expect(earlier_rows).to_have_count(earlier + 1)
    expect(page.locator("figure.chart svg.chart-balance")).to_have_count(1)
    screenshot(page, f"balance-recorded-{backend}")

    # Nora, who has no role, reads the balance but may not assess it
    context = browser.new_context(base_url=live_server.base_url)
    reader = context.new_page()
    sign_in(reader, "nora")
    settled(reader)
    reader.goto("/balance")
    reader.get_by_role("heading", name="Balance of the organisation", level=1).wait_for()
    settled(reader)
    expect(reader.locator("figure.chart svg.chart-balance")).to_have_count(1)
    expect(reader.locator("#latest-heading")).to_have_text(
        f"The latest assessment, {shown_day(today, BROWSER_LOCALE)}"
    )
    expect(reader.get_by_role("heading", name="Record an assessment")).to_have_count(0)
    expect(reader.locator("form#record-assessment")).to_have_count(0)
    screenshot(reader, f"balance-reader-{backend}")
    context.close()
