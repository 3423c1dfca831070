"""Security headers on every response: the content security policy, framing, sniffing, referrer
and (behind HTTPS) strict transport security, as one pure ASGI middleware.

The policy allows only this site's own files: no inline script or style anywhere (page scripts
live in static/js, styles in static/css, chart styles in static/css/charts.css), no eval, no
plugins, no framing, forms posting only here. Pico's icons are `data:` images inside its
stylesheet, hence `img-src 'self' data:`.

One page has a looser policy of its own: the GraphQL explorer (`graphiql_policy` below, set by
server/web/graphql_view.py). A response that already carries a policy keeps it; every other
response gets PAGE_POLICY.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def graphiql_policy(style_nonce: str) -> str:
    """The GraphQL explorer's policy: PAGE_POLICY with two additions GraphiQL 4.1.2 needs, as
    Chromium reports them on that page under PAGE_POLICY (tests/core/test_csp_browser.py):
    - its stylesheet (vendored unmodified) carries its fonts as `data:` URLs: font-src data:;
    - its dialogs (settings, keyboard shortcuts) insert one <style> element to hide the scroll
      bar. That code stamps the element with `window.__webpack_nonce__` when there is one:
      static/js/graphiql-init.js sets it from the page, and style-src allows that one nonce,
      new on every response, rather than any inline style.
    Scripts stay as strict as on every page: this site's files only, no eval."""
    return PAGE_POLICY.replace(
        "style-src 'self'", f"style-src 'self' 'nonce-{style_nonce}'"
    ).replace("font-src 'self'", "font-src 'self' data:")


HSTS = "max-age=31536000; includeSubDomains"

FIXED = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response the wrapped app sends."""

    def __init__(self, app: ASGIApp, https_only: bool = False) -> None:
        self.app = app
        self.headers = FIXED + ((("Strict-Transport-Security", HSTS),) if https_only else ())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", PAGE_POLICY)
                for name, value in self.headers:
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
