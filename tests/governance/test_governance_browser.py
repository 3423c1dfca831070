"""A process's page and My work in Chromium: Incident Management's owner reads its activities,
RACI matrix and policies and changes who does what in an activity; he finds a policy review due
in My work, follows it to the policy and moves its review a year ahead, and the review is no
longer due; he is refused a second activity named like an existing one, the error beside the
name and what he typed kept, then reads the definition as it stood a year ago; the procedure's
Markdown renders as a table with bold text; its practitioner sees the policy changes in My work
and no form on the page."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.support.browser import BROWSER_LOCALE, screenshot, settled, sign_in, violations
from tests.support.demo import process_id
from tests.support.pages import shown_day

INCIDENT = f"/processes/{process_id('incident')}"
PROCESS = "Incident Management"
ACTIVITIES = [
    "Identify and log",
    "Categorise and prioritise",
    "Investigate and diagnose",
    "Resolve and recover",
    "Close",
]
INVESTIGATE = "Investigate and diagnose"
BRM = "Business relationship manager"
DUE = "Priority is set by the matrix"
CHANGED = "Major incidents get a review"
RETIRED = "Callbacks within a day"  # retired 120 days ago, in force a year ago
TYPED = "A repeat caller on a closed incident"  # what Carlos types beside the taken name


def open_incident_management(page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Processes", exact=True).click()
    page.get_by_role("heading", name="Processes", level=1).wait_for()
    settled(page)
    page.get_by_role("link", name=PROCESS, exact=True).click()
    page.get_by_role("heading", name=PROCESS, level=1).wait_for()
    settled(page)
    assert page.url.endswith(INCIDENT), page.url


def open_my_work(page) -> None:
    page.get_by_role("banner").get_by_role("link", name="My work", exact=True).click()
    page.get_by_role("heading", name="My work", level=1).wait_for()
    settled(page)


def raci_matrix(page):
    return page.locator("table.raci").filter(
        has=page.locator("caption", has_text=re.compile(rf"^RACI of {PROCESS}"))
    )


def policy(page, title: str):
    return page.locator("ul.policies > li").filter(
        has=page.locator("strong", has_text=re.compile(rf"^{re.escape(title)}$"))
    )


def test_the_owner_reads_the_process_and_changes_who_does_what(page, backend):
    # Carlos, who owns Incident Management, opens it from Processes
    sign_in(page, "carlos")
    settled(page)
    open_incident_management(page)
    expect(page.locator("hgroup p")).to_contain_text("Owned by Carlos Mendes")
    activities = page.locator("ol.activities > li")
    expect(activities.locator("h3")).to_have_text(ACTIVITIES)

    # the RACI matrix: the process owner first, accountable for every activity
    matrix = raci_matrix(page)
    expect(matrix).to_have_count(1)
    columns = matrix.locator("thead th").all_inner_texts()
    assert columns[:2] == ["Activity", "Process owner"], columns
    assert BRM in columns, columns
    rows = matrix.locator("tbody tr")
    expect(rows.locator("th")).to_have_text([f"{n}. {a}" for n, a in enumerate(ACTIVITIES, 1)])
    expect(rows.locator("td:nth-child(2)")).to_have_text(["A"] * len(ACTIVITIES))
    expect(rows.locator("td:nth-child(2) abbr").first).to_have_attribute("title", "Accountable")
    investigate = rows.filter(has=page.get_by_role("rowheader", name=f"3. {INVESTIGATE}"))
    brm_cell = investigate.locator(f"td:nth-child({columns.index(BRM) + 1})")
    expect(brm_cell).not_to_contain_text("I")  # no part yet
    expect(brm_cell.locator("[aria-label='no part']")).to_have_count(1)

    # the policies, the one whose review is near marked as due
    due = policy(page, DUE)
    expect(due).to_have_count(1)
    expect(due.locator(".badge", has_text="Review due")).to_be_visible()
    expect(policy(page, CHANGED).locator(".badge", has_text="Review due")).to_have_count(0)
    screenshot(page, f"governance-owner-process-{backend}")

    # he makes the business relationship manager informed of the investigation
    page.get_by_role("button", name=f"Who does what in “{INVESTIGATE}”…").click()
    form = page.locator("form", has=page.get_by_text(f"Each role's part in “{INVESTIGATE}”"))
    choice = form.get_by_label(BRM, exact=True)
    expect(choice).to_be_visible()
    expect(choice).to_have_value("")  # "No part"
    assert violations(page) == []
    choice.select_option(label="Informed")
    form.get_by_role("button", name="Save who does what").click()
    page.get_by_text("Who does what was saved.").wait_for()
    settled(page)
    expect(page.locator("p.flash")).to_have_text("Who does what was saved.")

    # the matrix shows him informed, and the change heads the definition's history
    matrix = raci_matrix(page)
    assert matrix.locator("thead th").all_inner_texts() == columns
    investigate = matrix.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=f"3. {INVESTIGATE}")
    )
    brm_cell = investigate.locator(f"td:nth-child({columns.index(BRM) + 1})")
    expect(brm_cell).to_have_text("I")
    expect(brm_cell.locator("abbr")).to_have_attribute("title", "Informed")
    expect(investigate.locator("td:nth-child(2)")).to_have_text("A")
    history = page.locator("section", has=page.locator("#history-heading")).locator(
        "ol.history > li"
    )
    expect(history.first).to_contain_text(f"Changed who does what in the activity '{INVESTIGATE}'")
    expect(history.first).to_contain_text("by Carlos Mendes")
    screenshot(page, f"governance-owner-raci-saved-{backend}")


def test_the_owner_reviews_a_policy_due_from_my_work(page, backend):
    # Carlos finds the matrix policy's review due in My work
    sign_in(page, "carlos")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    settled(page)
    section = page.locator("section", has=page.locator("#policy-reviews-due"))
    expect(section.locator("#policy-reviews-due")).to_contain_text("Policy reviews due")
    link = section.get_by_role("link", name=DUE, exact=True)
    expect(link).to_be_visible()
    listed = section.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=DUE, exact=True)
    )
    expect(listed).to_contain_text(f"{PROCESS}; review due ")
    screenshot(page, f"governance-owner-reviews-due-{backend}")

    # the link leads to the policy on the process page
    link.click()
    page.get_by_role("heading", name=PROCESS, level=1).wait_for()
    settled(page)
    assert re.search(rf"{re.escape(INCIDENT)}#policy-[^/]+$", page.url), page.url
    due = policy(page, DUE)
    expect(due.locator(".badge", has_text="Review due")).to_be_visible()

    # he reviews it and sets the next review a year ahead
    next_review = (date.today() + timedelta(days=365)).isoformat()
    due.get_by_role("button", name="Review or change it…").click()
    review_on = due.get_by_label(re.compile(r"^Next review"))
    expect(review_on).to_be_visible()
    review_on.fill(next_review)
    due.get_by_role("button", name="Save the policy").click()
    page.get_by_text("The policy was saved.").wait_for()
    settled(page)
    due = policy(page, DUE)
    expect(due.locator(".badge", has_text="Review due")).to_have_count(0)
    expect(due).to_contain_text(f"next review {shown_day(next_review, BROWSER_LOCALE)}")
    screenshot(page, f"governance-owner-policy-reviewed-{backend}")

    # back on My work, no policy review is due
    open_my_work(page)
    section = page.locator("section", has=page.locator("#policy-reviews-due"))
    expect(section.locator("#policy-reviews-due .count")).to_have_text("0")
    expect(section.get_by_role("link", name=DUE, exact=True)).to_have_count(0)
    expect(section.locator(".empty")).to_have_text(
        "No review of the policies of your processes is due in the next two weeks."
    )
    screenshot(page, f"governance-owner-reviews-done-{backend}")


def test_the_practitioner_sees_policy_changes_and_no_form(page, backend):
    # Ben, who carries out incident management, sees the new policy in My work
    sign_in(page, "ben")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    settled(page)
    changes = page.locator("section", has=page.locator("#policy-changes"))
    expect(changes.locator("#policy-changes")).to_contain_text("Policy changes")
    link = changes.get_by_role("link", name=CHANGED, exact=True)
    expect(link).to_be_visible()
    listed = changes.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=CHANGED, exact=True)
    )
    expect(listed).to_contain_text(f"{PROCESS} · ")
    screenshot(page, f"governance-practitioner-home-{backend}")

    # on the process page he reads everything but may change nothing
    open_incident_management(page)
    expect(page.locator("ol.activities > li")).to_have_count(len(ACTIVITIES))
    expect(raci_matrix(page)).to_have_count(1)
    expect(policy(page, CHANGED)).to_have_count(1)
    expect(page.get_by_text("Add an activity…")).to_have_count(0)
    # ("Changed who does what in the activity …" is in the history; the control is a button)
    expect(page.get_by_role("button", name=re.compile(r"^Who does what in"))).to_have_count(0)
    expect(page.locator("summary", has_text="Who does what in")).to_have_count(0)
    expect(page.get_by_text("Review or change it…")).to_have_count(0)
    expect(page.get_by_text("Change this activity…")).to_have_count(0)
    expect(page.get_by_text("Adopt a policy…")).to_have_count(0)
    expect(page.locator("main form[method='post']")).to_have_count(0)
    screenshot(page, f"governance-practitioner-process-{backend}")


def test_a_taken_activity_name_is_refused_and_the_past_definition_shown(page, backend):
    sign_in(page, "carlos")
    settled(page)
    open_incident_management(page)

    # an activity named like one already there is refused beside its name, the form kept open
    page.get_by_role("button", name="Add an activity…").click()
    form = page.locator("form#add-activity")
    form.get_by_label("Name", exact=True).fill("Close")
    form.get_by_label("Inputs", exact=True).fill(TYPED)
    form.get_by_role("button", name="Add the activity").click()
    error = page.locator("#activity-name-error")
    error.wait_for()
    settled(page)
    expect(error).to_have_text(f"{PROCESS} already has an activity 'Close'")
    form = page.locator("form#add-activity")
    expect(form).to_be_visible()
    expect(page.locator("details", has=form)).to_have_attribute("open", "")
    name = form.get_by_label("Name", exact=True)
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_attribute("aria-describedby", "activity-name-error")
    expect(name).to_be_focused()
    expect(name).to_have_value("Close")
    expect(form.get_by_label("Inputs", exact=True)).to_have_value(TYPED)
    expect(page.locator("ol.activities > li h3")).to_have_text(ACTIVITIES)  # nothing added
    expect(page.get_by_text("The activity was added.")).to_have_count(0)
    assert violations(page) == []
    screenshot(page, f"governance-owner-activity-refused-{backend}")

    # the definition as it stood almost a year ago, a policy since retired in force then
    day = (date.today() - timedelta(days=355)).isoformat()
    page.get_by_label("Show the definition as it stood on").fill(day)
    page.get_by_role("button", name="Show", exact=True).click()
    then = page.locator("article.as-it-stood")
    then.wait_for()
    settled(page)
    assert f"asOf={day}" in page.url, page.url
    expect(then.get_by_role("heading", level=3)).to_have_text(
        f"As it stood on {shown_day(day, BROWSER_LOCALE)}"
    )
    expect(then).to_contain_text(RETIRED)
    expect(then.locator("li", has_text=RETIRED).locator("strong")).to_have_text(RETIRED)
    expect(page.get_by_label("Show the definition as it stood on")).to_have_value(day)
    expect(page.get_by_role("link", name="Back to today's")).to_be_visible()
    assert violations(page) == []
    screenshot(page, f"governance-owner-as-it-stood-{backend}")


def test_the_procedure_markdown_renders(page, backend):
    sign_in(page, "nora")
    settled(page)
    open_incident_management(page)
    activity = page.locator("ol.activities > li").filter(
        has=page.get_by_role("heading", name="Categorise and prioritise", level=3)
    )
    procedure = activity.locator(".procedure")
    expect(procedure).to_be_hidden()  # folded until asked for
    activity.locator("summary", has_text="Procedure: how to perform it").click()
    expect(procedure).to_be_visible()
    table = procedure.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Impact \\ Urgency", "High", "Medium", "Low"]
    )
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").first.locator("td")).to_have_text(
        ["Many users", "P1", "P2", "P3"]
    )
    expect(procedure.locator("strong")).to_have_text("P1")
    expect(procedure).not_to_contain_text("**")
    expect(procedure).not_to_contain_text("|---")
    screenshot(page, f"governance-procedure-{backend}")
