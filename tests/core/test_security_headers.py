"""Every response carries the security headers (pages, /graphql, static files, errors,
redirects); HTTPS-only deployments add Strict-Transport-Security; GraphiQL alone has a looser,
per-response policy; and no template or rendered page carries inline script or style, which the
policy would refuse."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from schema.core.ids import to_global_id
from server.app import create_app
from server.settings import PROJECT_ROOT
from server.web.core.static_files import asset
from tests.support.clients import settings_for
from tests.support.demo import SHORTEN, STRATEGIC, person_id
from tests.support.pages import HTML, sign_in

TEMPLATES = PROJECT_ROOT / "templates"

# One of each kind of page, as an administrator sees them (an administrator sees every page).
PAGES = [
    "/",
    "/plans",
    f"/plans/{STRATEGIC}",
    f"/plans/{STRATEGIC}?view=board",
    f"/plans/{STRATEGIC}/propose",
    f"/initiatives/{SHORTEN}",
    f"/initiatives/{to_global_id('Initiative', 1)}",  # with a progress chart
    "/metrics",
    f"/metrics/{to_global_id('Metric', 1)}",
    "/metrics/new",
    "/objectives",
    f"/objectives/{to_global_id('Objective', 1)}",
    "/gaps",
    "/services",
    f"/services/{to_global_id('Service', 1)}",
    "/processes",
    f"/processes/{to_global_id('Process', 1)}",
    "/people",
    f"/people/{person_id('nora')}",
    "/tokens",
    "/audit",
    "/measurements/import",
]


def policy_of(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    directives = (part.strip() for part in response.headers["content-security-policy"].split(";"))
    return dict(d.partition(" ")[::2] for d in directives if d)


def assert_secured(response, hsts: bool = False) -> None:
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert ("strict-transport-security" in headers) is hsts
    policy = policy_of(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    for directive, sources in policy.items():
        assert "unsafe-eval" not in sources, directive
        if directive.startswith(("script", "default")):
            assert "unsafe-inline" not in sources, directive


def assert_page_policy(response) -> None:
    assert_secured(response)
    assert policy_of(response)["style-src"] == "'self'"


def test_pages_errors_redirects_and_static_files_carry_the_headers(demo_client):
    assert_page_policy(demo_client.get("/sign-in"))
    redirect = demo_client.get("/plans")
    assert redirect.status_code == 303 and redirect.headers["location"].startswith("/sign-in")
    assert_page_policy(redirect)
    not_found = demo_client.get("/no-such-page", headers=HTML)
    assert not_found.status_code == 404 and "<h1>Page not found</h1>" in not_found.text
    assert_page_policy(not_found)
    for path in (
        "/static/css/steward.css",
        "/static/js/forms.js",
        "/static/vendor/htmx-2.0.11.min.js",
    ):
        static = demo_client.get(path)
        assert static.status_code == 200
        assert_page_policy(static)
    assert_page_policy(demo_client.get("/static/nothing-here.css"))
    assert_page_policy(demo_client.get("/healthz"))


def test_graphql_answers_carry_the_headers(demo_client, api):
    stranger = demo_client.post("/graphql", json={"query": "{ viewer { name } }"})
    assert stranger.status_code == 401
    assert_page_policy(stranger)
    answer = api.post("nora", "{ viewer { name } }")
    assert answer.json() == {"data": {"viewer": {"name": "Nora Quinn"}}}
    assert_page_policy(answer)
    assert_page_policy(demo_client.get("/graphql", headers=HTML))  # a redirect to sign in


def test_a_page_for_someone_signed_in_carries_the_headers(signed_in):
    client = signed_in("nora")
    assert_page_policy(client.get(f"/plans/{STRATEGIC}"))
    assert_page_policy(client.get("/people", headers=HTML))  # 403 page


def test_an_unexpected_error_page_carries_the_headers(demo_url, tmp_path):
    app = create_app(settings_for(demo_url, tmp_path))

    async def broken(request):
        raise RuntimeError("a fault nobody foresaw")

    app.router.routes.append(Route("/broken", broken))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/broken", headers=HTML)
    assert response.status_code == 500 and "Something went wrong" in response.text
    assert_page_policy(response)


@pytest.mark.parametrize("https_only", [False, True])
def test_strict_transport_security_only_when_served_over_https_only(demo_url, tmp_path, https_only):
    settings = settings_for(demo_url, tmp_path)
    settings = type(settings)(**{**settings.__dict__, "https_only": https_only})
    with TestClient(create_app(settings), base_url="https://steward.example") as client:
        for response in (client.get("/sign-in"), client.get("/plans"), client.get("/nowhere")):
            assert_secured(response, hsts=https_only)
            if https_only:
                hsts = response.headers["strict-transport-security"]
                assert re.fullmatch(r"max-age=(\d+); includeSubDomains", hsts)
                assert int(hsts.split("=")[1].split(";")[0]) >= 180 * 24 * 3600


def test_graphiql_alone_has_its_own_policy_with_a_fresh_style_nonce(signed_in):
    client = signed_in("nora")
    first = client.get("/graphql", headers=HTML)
    again = client.get("/graphql", headers=HTML)
    assert first.status_code == 200 and asset("js/graphiql-init.js") in first.text
    assert_secured(first)
    nonces = []
    for response in (first, again):
        policy = policy_of(response)
        nonce = re.fullmatch(r"'self' 'nonce-([\w-]{20,})'", policy["style-src"])[1]
        assert f'data-style-nonce="{nonce}"' in response.text
        assert policy["font-src"] == "'self' data:"  # GraphiQL's stylesheet inlines its fonts
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert_page_policy(client.get("/graphql?query=%7Bviewer%7Bname%7D%7D"))  # JSON, not the page


class InlineCode(HTMLParser):
    """Collects what a strict content security policy refuses: inline scripts, <style>, style
    attributes, event-handler attributes, javascript: URLs and htmx attributes that evaluate."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script":
            self.in_script = True
            if not names.get("src"):
                self.found.append("<script> without src")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            elif name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"{name} attribute on <{tag}>")
            elif name in ("hx-vals", "hx-vars", "hx-headers") and value.startswith(
                ("js:", "javascript:")
            ):
                self.found.append(f"{name} evaluating script on <{tag}>")
            elif value.startswith("javascript:"):
                self.found.append(f"javascript: URL in {name} on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.found.append("<script> with a body")


def inline_code(markup: str) -> list[str]:
    parser = InlineCode()
    parser.feed(markup)
    parser.close()
    return parser.found


# Mail bodies are not pages: mail readers ignore style sheets, so their styles are inline.
PAGE_TEMPLATES = sorted(p for p in TEMPLATES.rglob("*.html") if p.parent.name != "mail")


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_carries_inline_script_or_style(template: Path):
    source = template.read_text(encoding="utf-8")
    assert inline_code(source) == []
    # what the parser may not see through Jinja: attributes written by expressions or macros
    assert not re.search(r"\bstyle\s*=|<style|\bhx-on|\bjs:|javascript:", source, re.I)
    assert not re.search(r"\son[a-z]+\s*=", source)


def test_no_rendered_page_carries_inline_script_or_style(demo_client):
    pages = {"/sign-in": demo_client.get("/sign-in"), "404": demo_client.get("/x", headers=HTML)}
    assert sign_in(demo_client, "ada").status_code == 303
    pages |= {path: demo_client.get(path) for path in PAGES}
    for path, response in pages.items():
        assert response.status_code in (200, 404), path
        assert inline_code(response.text) == [], path
    assert pages["/metrics"].text.count('class="pygal-chart chart-spark"') > 10
    assert 'class="pygal-chart chart-metric"' in pages[f"/metrics/{to_global_id('Metric', 1)}"].text
    graphiql = demo_client.get("/graphql", headers=HTML)
    assert graphiql.status_code == 200 and inline_code(graphiql.text) == []


def test_the_metrics_list_sends_its_chart_styles_once(signed_in):
    page = signed_in("nora").get("/metrics").text
    assert page.count(f'<link rel="stylesheet" href="{asset("css/charts.css")}">') == 1
    assert len(page.encode()) < 100_000  # 229 KiB before, mostly chart styles repeated per row
