"""The pages on a phone and in the dark, as people use them in Chromium: the navigation folds
behind "Menu" (and simply wraps without script), and the theme menu switches the whole page,
charts included, is remembered, and still prints dark on white. The layout is the
stylesheet's, so SQLite is enough."""

from __future__ import annotations

import pytest

from schema.core.ids import to_global_id
from tests.support.browser import screenshot, sign_in

PHONE = {"width": 390, "height": 844}
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_on_a_phone_the_navigation_folds_behind_menu(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, viewport=PHONE)
    page = context.new_page()
    sign_in(page, "nora")
    plans = page.get_by_role("link", name="Plans", exact=True)
    menu = page.get_by_role("button", name="Menu")
    assert plans.is_hidden() and menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert plans.is_visible() and menu.get_attribute("aria-expanded") == "true"
    screenshot(page, "phone-menu-open")
    page.keyboard.press("Escape")
    assert plans.is_hidden() and menu.get_attribute("aria-expanded") == "false"
    menu.click()
    plans.click()
    page.get_by_role("heading", name="Plans", level=1).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert menu.get_attribute("aria-expanded") == "false"  # the new page starts folded
    context.close()


def test_without_script_the_navigation_wraps_and_the_page_still_fits(browser, live_server):
    context = browser.new_context(
        base_url=live_server.base_url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, "nora")
    assert page.get_by_role("link", name="Plans", exact=True).is_visible()
    assert page.get_by_role("button", name="Menu").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def plot_background(page) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('.chart-svg .plot > .background')).fill"
    )


def page_background(page) -> str:
    """The colour behind the page: the body's, or the root's where the body has none."""
    return page.evaluate(
        "[document.body, document.documentElement].map(e => getComputedStyle(e).backgroundColor)"
        ".find(c => c !== 'rgba(0, 0, 0, 0)')"
    )


def wait_for_theme(page, theme: str | None) -> None:
    """Until the page shows `theme` (None: as the system): a choice may reload the page, whose
    new document has no element or theme for a moment, so only a parsed document counts."""
    expected = "undefined" if theme is None else f"'{theme}'"
    page.wait_for_function(
        "document.readyState !== 'loading' && document.documentElement !== null"
        f" && document.documentElement.dataset.theme === {expected}"
    )


def heading_is_dark(page) -> bool:
    """Whether the page's heading is written in dark ink (every colour channel under half)."""
    ink = page.evaluate("getComputedStyle(document.querySelector('main h1')).color")
    return max(int(part) for part in ink[4:-1].split(",")) < 128


def test_the_theme_menu_switches_the_page_and_its_charts_and_is_remembered(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, color_scheme="light")
    page = context.new_page()
    sign_in(page, "carlos")
    page.goto(f"/metrics/{to_global_id('Metric', 1)}")
    assert plot_background(page) == "rgb(255, 255, 255)"
    page.locator(".theme-menu summary").click()
    page.get_by_role("button", name="Dark").click()
    wait_for_theme(page, "dark")
    assert plot_background(page) != "rgb(255, 255, 255)"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "the page itself is dark"
    screenshot(page, "metric-dark")
    page.emulate_media(media="print")  # a dark page chosen on screen still prints on white
    assert page_background(page) == "rgb(255, 255, 255)"
    assert plot_background(page) == "rgb(255, 255, 255)"
    assert heading_is_dark(page)
    page.emulate_media(media="screen")
    assert plot_background(page) != "rgb(255, 255, 255)"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.locator(".theme-menu summary").click()
    assert page.get_by_role("button", name="Dark").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="As my system").click()
    wait_for_theme(page, None)
    context.close()


def test_the_board_shows_every_column_on_a_desktop(browser, live_server):
    from tests.support.demo import STRATEGIC

    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "margaret")
    page.goto(f"/plans/{STRATEGIC}?view=board")
    columns = page.locator(".board-column")
    assert columns.count() >= 8
    board = page.locator(".board")
    assert board.evaluate("b => b.scrollWidth <= b.clientWidth"), "no column is cut off"
    screenshot(page, "board-1280")
    context.close()


def test_keyboard_shortcuts_go_places_but_never_while_typing(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url)
    page = context.new_page()
    sign_in(page, "nora")
    page.keyboard.press("g")
    page.keyboard.press("p")
    page.wait_for_url("**/plans")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    dialog.wait_for()
    assert "My work" in dialog.inner_text()
    screenshot(page, "shortcuts")
    page.keyboard.press("Escape")
    assert dialog.is_hidden()
    page.keyboard.press("/")
    search = page.get_by_label("Search the register")
    assert search.evaluate("box => box === document.activeElement")
    page.keyboard.type("gw")  # typed into the box: no shortcut
    assert page.url.endswith("/plans") and search.input_value() == "gw"
    page.keyboard.press("Escape")
    page.keyboard.press("g")
    page.keyboard.press("w")
    page.wait_for_url(lambda url: url.rstrip("/") == live_server.base_url)
    context.close()


def test_light_chosen_on_a_system_set_to_dark_stays_light(browser, live_server):
    """The defect was the stylesheet library turning dark on the system's word although the
    page said light: the page, its text and its charts must follow the person's choice."""
    context = browser.new_context(base_url=live_server.base_url, color_scheme="dark")
    page = context.new_page()
    sign_in(page, "carlos")
    page.goto(f"/metrics/{to_global_id('Metric', 1)}")
    assert plot_background(page) != "rgb(255, 255, 255)"  # the system's dark, as nobody chose
    page.locator(".theme-menu summary").click()
    page.get_by_role("button", name="Light").click()
    wait_for_theme(page, "light")
    page.reload()
    assert page_background(page) == "rgb(255, 255, 255)"
    assert plot_background(page) == "rgb(255, 255, 255)"
    assert heading_is_dark(page)
    context.close()


def test_asking_for_a_new_budget_sits_below_the_facts_and_keeps_them_in_line(browser, live_server):
    """The button (and the form it opens) comes after the About section's facts, inside the
    section, and every fact keeps its value on the same line as its name."""
    from tests.support.demo import MAIL_ROUTING

    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "priya")
    page.goto(f"/initiatives/{MAIL_ROUTING}")
    about = page.locator("article", has=page.get_by_role("heading", name="About", level=2))
    facts = about.locator("dl.facts")
    button = about.get_by_text("Ask for a new budget…")

    def check() -> None:
        section, listed, asked = (x.bounding_box() for x in (about, facts, button))
        assert asked["y"] >= listed["y"] + listed["height"], "the button comes after the facts"
        assert (
            section["x"] <= asked["x"]
            and asked["x"] + asked["width"] <= section["x"] + section["width"]
        ), "the button stays inside the section"
        tops = facts.evaluate(
            "dl => [...dl.querySelectorAll('dt')].map(dt => [dt.textContent,"
            " dt.getBoundingClientRect().top, dt.nextElementSibling.getBoundingClientRect().top])"
        )
        assert tops and all(abs(name - value) < 2 for _, name, value in tops), tops

    check()
    button.click()
    about.get_by_label("New budget (EUR)").wait_for()
    check()
    screenshot(page, "initiative-ask-for-a-new-budget")
    context.close()
