"""What a browser downloads: static files under content-hashed names it may keep for a year,
text answers compressed, and CSRF tokens that differ on every page, so a compressed page's
length reveals nothing about the token (BREACH)."""

from __future__ import annotations

import re

from server.web.core.static_files import STATIC_DIR, asset, hashed_name
from tests.support.pages import HTML, csrf

LINKED = re.compile(r'(?:src|href)="(/static/[^"]+)"')


def test_pages_link_static_files_by_content_hashed_names_kept_for_a_year(signed_in):
    client = signed_in("nora")
    linked = LINKED.findall(client.get("/", headers=HTML).text)
    assert asset("css/steward.css") in linked and asset("vendor/htmx-2.0.11.min.js") in linked
    for url in linked:
        name = url.removeprefix("/static/")
        assert re.fullmatch(r".+\.[0-9a-f]{10}\.(css|js)", name), name
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        original = re.sub(r"\.[0-9a-f]{10}(?=\.(css|js)$)", "", name)
        assert response.content == (STATIC_DIR / original).read_bytes()


def test_plain_static_names_still_answer_but_are_revalidated(demo_client):
    response = demo_client.get("/static/css/steward.css")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    again = demo_client.get(
        "/static/css/steward.css", headers={"if-none-match": response.headers["etag"]}
    )
    assert again.status_code == 304
    assert demo_client.get("/static/css/steward.0123456789.css").status_code == 404


def test_a_changed_file_gets_a_new_name():
    assert hashed_name("css/a.css", b"one") != hashed_name("css/a.css", b"two")
    assert hashed_name("vendor/x-1.0.min.js", b"one").startswith("vendor/x-1.0.min.")


def test_text_answers_go_compressed_to_clients_that_take_gzip(signed_in, api):
    client = signed_in("nora")
    page = client.get("/plans", headers={**HTML, "accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in page.headers["vary"].lower()
    assert "<h1>" in page.text  # the client decompressed it
    stylesheet = client.get(asset("css/steward.css"), headers={"accept-encoding": "gzip"})
    assert stylesheet.headers["content-encoding"] == "gzip"

    raw = client.get("/plans", headers={**HTML, "accept-encoding": "identity"})
    assert "content-encoding" not in raw.headers

    token = api.token("margaret")
    answer = client.post(
        "/graphql",
        json={"query": "{ plans(first: 20) { nodes { id name description } } }"},
        headers={"authorization": f"Bearer {token}", "accept-encoding": "gzip"},
    )
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.json()["data"]["plans"]["nodes"]


def test_small_answers_are_sent_as_they_are(demo_client):
    health = demo_client.get("/healthz", headers={"accept-encoding": "gzip"})
    assert health.status_code == 200 and "content-encoding" not in health.headers


def test_every_page_carries_a_different_csrf_token_and_each_one_works(signed_in):
    client = signed_in("nora")
    first = csrf(client.get("/", headers=HTML).text)
    second = csrf(client.get("/", headers=HTML).text)
    assert first != second
    for token in (first, second):
        answer = client.post(
            "/graphql", json={"query": "{ viewer { email } }"}, headers={"x-csrf-token": token}
        )
        assert answer.status_code == 200, token
        assert answer.json()["data"]["viewer"]["email"] == "nora@harbour-it.example"
    tampered = first[:-2] + ("AA" if not first.endswith("AA") else "BB")
    refused = client.post(
        "/graphql", json={"query": "{ viewer { email } }"}, headers={"x-csrf-token": tampered}
    )
    assert refused.status_code == 403
