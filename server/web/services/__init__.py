"""The services area of the web door: services, and the list of processes (a process's own
page is the governance area's)."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.services.services import processes, service, services

ROUTES = [
    page("/services", services, needs=SIGNED_IN, name="services"),
    page("/services/{id}", service, needs=SIGNED_IN, name="service", params={"id": "Service"}),
    page("/processes", processes, needs=SIGNED_IN, name="processes"),
]
