"""Every page links to the GraphQL document it ran, so a reporting-tool author can start there."""

from __future__ import annotations

import html
import json
import re

from tests.support.demo import STRATEGIC
from tests.support.pages import explorer_link


def test_the_plan_pages_link_runs_in_the_api_and_gives_what_the_page_shows(signed_in):
    client = signed_in("nora")
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
    link = explorer_link(signed_in("nora").get("/").text)
    assert "work {" in link["query"]
    assert "variables" not in link


def test_the_sign_in_page_has_no_query_link(demo_client):
    assert "page-query" not in demo_client.get("/sign-in").text
