"""The 403 and 404 pages are in the product's style and, for someone signed in, keep their
navigation, so they can carry on from there."""

from __future__ import annotations

from schema.core.ids import to_global_id
from server.web.core.static_files import asset
from tests.support.pages import HTML


def test_an_unknown_initiative_gives_the_404_page_with_the_navigation(signed_in):
    response = signed_in("nora").get(
        f"/initiatives/{to_global_id('Initiative', 9999)}", headers=HTML
    )
    assert response.status_code == 404
    page = response.text
    assert "<title>Page not found · Steward</title>" in page
    assert "<h1>Page not found</h1>" in page and "Error 404" in page
    assert asset("css/steward.css") in page
    assert "Nora Quinn" in page and ">Sign out</button>" in page
    assert '<a href="/tokens">API tokens</a>' in page
    assert "page-query" not in page  # no link to the query of a page that is not there


def test_a_non_administrator_gets_the_403_page_with_the_navigation(signed_in):
    response = signed_in("nora").get("/people", headers=HTML)
    assert response.status_code == 403
    page = response.text
    assert "<h1>Not allowed</h1>" in page and "Your roles do not allow this." in page
    assert "Nora Quinn" in page and ">Sign out</button>" in page
    assert '<a href="/people">People</a>' not in page


def test_strangers_get_the_404_page_without_anyones_navigation(demo_client):
    response = demo_client.get("/no-such-page", headers=HTML)
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text and "Sign out" not in response.text


def test_tools_still_get_plain_text_errors(signed_in):
    response = signed_in("nora").get("/no-such-page", headers={"accept": "*/*"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/plain")


def test_an_expired_form_says_so_rather_than_blaming_the_roles(signed_in):
    response = signed_in("ada").post("/people", data={"name": "X"}, headers=HTML)
    assert response.status_code == 403
    assert "The form had expired; reload the page and try again." in response.text
