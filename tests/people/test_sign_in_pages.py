"""Signing in and out: a plain message on failure, a safe cookie on success."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from server.db import make_sync_engine
from server.models import Person
from tests.support.demo import demo_email
from tests.support.pages import csrf_from, sign_in

WRONG = "That e-mail address and password do not match an active account."


def test_signing_in_sets_a_signed_httponly_samesite_cookie_and_goes_home(demo_client):
    response = sign_in(demo_client, "nora")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "steward_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    home = demo_client.get("/")
    assert home.status_code == 200
    assert "Nora Quinn" in home.text


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nora@harbour-it.example", "wrong-password"),
        ("nobody@harbour-it.example", "steward-demo"),
        ("", ""),
    ],
)
def test_a_wrong_address_or_password_gets_the_same_plain_message(demo_client, email, password):
    token = csrf_from(demo_client)
    response = demo_client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 401
    assert WRONG in response.text
    assert demo_client.get("/").status_code == 303


def test_the_form_keeps_the_address_that_was_typed(demo_client):
    token = csrf_from(demo_client)
    response = demo_client.post(
        "/sign-in", data={"email": "nora@harbour-it.example", "password": "x", "csrf_token": token}
    )
    assert 'value="nora@harbour-it.example"' in response.text


def test_a_deactivated_person_cannot_sign_in_and_is_signed_out(demo_client, demo_url):
    assert sign_in(demo_client, "nora").status_code == 303
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.begin() as connection:
        connection.execute(
            update(Person).where(Person.email == demo_email("nora")).values(is_active=False)
        )
    engine.dispose()
    assert demo_client.get("/").status_code == 303
    response = sign_in(demo_client, "nora")
    assert response.status_code == 401 and WRONG in response.text


def test_sign_in_without_the_csrf_token_is_refused(demo_client):
    demo_client.get("/sign-in")
    response = demo_client.post(
        "/sign-in", data={"email": demo_email("nora"), "password": "steward-demo"}
    )
    assert response.status_code == 400
    assert demo_client.get("/").status_code == 303


def test_signing_out_ends_the_session(demo_client):
    sign_in(demo_client, "nora")
    home = demo_client.get("/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)
    response = demo_client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    assert demo_client.get("/").status_code == 303


def test_sign_out_without_the_csrf_token_keeps_the_session(demo_client):
    sign_in(demo_client, "nora")
    demo_client.post("/sign-out", data={})
    assert demo_client.get("/").status_code == 200


def test_after_sign_in_the_person_returns_to_the_page_they_asked_for(demo_client):
    token = csrf_from(demo_client)
    data = {"email": demo_email("nora"), "password": "steward-demo", "csrf_token": token}
    response = demo_client.post("/sign-in", data={**data, "next": "/healthz"})
    assert response.headers["location"] == "/healthz"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_sign_in_never_redirects_off_site(demo_client, target):
    token = csrf_from(demo_client)
    data = {"email": demo_email("nora"), "password": "steward-demo", "csrf_token": token}
    response = demo_client.post("/sign-in", data={**data, "next": target})
    assert response.headers["location"] == "/"


def test_anonymous_visitors_are_sent_to_sign_in_with_their_destination(demo_client):
    response = demo_client.get("/")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2F"
