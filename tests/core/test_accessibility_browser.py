"""Every page passes axe-core with no serious or critical violation, on a desktop (1280 px) in the
light theme and a phone (390 px) in the dark one, and no page is wider than the screen.

To check a new page, add it to PAGES: a name, a path, who is signed in (None: nobody), the
status the page answers with and, if the state worth checking needs steps (a form sent, an
error shown), a function doing them. GraphiQL is left out: it is a third-party application.
axe-core is vendored for the tests only (tests/support/vendor, MANIFEST.txt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from schema.core.ids import to_global_id
from tests.support.browser import LAYOUTS, layout_problems, screenshot, sign_in
from tests.support.demo import MAIL_ROUTING as ROUTING
from tests.support.demo import SHORTEN, STRATEGIC, person_id


def create_a_token(page) -> None:
    page.get_by_label("Name (what will use it").fill("Accessibility check")
    page.get_by_role("button", name="Create the token").click()
    page.locator("#new-token-secret").wait_for()


def refuse_an_empty_name(page) -> None:
    page.locator("#person-name").fill("   ")
    page.get_by_role("button", name="Save the details").click()
    page.locator("#person-name-error").wait_for()


def refuse_a_weak_password(page) -> None:
    page.get_by_label("Current password").fill("steward-demo")
    page.get_by_label("New password", exact=True).fill("aaaaaaaaaa")
    page.get_by_label("New password again").fill("aaaaaaaaaa")
    page.get_by_role("button", name="Change the password").click()
    page.locator("#new-password-error").wait_for()


def try_too_often(page) -> None:
    for _ in range(5):
        page.get_by_label("E-mail address").fill("nobody@harbour-it.example")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("alert").wait_for()


def ask_for_a_new_budget(page) -> None:
    page.get_by_text("Ask for a new budget…").click()
    page.get_by_label("New budget (EUR)").fill("72000")
    page.get_by_label("Why (required)").fill("Two more routing nodes")
    page.get_by_role("button", name="Ask for the new budget").click()
    page.get_by_role("heading", name="Changes waiting for approval").wait_for()


def open_the_rejection(page) -> None:
    page.get_by_text("Reject the change…").click()


def record_a_meeting_without_attendees(page) -> None:
    page.get_by_text("Record a meeting…").click()
    page.locator("#new-heldOn").fill("2026-01-02")
    for box in page.locator(".record-meeting input[name=attendeeIds]").all():
        box.uncheck()
    page.get_by_role("button", name="Record the meeting").click()
    page.locator("#new-attendeeIds-error").wait_for()


def filter_with_a_bad_date(page) -> None:
    page.goto("/audit?since=2026-13-45")
    page.locator("#audit-since-error").wait_for()


def create_a_plan_with_a_taken_name(page) -> None:
    page.get_by_label("Name").fill("Strategic plan 2026-2028")
    page.get_by_role("button", name="Create the plan").click()
    page.locator("#plan-name-error").wait_for()


def add_an_offering_twice(page) -> None:
    page.get_by_text("Add an offering…").click()
    page.locator("#new-offering-name").fill("Mailbox")
    page.get_by_role("button", name="Add the offering").click()
    page.locator("#new-offering-name-error").wait_for()


def link_nothing(page) -> None:
    page.locator("#link-childId").evaluate("select => select.removeAttribute('required')")
    page.get_by_role("button", name="Link", exact=True).click()
    page.locator("#error-childId").wait_for()


@dataclass(frozen=True)
class Check:
    name: str
    path: str
    who: str | None = "ada"  # an administrator sees every page
    status: int = 200
    then: Callable | None = None


PAGES = [
    Check("sign-in", "/sign-in", who=None),
    Check("sign-in-too-many", "/sign-in", who=None, then=try_too_often),
    Check("home", "/"),
    Check("plan", f"/plans/{STRATEGIC}"),
    Check("plan-filtered", f"/plans/{STRATEGIC}?status=IN_PROGRESS&sort=title"),
    Check("initiative", f"/initiatives/{SHORTEN}"),
    Check("people", "/people"),
    Check("people-none-found", "/people?q=nobody-by-this-name"),
    Check("person", f"/people/{person_id('nora')}"),
    Check("person-with-errors", f"/people/{person_id('nora')}", then=refuse_an_empty_name),
    Check("tokens", "/tokens"),
    Check("token-created", "/tokens", then=create_a_token),
    Check("account", "/account"),
    Check("account-with-errors", "/account", then=refuse_a_weak_password),
    Check("audit", "/audit"),
    Check("audit-with-errors", "/audit", then=filter_with_a_bad_date),
    Check("plans", "/plans"),
    Check("plan-board", f"/plans/{STRATEGIC}?view=board"),
    Check("roadmap", "/roadmap"),
    Check("plan-roadmap", f"/plans/{STRATEGIC}/roadmap"),
    Check("propose", f"/plans/{STRATEGIC}/propose"),
    Check("services", "/services"),
    Check("service", f"/services/{to_global_id('Service', 1)}"),
    Check("processes", "/processes"),
    Check("process", f"/processes/{to_global_id('Process', 1)}"),
    Check("metrics", "/metrics"),
    Check("metric", f"/metrics/{to_global_id('Metric', 1)}"),
    Check("metric-new", "/metrics/new"),
    Check("objectives", "/objectives"),
    Check("objective", f"/objectives/{to_global_id('Objective', 1)}"),
    Check("gaps", "/gaps"),
    # lists sorted by a column heading, each with its saved views
    Check("people-sorted", "/people?sort=email&dir=desc"),
    Check("suggestions-sorted", "/suggestions?status=all&sort=support"),
    Check("stakeholders-sorted", "/stakeholders?sort=services"),
    Check("reviews-sorted", "/reviews?sort=service&dir=desc"),
    Check("portfolio-sorted", "/portfolio?sort=cost"),
    Check("search", "/search?q=mail+rout"),
    Check("search-refused", "/search?q=a+b+c+d+e+f+g+h+i", status=400),
    Check("import", "/measurements/import"),
    Check("not-found", f"/initiatives/{to_global_id('Initiative', 9999)}", status=404),
    Check("not-allowed", "/people", who="nora", status=403),
    # a change to an approved budget: asked for by the owner, then decided by the committee
    Check(
        "initiative-budget-change",
        f"/initiatives/{ROUTING}",
        who="priya",
        then=ask_for_a_new_budget,
    ),
    Check(
        "initiative-change-to-decide",
        f"/initiatives/{ROUTING}",
        who="margaret",
        then=open_the_rejection,
    ),
    Check("home-with-a-change-to-decide", "/", who="margaret"),
    # a strategic initiative's children, linked and unlinked by its plan's maintainers
    Check("initiative-children", f"/initiatives/{to_global_id('Initiative', 1)}", who="margaret"),
    Check(
        "initiative-children-with-errors",
        f"/initiatives/{to_global_id('Initiative', 1)}",
        who="margaret",
        status=200,
        then=link_nothing,
    ),
    # plans, services with their offerings, and processes, created and edited
    Check("plan-new", "/plans/new"),
    Check("plan-new-with-errors", "/plans/new", then=create_a_plan_with_a_taken_name),
    Check("plan-edit", f"/plans/{STRATEGIC}/edit"),
    Check("service-new", "/services/new"),
    Check("service-edit", f"/services/{to_global_id('Service', 1)}/edit", who="priya"),
    Check(
        "service-edit-with-errors",
        f"/services/{to_global_id('Service', 1)}/edit",
        who="priya",
        then=add_an_offering_twice,
    ),
    Check("process-new", "/processes/new"),
    Check("process-edit", f"/processes/{to_global_id('Process', 1)}/edit"),
    Check("meeting-pack", "/meeting-pack", who="margaret"),
    Check(
        "meeting-pack-with-errors",
        "/meeting-pack",
        who="margaret",
        status=200,
        then=record_a_meeting_without_attendees,
    ),
]


def check_every_page(browser, live_server, layout: str) -> None:
    """Every page state in one layout: axe's serious and critical findings and no page wider
    than the screen; a screenshot of each."""
    viewport, scheme = LAYOUTS[layout]
    found: list[str] = []
    for who in dict.fromkeys(check.who for check in PAGES):
        context = browser.new_context(
            base_url=live_server.base_url, viewport=viewport, color_scheme=scheme
        )
        page = context.new_page()
        if who is not None:
            sign_in(page, who)
        for check in (c for c in PAGES if c.who == who):
            response = page.goto(check.path)
            assert response.status == check.status, f"{check.name}: {response.status}"
            if check.then is not None:
                check.then(page)
            for problem in layout_problems(page, viewport["width"]):
                found.append(f"{check.name} ({check.path}): {problem}")
            screenshot(page, f"a11y-{check.name}-{layout}")
        context.close()
    assert not found, f"{layout}: accessibility violations:\n" + "\n".join(found)


# The layouts depend on the stylesheet, not on the database: SQLite is enough. Two layouts
# cover both widths and both themes: the desktop in the light theme and the phone in the dark
# one. The two others add nothing the walk would find: a theme changes colours and no layout
# (the phone in the light theme has the dark phone's layout), and the one part a desktop shows
# that a phone folds away, the navigation, is checked in the dark on every page the journeys
# pass through (tests/core/test_journeys_browser.py runs all four layouts).
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_no_page_has_serious_or_critical_accessibility_violations(browser, live_server):
    check_every_page(browser, live_server, "desktop-light")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_page_fits_a_phone_and_reads_well_in_the_dark(browser, live_server):
    check_every_page(browser, live_server, "phone-dark")
