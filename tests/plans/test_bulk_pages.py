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


def test_all_that_match_the_filter_are_changed_at_once_and_one_changed_since_is_refused(
    signed_in, api
):
    from tests.support.demo import STRATEGIC

    for n in range(11):  # more than a page of ten, all proposed
        api.mutate("ada", """mutation($input: ProposeInitiativeInput!) { proposeInitiative(
          input: $input) { initiative { id } errors { message } } }""",
                   {"input": {"planId": STRATEGIC, "title": f"Sweep item {n}"}})  # fmt: skip
    client = signed_in("ada")
    view = f"/plans/{STRATEGIC}?per=10&status=PROPOSED"
    page = client.get(view).text
    total = int(re.search(r"Select all (\d+) that match the filter", page).group(1))
    assert total > 10  # not only those shown: every proposed one
    assert len(re.findall(r'name="items" value="', page)) == 10  # the rows shown
    everything = client.get(f"{view}&select=all").text
    assert f"All {total} initiatives that match the filter are selected" in text_of(everything)
    hidden = re.findall(r'<input type="hidden" name="items" value="([^"]+)">', everything)
    titles = dict(re.findall(r'name="title-([^"]+)" value="([^"]+)"', everything))
    assert len(hidden) == total
    # Someone changes one of them after the page showed it.
    stale_id = hidden[-1].split(":")[0]
    api.mutate("ada", """mutation($input: UpdateInitiativeInput!) { updateInitiative(
      input: $input) { initiative { id } errors { message } } }""",
               {"input": {"id": stale_id, "expectedVersion": int(hidden[-1].split(":")[1]),
                          "priority": "LOW"}})  # fmt: skip
    ticked_too = re.findall(r'name="items" value="([^"]+)" form="bulk-form"', everything)[:1]
    changed = client.post(
        f"/plans/{STRATEGIC}/bulk",
        data={"csrf_token": csrf(everything), "items": hidden + ticked_too, "addTag": "q3-sweep",
              **{f"title-{k}": v for k, v in titles.items()}, "back": view},
    )  # fmt: skip
    assert changed.status_code == 303
    text = text_of(client.get(view).text)
    assert f"Changed {total - 1} of {total}." in text
    assert f"Not changed: “{titles[stale_id]}”: The initiative was changed after you" in text


def test_a_filter_narrows_what_all_that_match_selects(signed_in):
    from tests.support.demo import STRATEGIC

    client = signed_in("ada")
    page = client.get(f"/plans/{STRATEGIC}?per=10&status=PROPOSED&select=all").text
    hidden = re.findall(r'<input type="hidden" name="items" value="([^"]+)">', page)
    shown = re.findall(r'name="items" value="([^"]+)" form="bulk-form"', page)
    assert hidden and sorted(hidden) == sorted(shown)  # fewer than a page: the same rows
    assert "checked disabled" in page
