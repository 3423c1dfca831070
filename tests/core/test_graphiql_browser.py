"""GraphiQL loads from this site alone, uses the signed-in session and runs a query."""

from __future__ import annotations

from urllib.parse import quote

from tests.support.browser import screenshot, sign_in


def test_graphiql_runs_a_query_with_the_session_and_no_outside_requests(page, backend):
    sign_in(page, "margaret")
    query = "{ viewer { name } plans(first: 3) { totalCount nodes { name } } }"
    page.goto(f"/graphql?query={quote(query)}")
    page.wait_for_selector(".graphiql-container", timeout=15_000)
    page.locator(".graphiql-execute-button").click()
    result = page.locator(".result-window")
    result.get_by_text("Margaret Okafor").wait_for(timeout=15_000)
    assert '"totalCount": 13' in result.inner_text()
    screenshot(page, f"graphiql-{backend}")


def test_graphiql_sends_strangers_to_sign_in(page):
    page.goto("/graphql")
    assert "/sign-in?next=%2Fgraphql" in page.url
