"""The improvement cycle on the initiative page, and the benefit review form: it works without
JavaScript, shows a refusal beside its field, and a due review shows in My work."""

from __future__ import annotations

import re

from tests.support.demo import demo_id
from tests.support.pages import csrf, text_of


def test_the_page_shows_each_step_and_takes_the_benefit_review(signed_in):
    client = signed_in("lena")
    home = text_of(client.get("/").text)
    assert "Benefit reviews due" in home and "Right-size idle virtual machines" in home
    page = client.get(f"/initiatives/{demo_id('Right-size idle virtual machines')}")
    text = text_of(page.text)
    assert "Improvement cycle" in text and "How do we keep the momentum?" in text
    assert "Review whether the gains held." in text
    action = re.search(r'action="(/initiatives/[^"]+/actions/BENEFIT_REVIEW)"', page.text)[1]
    refused = client.post(action, data={"csrf_token": csrf(page.text), "outcome": "SLIPPED"})
    assert refused.status_code == 422
    assert re.search(r'id="error-note">a reason is required to say the benefits slipped<',
                     refused.text)  # fmt: skip
    held = client.post(action, data={"csrf_token": csrf(page.text), "outcome": "SUSTAINED",
                                     "note": "Still lean."})  # fmt: skip
    assert held.status_code == 303
    after = text_of(client.get(held.headers["location"]).text)
    assert "the gains held (Still lean.)" in after
    assert "Review whether the gains held…" not in after
    assert "Right-size idle virtual machines" not in text_of(client.get("/").text)
