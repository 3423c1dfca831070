"""Reading and sending the app's pages in a test: CSRF tokens, signing in, what a page says."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from server.domain.core.locales import negotiate
from server.web.core.formatting import day, when
from tests.support.demo import DEMO_PASSWORD, demo_email

HTML = {"accept": "text/html"}

# The locale a test client reads in: it sends no Accept-Language and chose none.
READER_LOCALE = negotiate(None)


def shown_day(value: object, locale: str = READER_LOCALE) -> str:
    """A date (or the day of an ISO timestamp) as a page writes it for a test client."""
    return day(value, locale)


def shown_when(value: object, locale: str = READER_LOCALE) -> str:
    """A moment as a page writes it (date and time of day, UTC) for a test client."""
    return when(value, locale)


def csrf(page: str) -> str:
    """The CSRF token a page's forms carry."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def csrf_from(client: TestClient) -> str:
    """Open the sign-in page to get a session with a CSRF token; return the token."""
    page = client.get("/sign-in")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, "the sign-in form carries a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, key: str, password: str = DEMO_PASSWORD):
    token = csrf_from(client)
    return client.post(
        "/sign-in",
        data={"email": demo_email(key), "password": password, "csrf_token": token, "next": "/"},
    )


def field_error(page: str, name: str) -> str | None:
    """The error shown beside a form field, if any."""
    match = re.search(rf'id="error-{name}">([^<]*)<', page)
    return match.group(1) if match else None


def text_of(page: str) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces squeezed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def section(page: str, heading: str) -> str:
    """One section of a page, from its <h2> heading to the end of its article."""
    start = page.index(f"<h2>{heading}</h2>")
    return page[start : page.index("</article>", start)]


def explorer_link(page_html: str) -> dict[str, str]:
    """The query string of the page's link to the GraphQL document it ran."""
    match = re.search(r'<a href="(/graphql\?[^"]+)"[^>]*class="page-query"', page_html)
    assert match, "the page has no link to its query"
    query = parse_qs(urlsplit(html.unescape(match.group(1))).query)
    return {key: values[0] for key, values in query.items()}


def sort_heading(page: str, name: str) -> tuple[str, str]:
    """The `aria-sort` of a list's column heading `name`, and the address its link sorts by."""
    match = re.search(
        r'<th scope="col"(?: class="[^"]*")? aria-sort="([a-z]+)"><a class="sort-link" '
        rf'href="([^"]+)">{re.escape(name)}<',
        page,
    )
    assert match, f"no sortable heading {name!r}"
    return match.group(1), html.unescape(match.group(2))


def next_page(page: str) -> str | None:
    """The address of a list's next page, if there is one."""
    match = re.search(r'href="([^"]+)" rel="next"', page)
    return html.unescape(match.group(1)) if match else None


def save_view(client: TestClient, path: str, query: str, name: str) -> str:
    """Save the list at `path` with `query` as a view named `name` (the form of the page's
    saved-views bar); the address the page comes back to, which the view's link then holds."""
    page = client.get(f"{path}?{query}", headers=HTML)
    assert page.status_code == 200 and "Saved views:" in page.text
    saved = client.post(
        "/views",
        data={"csrf_token": csrf(page.text), "path": path, "query": query, "name": name},
        headers=HTML,
    )
    assert saved.status_code == 303, saved.text
    link = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(name)}</a>', client.get(path).text)
    assert link, f"the view {name!r} is not on {path}"
    return html.unescape(link.group(1))
