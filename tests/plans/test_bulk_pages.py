"""The plan table's bulk change without JavaScript: tick rows, set a field or a step, and the
table comes back saying what changed and, row by row, what was refused and why."""

from __future__ import annotations

import re

from tests.support.demo import EMAIL_PLAN
from tests.support.pages import csrf, text_of

PAGE = f"/plans/{EMAIL_PLAN}"


def test_the_owner_raises_the_priority_of_ticked_rows_and_a_stale_one_is_named(signed_in):
    client = signed_in("priya")
    page = client.get(PAGE)
    assert "Change the selected" in page.text
    ticks = re.findall(r'name="items" value="([^"]+)"', page.text)
    titles = dict(re.findall(r'name="title-([^"]+)" value="([^"]+)"', page.text))
    assert len(ticks) >= 2
    stale_id, version = ticks[1].split(":")
    changed = client.post(
        f"{PAGE}/bulk",
        data={"csrf_token": csrf(page.text), "items": [ticks[0], f"{stale_id}:{int(version) + 5}"],
              "priority": "CRITICAL", **{f"title-{k}": v for k, v in titles.items()},
              "back": PAGE},
    )  # fmt: skip
    assert changed.status_code == 303
    text = text_of(client.get(PAGE).text)
    assert "Changed 1 of 2." in text
    assert f"Not changed: “{titles[stale_id]}”: The initiative was changed after you" in text


def test_nothing_ticked_changes_nothing_and_says_so(signed_in):
    client = signed_in("priya")
    page = client.get(PAGE)
    refused = client.post(f"{PAGE}/bulk", data={"csrf_token": csrf(page.text),
                                                "priority": "LOW", "back": PAGE})  # fmt: skip
    assert refused.status_code == 303
    assert "Nothing was changed: choose at least one initiative" in client.get(PAGE).text


def test_someone_without_rights_sees_no_bulk_change(signed_in):
    assert "Change the selected" not in signed_in("nora").get(PAGE).text
