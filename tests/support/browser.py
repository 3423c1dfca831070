"""Browser tests: the app served by uvicorn in a thread, driven through Debian's Chromium.

A pytest plugin (registered in tests/conftest.py), so the `browser`, `live_server` and `page`
fixtures serve browser tests in any folder; `sign_in` and `screenshot` are helpers for them.

Pages run under a content security policy without 'unsafe-eval' or inline scripts: Playwright's
`wait_for_function` and `add_script_tag` are refused there; wait with locators and `expect()`,
and run test-only scripts with `page.evaluate`."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from server.app import create_app
from server.settings import PROJECT_ROOT
from tests.support.clients import settings_for
from tests.support.demo import DEMO_PASSWORD, demo_email

CHROMIUM = "/usr/bin/chromium"
# The locale the browser asks for (Accept-Language, navigator.language): pages write dates in it.
BROWSER_LOCALE = "en_US"
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"  # axe-core, for the tests only
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install -y chromium)"
    if shutil.which("node") is None and False:
        return "node is missing"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("STEWARD_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests must run here: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, url: str, tmp_path: Path, **settings) -> None:
        """`settings`: what differs from the suite's (settings_for), e.g. a mail server."""
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(
            create_app(settings_for(url, tmp_path, **settings)),
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture
def live_server(demo_url, tmp_path) -> Iterator[LiveServer]:
    with LiveServer(demo_url, tmp_path) as server:
        yield server


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context per test; external requests fail the test."""
    context = browser.new_context(
        base_url=live_server.base_url,
        java_script_enabled=True,
        locale=BROWSER_LOCALE.replace("_", "-"),
    )
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(live_server.base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    yield page
    context.close()
    assert outside == [], f"the page tried to reach outside this site: {outside}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def settled(page) -> None:
    """Wait until htmx has finished the swap under way: a boosted page's new elements get their
    htmx triggers when the swap settles (after htmx's settle delay, later on a busy machine), so
    typing into them before then starts no request."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def sign_in(page, key: str) -> None:
    page.goto("/")
    page.get_by_label("E-mail address").fill(demo_email(key))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const results = await axe.run(document);
  return results.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


# The screens every page is checked on: a desktop and a phone, in the light and the dark theme.
LAYOUTS = {
    "desktop-light": ({"width": 1280, "height": 900}, "light"),
    "desktop-dark": ({"width": 1280, "height": 900}, "dark"),
    "phone-light": ({"width": 390, "height": 844}, "light"),
    "phone-dark": ({"width": 390, "height": 844}, "dark"),
}


def layout_problems(page, width: int) -> list[str]:
    """What is wrong with the page as it is now on a screen `width` px wide: axe's serious and
    critical findings, and a page wider than the screen."""
    page.wait_for_timeout(50)  # layout.js marks the scrolling boxes on the next frame
    found = [
        f"[{v['impact']}] {v['rule']}: {v['help']}\n    targets: {'; '.join(v['targets'])}\n"
        f"    {v['url']}"
        for v in violations(page)
    ]
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        found.append(f"{wide} px wide on a {width} px screen")
    return found


def violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now. axe is evaluated
    through DevTools, not added as an inline <script> the page's policy refuses."""
    page.evaluate("() => {\n" + AXE.read_text(encoding="utf-8") + "\n}")
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def choose_chips(page, name: str, values: list[str]) -> None:
    """Tick exactly these values of a filter shown as chips (checkboxes named `name`)."""
    for box in page.locator(f"form.filters input[type=checkbox][name={name}]").all():
        wanted = box.get_attribute("value") in values
        if box.is_checked() != wanted:
            box.set_checked(wanted)
