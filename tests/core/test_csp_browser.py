"""Every kind of page works under the content security policy: nothing is refused (the browser
reports no violation), htmx swaps still happen, charts are drawn by the shared stylesheet, and
GraphiQL runs with its own policy."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from schema.core.ids import to_global_id
from tests.support.browser import choose_chips, screenshot, settled, sign_in
from tests.support.demo import SHORTEN, STRATEGIC, person_id

# Runs before any page script (DevTools injects it, so the policy does not apply to it).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
});
"""
ACCENT = "rgb(29, 92, 140)"  # static/css/charts.css


class Watched:
    """A signed-in page whose console is read for policy violations and script errors."""

    def __init__(self, browser, base_url: str) -> None:
        self.context = browser.new_context(base_url=base_url)
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            self.problems.append(f"{self.page.url}: {text[:300]}")

    def visit(self, path: str, status: int = 200):
        response = self.page.goto(path)
        assert response.status == status, f"{path}: {response.status}"
        assert response.headers["content-security-policy"], path
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser, live_server):
    opened: list[Watched] = []

    def open_page(who: str | None = None) -> Watched:
        watched = Watched(browser, live_server.base_url)
        opened.append(watched)
        if who:
            sign_in(watched.page, who)
        return watched

    yield open_page
    for watched in opened:
        watched.close()


def mark_the_document(page) -> None:
    """A flag that survives an htmx swap but not a page load."""
    page.evaluate("window.stewardMark = true")


def assert_swapped_in_place(page) -> None:
    assert page.evaluate("window.stewardMark === true"), "the page was loaded afresh, not swapped"


def assert_htmx_is_configured_for_the_policy(page) -> None:
    config = page.evaluate(
        "({indicator: htmx.config.includeIndicatorStyles, evaluate: htmx.config.allowEval,"
        " styles: document.querySelectorAll('style').length})"
    )
    assert config == {"indicator": False, "evaluate": False, "styles": 0}


def test_every_kind_of_page_works_under_the_policy(watch, backend):
    anonymous = watch()
    anonymous.visit("/sign-in")
    anonymous.visit("/plans/nowhere", status=404)  # the error page
    assert not anonymous.problems, anonymous.problems

    ada = watch("ada")  # an administrator sees every page
    page = ada.page
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    assert_htmx_is_configured_for_the_policy(page)
    for path in (
        "/plans",
        f"/plans/{STRATEGIC}/propose",
        "/services",
        f"/services/{to_global_id('Service', 1)}",
        "/processes",
        f"/processes/{to_global_id('Process', 1)}",
        "/objectives",
        f"/objectives/{to_global_id('Objective', 1)}",
        "/gaps",
        "/people",
        f"/people/{person_id('nora')}",
        "/audit",
        "/measurements/import",
        "/metrics/new",
    ):
        ada.visit(path)
    ada.visit(f"/initiatives/{to_global_id('Initiative', 9999)}", status=404)

    # the plan: its table filtered in place, then the board swapped in
    ada.visit(f"/plans/{STRATEGIC}")
    settled(page)
    mark_the_document(page)
    choose_chips(page, "status", ["PROPOSED"])
    page.wait_for_url("**status=PROPOSED**")
    page.get_by_text("Outsource printing services").wait_for()
    settled(page)  # the swapped-in links get their htmx triggers when the swap settles
    page.locator("#view-board").click()
    page.wait_for_url("**view=board**")
    page.locator(".board").first.wait_for()
    assert_swapped_in_place(page)
    screenshot(page, f"csp-plan-board-{backend}")

    # the metrics list: a sparkline per row, drawn by the shared stylesheet; filtered in place
    ada.visit("/metrics")
    sparklines = page.locator("svg.chart-spark")
    assert sparklines.count() > 10
    line = sparklines.first.locator(".series path").first
    assert line.evaluate("path => getComputedStyle(path).stroke") == ACCENT
    settled(page)
    mark_the_document(page)
    page.get_by_label("Plan", exact=True).select_option(label="E-mail improvement plan")
    page.wait_for_url("**plan=**")  # the link is listed before the filter too: wait for the swap
    page.get_by_role("link", name="E-mail availability").wait_for()
    settled(page)  # the swapped-in link gets its htmx trigger when the swap settles
    assert_swapped_in_place(page)

    # a metric's chart: the target line dotted, as charts.css draws it
    page.get_by_role("link", name="E-mail availability").click()
    chart = page.locator("svg.chart-metric")
    chart.wait_for()
    target = chart.locator(".series.target path")
    assert target.evaluate("path => getComputedStyle(path).strokeDasharray") == "3px, 3px"
    screenshot(page, f"csp-metric-{backend}")

    # tokens: one created, the copy button shown by static/js/copy.js
    ada.visit("/tokens")
    settled(page)
    page.get_by_label("Name (what will use it").fill("Policy check")
    page.get_by_role("button", name="Create the token").click()
    page.locator("#new-token-secret").wait_for()
    expect(page.locator("button[data-copy-from]").first).to_be_visible()  # waits for copy.js

    assert not ada.problems, "\n".join(ada.problems)


