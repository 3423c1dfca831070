"""Every page links to the GraphQL document it ran, so a reporting-tool author can start there;
the link and the explorer's are shown to administrators and to people who hold an API token,
and everyone signed in finds the API's help page in the footer."""

from __future__ import annotations

import html
import json
import re

from tests.support.demo import STRATEGIC
from tests.support.pages import HTML, csrf, explorer_link


def test_the_plan_pages_link_runs_in_the_api_and_gives_what_the_page_shows(signed_in):
    client = signed_in("ada")
    page = client.get(f"/plans/{STRATEGIC}?status=IN_PROGRESS")
    link = explorer_link(page.text)
    variables = json.loads(link["variables"])
    assert variables["id"] == STRATEGIC
    assert variables["filter"]["status"] == ["IN_PROGRESS"]
    answer = client.post(
        "/graphql",
        json={"query": link["query"], "variables": variables},
        headers={"X-CSRF-Token": re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]},
    ).json()
    assert "errors" not in answer
    titles = [node["title"] for node in answer["data"]["node"]["initiatives"]["nodes"]]
    assert titles and all(html.escape(title) in page.text for title in titles)


def test_the_home_page_links_its_query_without_variables(signed_in):
    link = explorer_link(signed_in("ada").get("/").text)
    assert "work {" in link["query"]
    assert "variables" not in link


def test_the_sign_in_page_has_no_query_link(demo_client):
    assert "page-query" not in demo_client.get("/sign-in").text


def test_the_explorer_is_offered_once_someone_holds_a_token(signed_in):
    client = signed_in("nora")
    page = client.get("/", headers=HTML).text
    assert "page-query" not in page and 'href="/graphql"' not in page
    assert '<a href="/help/api">' in page
    help_page = client.get("/help/api", headers=HTML).text
    assert "Get a token" in help_page and "/tokens" in help_page
    assert "Authorization: Bearer $STEWARD_TOKEN" in help_page
    created = client.post(
        "/tokens", data={"name": "Report", "scope": "READ", "csrf_token": csrf(page)}, headers=HTML
    )
    assert created.status_code == 200
    page = client.get("/", headers=HTML).text
    assert "page-query" in page and 'href="/graphql"' in page
    assert "work {" in explorer_link(page)["query"]
    header, _, footer = page.partition("<footer")
    assert 'href="/graphql"' not in header.partition("<main")[0], "not in the navigation"
    assert 'href="/graphql"' in footer and '<a href="/help/api">' in footer


def test_administrators_are_offered_the_explorer_in_the_footer_without_a_token(signed_in):
    page = signed_in("ada").get("/", headers=HTML).text
    header, _, footer = page.partition("<footer")
    assert 'href="/graphql"' in footer and 'href="/graphql"' not in header.partition("<main")[0]


def test_the_help_page_is_for_people_signed_in(demo_client):
    answer = demo_client.get("/help/api", headers=HTML, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")
