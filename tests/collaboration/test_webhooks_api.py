"""Webhooks through the API, on both databases, with a real HTTP receiver in the test: an
administrator registers an endpoint (its secret shown once); a proposal is delivered, signed
(the receiver checks the HMAC), with its event and delivery headers; a receiver that fails is
tried again later with the same delivery id; an endpoint failing too often is disabled and the
administrators told; an address Steward does not send to is refused at send time; confidential
work never leaves for an endpoint that may not see it; only administrators manage endpoints."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.collaboration import mail, webhook_sender
from server.models import AuditEntry, OutboxMail, WebhookDelivery, WebhookEndpoint
from tests.support.demo import EMAIL_PLAN, STRATEGIC, person_id
from tests.support.receiver import Receiver

ERRORS = "errors { field code message }"
CREATE = f"""mutation($input: CreateWebhookEndpointInput!) {{ createWebhookEndpoint(input: $input)
  {{ endpoint {{ id name url events active version actsAsName }} secret {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateWebhookEndpointInput!) {{ updateWebhookEndpoint(input: $input)
  {{ endpoint {{ id active failures disabledReason version }} secret {ERRORS} }} }}"""
DELETE = f"""mutation($input: DeleteWebhookEndpointInput!) {{ deleteWebhookEndpoint(input: $input)
  {{ deletedWebhookEndpointId {ERRORS} }} }}"""
LIST = """{ webhookEndpoints { id name active failures waiting deliveries { deliveryId event
  attempts deliveredAt failedAt lastStatus lastError } } }"""
PROPOSE = f"""mutation($input: ProposeInitiativeInput!) {{ proposeInitiative(input: $input) {{
  initiative {{ id }} {ERRORS} }} }}"""
LOOPBACK = webhook_sender.Policy((ip_network("127.0.0.0/8"),), failure_limit=3)


def register(api, url: str, events=("initiative.proposed",), **more) -> dict:
    made = api.mutate("ada", CREATE, {"input": {"name": "Reporting hub", "url": url,
                                                "events": list(events), **more}})  # fmt: skip
    assert made["errors"] == [], made
    return made


def deliver(api, policy=LOOPBACK, now: datetime | None = None) -> tuple[int, int]:
    engine = make_sync_engine(api.url, pooled=False)
    with Session(engine, info={"base_url": "https://steward.example"}) as session:
        done = webhook_sender.deliver_due(session, policy, now)
    engine.dispose()
    return done


def propose(api, title: str, plan: str = EMAIL_PLAN) -> str:
    made = api.mutate("priya", PROPOSE, {"input": {"planId": plan, "title": title}})
    assert made["errors"] == []
    return made["initiative"]["id"]


def test_a_proposal_is_delivered_signed(api):
    with Receiver() as receiver:
        made = register(api, receiver.url)
        secret = made["secret"]
        assert secret.startswith("whsec_") and len(secret) > 40
        initiative = propose(api, "Archive the old shared drives")
        assert receiver.received == []  # queued with the change, sent by the sender
        assert deliver(api) == (1, 0)
        (request,) = receiver.received
        assert request.path == "/hooks/steward"
        assert request.headers["Steward-Event"] == "initiative.proposed"
        assert request.headers["Content-Type"] == "application/json"
        # The signature, checked as a receiver would.
        timestamp, signature = (p.split("=", 1)[1] for p in
                                request.headers["Steward-Signature"].split(","))  # fmt: skip
        expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request.body,
                            hashlib.sha256).hexdigest()  # fmt: skip
        assert hmac.compare_digest(signature, expected)
        assert abs(int(timestamp) - datetime.now(UTC).timestamp()) < 60
        body = json.loads(request.body)
        assert body["id"] == request.headers["Steward-Delivery"]
        assert body["event"] == "initiative.proposed"
        assert body["actor"] == "Priya Raman"
        assert body["subject"]["id"] == initiative
        assert body["subject"]["title"] == "Archive the old shared drives"
        assert body["subject"]["url"].endswith(f"/initiatives/{initiative}")
        assert deliver(api) == (0, 0)  # once
    (endpoint,) = api.query("ada", LIST)["webhookEndpoints"]
    (logged,) = endpoint["deliveries"]
    assert logged["deliveredAt"] and logged["lastStatus"] == 200 and logged["attempts"] == 1
    assert "secret" not in json.dumps(api.query("ada", LIST))  # never read back


def test_a_failed_delivery_is_retried_later_with_the_same_id(api):
    with Receiver() as receiver:
        register(api, receiver.url)
        receiver.statuses = [503, 500]
        propose(api, "Retry me")
        now = datetime.now(UTC) + timedelta(seconds=1)
        assert deliver(api, now=now) == (0, 1)
        assert deliver(api, now=now + timedelta(seconds=30)) == (0, 0)  # not due yet
        assert deliver(api, now=now + timedelta(minutes=1)) == (0, 1)
        assert deliver(api, now=now + timedelta(minutes=4)) == (1, 0)
        ids = {r.headers["Steward-Delivery"] for r in receiver.received}
        assert len(receiver.received) == 3 and len(ids) == 1
    (endpoint,) = api.query("ada", LIST)["webhookEndpoints"]
    assert endpoint["failures"] == 0 and endpoint["active"]  # a success forgets the failures
    assert endpoint["deliveries"][0]["attempts"] == 3


def test_an_endpoint_that_keeps_failing_is_disabled_and_the_administrators_told(api):
    with Receiver() as receiver:
        made = register(api, receiver.url)
        receiver.statuses = [500] * 10
        for n in range(3):
            propose(api, f"Doomed {n}")
        engine = make_sync_engine(api.url, pooled=False)
        with Session(engine, info={mail.INFO_KEY: mail.MailConfig("https://s.example")}) as s:
            assert webhook_sender.deliver_due(s, LOOPBACK) == (0, 3)
            endpoint = s.scalar(select(WebhookEndpoint))
            assert not endpoint.active
            assert endpoint.disabled_reason.startswith("Disabled after 3 failed deliveries")
            notices = s.scalars(select(OutboxMail.to_address)).all()
            assert "ada@harbour-it.example" in notices
            assert s.scalar(select(AuditEntry.id).where(
                AuditEntry.entity_type == "WebhookEndpoint", AuditEntry.actor_name == "Steward"
            )) is not None  # fmt: skip
            assert webhook_sender.deliver_due(s, LOOPBACK) == (0, 0)  # nothing goes out now
        engine.dispose()
        receiver.statuses = []  # it answers again
        enabled = api.mutate("ada", UPDATE, {"input": {"id": made["endpoint"]["id"],
                                                      "active": True}})  # fmt: skip
        assert enabled["endpoint"]["active"] and enabled["endpoint"]["failures"] == 0
        assert deliver(api, now=datetime.now(UTC) + timedelta(hours=1)) == (3, 0)  # what waited


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://10.1.2.3/x",
        "http://169.254.169.254/latest",
    ],
)
def test_an_address_steward_does_not_send_to_is_refused_at_send_time(api, url):
    register(api, url)
    propose(api, "Not for the metadata service")
    assert deliver(api, policy=webhook_sender.Policy()) == (0, 1)
    (endpoint,) = api.query("ada", LIST)["webhookEndpoints"]
    assert "an address Steward does not send to" in endpoint["deliveries"][0]["lastError"]


def test_confidential_work_never_leaves_for_an_endpoint_that_may_not_see_it(api):
    from tests.support.demo import plan_id

    security = plan_id("security")
    with Receiver() as receiver:
        register(api, receiver.url, events=("initiative.proposed",))
        register(api, receiver.url, events=("initiative.proposed",), actsAsId=person_id("omar"))
        api.mutate("omar", PROPOSE, {"input": {"planId": security, "title": "Red team"}})
        api.mutate("ada", PROPOSE, {"input": {"planId": STRATEGIC, "title": "Open work"}})
        assert deliver(api) == (3, 0)  # the open one twice, the confidential one once
        titles = sorted(json.loads(r.body)["subject"]["title"] for r in receiver.received)
        assert titles == ["Open work", "Open work", "Red team"]


def test_only_administrators_manage_endpoints_and_bad_input_names_the_field(api):
    from tests.support.permissions import PEOPLE

    for person in PEOPLE:
        if person == "ada":
            continue
        refused = api.mutate(
            person,
            CREATE,
            {
                "input": {
                    "name": "Mine",
                    "url": "https://hooks.example/x",
                    "events": ["comment.added"],
                }
            },
        )
        assert refused["endpoint"] is None and refused["errors"][0]["code"] == "FORBIDDEN", person
        assert api.query(person, LIST)["webhookEndpoints"] == []
    bad = api.mutate("ada", CREATE, {"input": {"name": "", "url": "ftp://x", "events": ["nope"]}})
    assert sorted(".".join(e["field"]) for e in bad["errors"]) == [
        "input.events",
        "input.name",
        "input.url",
    ]
    made = register(api, "https://hooks.example/x")
    endpoint = made["endpoint"]
    stale = api.mutate("ada", UPDATE, {"input": {"id": endpoint["id"], "expectedVersion": 99,
                                                 "name": "Other"}})  # fmt: skip
    assert stale["errors"][0]["code"] == "CONFLICT"
    renewed = api.mutate("ada", UPDATE, {"input": {"id": endpoint["id"], "newSecret": True}})
    assert renewed["secret"] and renewed["secret"] != made["secret"]
    gone = api.mutate("ada", DELETE, {"input": {"id": endpoint["id"]}})
    assert gone == {"deletedWebhookEndpointId": endpoint["id"], "errors": []}
    assert api.query("ada", LIST)["webhookEndpoints"] == []
    engine = make_sync_engine(api.url, pooled=False)
    with Session(engine) as session:
        assert session.scalar(select(WebhookDelivery.id)) is None
    engine.dispose()
