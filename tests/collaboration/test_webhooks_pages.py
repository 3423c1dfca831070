"""The webhooks page: an administrator adds an endpoint and sees its secret once; a bad address
is explained beside its field; the delivery log shows each try; anyone else is refused."""

from __future__ import annotations

import re

from tests.support.pages import csrf, text_of

FORM = {"name": "Reporting hub", "url": "https://hooks.example/steward",
        "events": ["initiative.changed", "comment.added"]}  # fmt: skip


def test_an_administrator_adds_an_endpoint_and_sees_its_secret_once(signed_in):
    client = signed_in("ada")
    page = client.get("/webhooks").text
    assert "No endpoint yet." in page
    added = client.post("/webhooks", data={"csrf_token": csrf(page), **FORM})
    assert added.status_code == 200
    secret = re.search(r'id="new-webhook-secret" type="text" readonly value="([^"]+)"', added.text)
    assert secret and secret.group(1).startswith("whsec_")
    again = client.get("/webhooks").text
    assert secret.group(1) not in again  # once
    assert "Reporting hub" in again and "Sending" in again
    assert "comment.added, initiative.changed" in text_of(again)


def test_a_bad_endpoint_is_explained_beside_its_fields(signed_in):
    client = signed_in("ada")
    page = client.get("/webhooks").text
    refused = client.post("/webhooks", data={"csrf_token": csrf(page), "name": "Hub",
                                             "url": "ftp://files.example/x"})  # fmt: skip
    assert refused.status_code == 422
    text = text_of(refused.text)
    assert "must be an http:// or https:// address" in text
    assert "choose at least one event" in text
    assert 'value="ftp://files.example/x"' in refused.text  # what was typed is kept


def test_anyone_but_an_administrator_is_refused(signed_in):
    client = signed_in("margaret")
    assert client.get("/webhooks").status_code == 403
    assert "/webhooks" not in client.get("/").text