def test_the_initiative_lifecycle_swaps_in_place_under_the_policy(watch, backend):
    priya = watch("priya")
    page = priya.visit(f"/initiatives/{SHORTEN}")
    mark_the_document(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Approved", exact=True).first.wait_for()
    page.get_by_text("Request a budget…").click()
    page.get_by_label("Amount (EUR)").fill("-3")
    page.get_by_label("Justification").fill("Two supplier quotes")
    page.get_by_role("button", name="Request a budget", exact=True).click()
    page.locator("#error-amount").wait_for()  # refused: 422, the form swapped back
    assert page.evaluate("document.activeElement.id") == page.get_by_label("Amount (EUR)").evaluate(
        "field => field.id"
    )  # static/js/forms.js moved the focus to the field in error
    page.get_by_label("Amount (EUR)").fill("2500")
    page.get_by_role("button", name="Request a budget", exact=True).click()
    page.get_by_text("€2,500.00 requested").wait_for()
    assert_swapped_in_place(page)
    page.goto(f"/initiatives/{to_global_id('Initiative', 1)}")  # a progress chart
    assert page.locator("svg.chart-progress").count() == 1
    screenshot(page, f"csp-initiative-{backend}")
    assert not priya.problems, "\n".join(priya.problems)


def test_graphiql_runs_under_its_own_policy(watch, backend):
    margaret = watch("margaret")
    query = "{ viewer { name } }"
    page = margaret.visit(f"/graphql?query={quote(query)}")
    page.wait_for_selector(".graphiql-container", timeout=15_000)
    page.locator(".graphiql-execute-button").click()
    page.locator(".result-window").get_by_text("Margaret Okafor").wait_for(timeout=15_000)
    # a dialog adds GraphiQL's one <style> element, allowed by its nonce
    page.get_by_label("Open settings dialog").click()
    page.get_by_role("dialog").wait_for()
    assert page.locator("style[nonce]").count() == 1
    page.keyboard.press("Escape")
    page.get_by_label("Show Documentation Explorer").click()
    page.get_by_label("Show History").click()
    screenshot(page, f"csp-graphiql-{backend}")
    assert not margaret.problems, "\n".join(margaret.problems)


def test_an_inline_style_would_be_refused_and_reported(watch):
    """The watch above can fail: the policy is enforced, and a violation reaches the console."""
    ada = watch("ada")
    page = ada.page
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<p id=painted style=\"color: rgb(255, 0, 0)\">red?</p>')"
    )
    page.wait_for_timeout(200)
    assert page.locator("#painted").evaluate("p => getComputedStyle(p).color") != "rgb(255, 0, 0)"
    assert any("style-src-attr" in problem for problem in ada.problems), ada.problems
