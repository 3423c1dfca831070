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


def test_graphiql_opened_directly_starts_with_the_guide_s_examples_as_tabs(page):
    from server.web.core.explorer_examples import example_tabs

    examples = example_tabs()
    assert len(examples) >= 3
    sign_in(page, "ada")
    page.goto("/graphql")
    page.wait_for_selector(".graphiql-container", timeout=15_000)
    tabs = page.locator(".graphiql-tab")
    tabs.first.wait_for(timeout=15_000)
    assert tabs.count() == len(examples)
    assert "OnePlan" in tabs.first.inner_text()
    page.locator(".graphiql-execute-button").click()
    page.locator(".result-window").get_by_text('"plans"').wait_for(timeout=15_000)
    screenshot(page, "graphiql-examples")
