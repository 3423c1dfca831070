"""Webhooks in Chromium: Ada registers the reporting hub's endpoint on the webhooks page and
copies its secret; Priya's proposal reaches the hub from the app's own background sender,
signed with that secret; a hub that answered 500 the first time is tried again, and the page's
delivery log shows both tries and the delivery."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.collaboration import webhook_sender
from tests.support.browser import LiveServer, screenshot, settled, sign_in, violations
from tests.support.demo import EMAIL_PLAN
from tests.support.receiver import Receiver

LOOPBACK = (ip_network("127.0.0.0/8"),)


@pytest.fixture
def hub(demo_url, tmp_path):
    with Receiver() as receiver, LiveServer(
        demo_url, tmp_path, webhooks=True, webhook_interval_seconds=1,
        webhook_allowed_networks=LOOPBACK,
    ) as live:  # fmt: skip
        yield live, receiver


def wait_for(receiver: Receiver, count: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while len(receiver.received) < count:
        assert time.monotonic() < deadline, f"{len(receiver.received)} of {count} arrived"
        time.sleep(0.1)


def test_an_endpoint_is_registered_delivered_to_signed_and_retried(browser, hub, demo_url,
                                                                   backend):  # fmt: skip
    live, receiver = hub
    page = browser.new_context(base_url=live.base_url).new_page()
    sign_in(page, "ada")
    page.get_by_role("banner").get_by_role("link", name="Webhooks").click()
    page.get_by_role("heading", name="Webhooks", level=1).wait_for()
    settled(page)
    page.get_by_label("Name").fill("Reporting hub")
    page.get_by_label("Address (http:// or https://)").fill(receiver.url)
    page.get_by_role("checkbox", name="initiative.proposed").check()
    page.get_by_role("button", name="Add the endpoint").click()
    secret = page.get_by_label("Signing secret of “Reporting hub”").input_value()
    assert secret.startswith("whsec_")
    assert violations(page) == []

    # Priya proposes in her plan, in a browser of her own; the hub is down the first time
    receiver.statuses = [500]
    priya = browser.new_context(base_url=live.base_url).new_page()
    sign_in(priya, "priya")
    priya.goto(f"/plans/{EMAIL_PLAN}/propose")
    priya.get_by_label("Title").fill("Tell the hub")
    priya.get_by_role("button", name="Propose").click()
    priya.get_by_role("heading", name="Tell the hub", level=1).wait_for()
    priya.context.close()
    wait_for(receiver, 1)

    page.goto("/webhooks")
    endpoint = page.locator("article.webhook-endpoint", has_text="Reporting hub")
    expect(endpoint.locator("tbody tr").first).to_contain_text("answered 500")
    expect(endpoint.locator("tbody tr").first).to_contain_text("Waiting")

    # a minute later (the clock moved on here rather than waited for) it goes through
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine, info={"base_url": live.base_url}) as session:
        later = datetime.now(UTC) + timedelta(minutes=2)
        webhook_sender.deliver_due(session, webhook_sender.Policy(LOOPBACK), later)
    engine.dispose()
    wait_for(receiver, 2)
    first, second = receiver.received
    assert first.headers["Steward-Delivery"] == second.headers["Steward-Delivery"]
    timestamp, signature = (p.split("=", 1)[1] for p in
                            second.headers["Steward-Signature"].split(","))  # fmt: skip
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + second.body,
                        hashlib.sha256).hexdigest()  # fmt: skip
    assert hmac.compare_digest(signature, expected)
    assert json.loads(second.body)["subject"]["title"] == "Tell the hub"

    page.reload()
    row = page.locator("article.webhook-endpoint", has_text="Reporting hub").locator("tbody tr")
    expect(row.first).to_contain_text("Delivered")
    expect(row.first.locator("td").nth(3)).to_have_text("2")
    screenshot(page, f"webhooks-delivered-{backend}")
