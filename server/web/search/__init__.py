"""The search area of the web door: the search page the header's search box opens."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.search import search

ROUTES = [
    page("/search", search.search_page, needs=SIGNED_IN, name="search"),
]
