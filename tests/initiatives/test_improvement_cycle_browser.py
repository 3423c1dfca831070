"""The improvement cycle on an initiative page in Chromium: the owner finds a benefit review due
in My work, reads the seven questions of the improvement model with their answers, is refused a
"slipped" review without a note, records it with one, and follows the corrective initiative it
proposed; the review is then no longer due."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in

INITIATIVE = "Right-size idle virtual machines"
CORRECTIVE = f"Win back the gains of {INITIATIVE}"
QUESTIONS = [
    "What is the vision?",
    "Where are we now?",
    "Where do we want to be?",
    "How do we get there?",
    "Take action",
    "Did we get there?",
    "How do we keep the momentum?",
]
SLIPPED = "No, they slipped (a corrective initiative is proposed)"
NOTE = "Idle machines crept back after the spring migration."


def test_a_slipped_benefit_review_proposes_a_corrective_initiative(page, backend):
    # Lena's benefit review is due in My work
    sign_in(page, "lena")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    settled(page)
    due = page.locator("section", has=page.locator("#benefit-reviews-due"))
    expect(due.locator("#benefit-reviews-due")).to_contain_text("Benefit reviews due")
    due.get_by_role("link", name=INITIATIVE, exact=True).click()
    page.get_by_role("heading", name=INITIATIVE, level=1).wait_for()
    settled(page)

    # the seven questions of the improvement model, each with its answer
    cycle = page.locator("#improvement-cycle")
    expect(cycle.get_by_role("heading", name="Improvement cycle", level=2)).to_be_visible()
    steps = cycle.locator("ol.improvement-cycle > li")
    expect(steps).to_have_count(len(QUESTIONS))
    expect(steps.locator("strong")).to_have_text(QUESTIONS)
    expect(steps.locator(".badge")).to_have_text([re.compile(r"^(Answered|Missing|Not yet)$")] * 7)
    momentum = steps.last
    expect(momentum.locator(".badge")).to_have_text("Missing")
    expect(momentum.locator("em")).to_have_text("Review whether the gains held.")
    screenshot(page, f"improvement-cycle-due-{backend}")

    # "slipped" without a note is refused beside the note, the choice kept
    cycle.get_by_role("button", name="Review whether the gains held…").click()
    cycle.get_by_label(SLIPPED).check()
    cycle.get_by_role("button", name="Record the benefit review").click()
    error = page.locator("#improvement-cycle #error-note")
    error.wait_for()
    settled(page)
    expect(error).to_have_text("a reason is required to say the benefits slipped")
    note = cycle.get_by_label("What you found (required when they slipped)")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(cycle.get_by_label(SLIPPED)).to_be_checked()
    expect(cycle).not_to_contain_text("the gains slipped")
    screenshot(page, f"improvement-cycle-refused-{backend}")

    # with a note it is recorded, and a corrective initiative is proposed
    note.fill(NOTE)
    cycle.get_by_role("button", name="Record the benefit review").click()
    corrective = cycle.get_by_role("link", name=CORRECTIVE, exact=True)
    corrective.wait_for()
    settled(page)
    expect(cycle).to_contain_text(f"the gains slipped ({NOTE}).")
    expect(cycle).to_contain_text("To win them back:")
    expect(momentum.locator(".badge")).to_have_text("Answered")
    expect(momentum).to_contain_text("The gains slipped (reviewed ")
    expect(cycle.get_by_role("button", name="Review whether the gains held…")).to_have_count(0)
    expect(page.locator("#improvement-cycle #error-note")).to_have_count(0)
    screenshot(page, f"improvement-cycle-slipped-{backend}")

    # the corrective initiative is proposed
    corrective.click()
    page.get_by_role("heading", name=CORRECTIVE, level=1).wait_for()
    settled(page)
    expect(page.locator("hgroup .badge").first).to_have_text("Proposed")
    screenshot(page, f"improvement-cycle-corrective-{backend}")

    # the benefit review is no longer due
    page.get_by_role("link", name="My work", exact=True).click()
    page.get_by_role("heading", name="My work", level=1).wait_for()
    settled(page)
    due = page.locator("section", has=page.locator("#benefit-reviews-due"))
    expect(due.locator("#benefit-reviews-due")).to_be_visible()
    expect(due.get_by_role("link", name=INITIATIVE, exact=True)).to_have_count(0)
    screenshot(page, f"improvement-cycle-home-{backend}")
