"""Notifications on the pages without JavaScript: the header counts the unread on every page;
the notifications page lists them linked to their things, marks one or all read; the watch
button beside a thing's comments starts and stops watching."""

from __future__ import annotations

import re

from tests.support.demo import SHORTEN
from tests.support.pages import csrf, text_of

PAGE = f"/initiatives/{SHORTEN}"


def unread(page: str) -> int:
    return int(re.search(r'id="unread-count"[^>]*>(\d+)<', page)[1])


def test_a_comment_reaches_the_owner_in_the_header_and_the_list(signed_in):
    client = signed_in("nora")
    page = client.get(PAGE)
    client.post("/comments", data={"csrf_token": csrf(page.text), "subjectId": SHORTEN,
                                   "back": PAGE, "body": "When will this start?"})  # fmt: skip
    client.cookies.clear()
    client = signed_in("priya")  # she owns the initiative, so she watches it
    home = client.get("/")
    count = unread(home.text)
    assert count >= 1
    listed = client.get("/notifications")
    text = text_of(listed.text)
    assert "Nora Quinn commented on “Shorten mailbox provisioning to one hour”." in text
    assert f'href="/initiatives/{SHORTEN}#comment-' in listed.text
    assert client.get("/notifications/count").text.strip().endswith(f">{count}</span>")
    first = re.search(r'name="ids" value="([^"]+)"', listed.text)[1]
    marked = client.post("/notifications/read", data={"csrf_token": csrf(listed.text),
                                                      "ids": first})  # fmt: skip
    assert marked.status_code == 303
    assert unread(client.get("/notifications").text) == count - 1
    client.post("/notifications/read", data={"csrf_token": csrf(listed.text), "all": "yes"})
    after = client.get("/notifications?unread=1")
    assert unread(after.text) == 0 and "Nothing unread." in after.text


def test_the_watch_button_starts_and_stops_watching(signed_in):
    client = signed_in("nora")
    page = client.get(PAGE)
    assert "You do not hear of its comments and changes." in page.text
    started = client.post("/watching", data={"csrf_token": csrf(page.text), "subjectId": SHORTEN,
                                             "watching": "yes", "back": PAGE})  # fmt: skip
    assert started.status_code == 303
    page = client.get(PAGE)
    assert "You hear of its comments and changes." in page.text and "Stop watching" in page.text
    client.post("/watching", data={"csrf_token": csrf(page.text), "subjectId": SHORTEN,
                                   "watching": "no", "back": PAGE})  # fmt: skip
    assert "You do not hear of" in client.get(PAGE).text


def test_reminders_show_on_the_notifications_page(signed_in, demo_url):
    from sqlalchemy.orm import Session

    from server.db import make_sync_engine
    from server.domain.collaboration import reminders

    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        reminders.run(session)
        session.commit()
    engine.dispose()
    text = text_of(signed_in("priya").get("/notifications").text)
    assert "Reminder “Upgrade the mail routing cluster” has had no status update" in text
