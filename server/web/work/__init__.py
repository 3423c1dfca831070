"""The work area of the web door: My work, the home page."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.work.my_work import my_work

ROUTES = [
    page("/", my_work, needs=SIGNED_IN, name="home"),
]
