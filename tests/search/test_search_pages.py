"""The search page and the header's search box: the matched words marked, a filter by kind with
its counts, more results a page at a time, nothing hidden shown, and what went wrong said on the
page."""

from __future__ import annotations

import re

from tests.support.pages import text_of


def test_every_page_has_the_search_box(signed_in):
    client = signed_in("nora")
    for path in ("/", "/plans", "/notifications"):
        page = client.get(path).text
        assert '<form method="get" action="/search" role="search" class="site-search">' in page
        assert 'aria-keyshortcuts="/"' in page


def test_results_are_marked_filtered_by_kind_and_paged(signed_in):
    client = signed_in("nora")
    page = client.get("/search?q=mail+rout").text
    assert "Upgrade the <mark>mail</mark> <mark>routing</mark> cluster" in page
    assert "2 matches, best first." in text_of(page)
    assert (
        '<a href="/search?q=mail%20rout&amp;kind=SERVICE">Services <span class="muted">1</span>'
        in page
    )
    services = client.get("/search?q=mail+rout&kind=SERVICE").text
    assert "1 match among services, best first." in text_of(services)
    assert "Upgrade the" not in services
    # The header box keeps the words on the results page.
    header_box = re.search(r'<input id="site-search"[^>]*>', page).group(0)
    assert 'value="mail rout"' in header_box
    many = client.get("/search?q=e").text
    more = re.search(r'href="(/search\?q=e&amp;after=[^"]+)" rel="next"', many)
    assert more, "a link to more results"
    following = client.get(more.group(1).replace("&amp;", "&"))
    assert following.status_code == 200 and "<mark>" in following.text


def test_a_hidden_plans_initiative_is_never_shown(signed_in):
    client = signed_in("nora")
    page = client.get("/search?q=phishing+simulation").text
    assert "Phishing simulation programme" not in page
    assert "Nothing matches “phishing simulation”." in text_of(page)


def test_what_went_wrong_is_said_on_the_page(signed_in):
    client = signed_in("nora")
    too_many = client.get("/search?q=" + "+".join("abcdefghi"))
    assert too_many.status_code == 400
    assert "`query`: at most 8 words." in too_many.text
    assert client.get("/search?q=mail&kind=PLANETS").status_code == 400
    empty = client.get("/search")
    assert empty.status_code == 200 and "press / on any page" in text_of(empty.text)


def test_signed_out_visitors_are_sent_to_sign_in(demo_client):
    response = demo_client.get("/search?q=mail")
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")
