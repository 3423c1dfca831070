"""The services area of the web door: services, the forms that register and edit them with
their offerings, and the list of processes (a process's own page, and its forms, are the
governance area's)."""

from __future__ import annotations

from server.web.core.routing import ADMIN, SIGNED_IN, page
from server.web.services import service_forms as forms
from server.web.services.services import processes, service, services

SERVICE = {"id": "Service"}
OFFERING = {"id": "Service", "offering_id": "Offering"}

# /services/new comes before /services/{id}, which would take it for an id.
ROUTES = [
    page("/services", services, needs=SIGNED_IN, name="services"),
    page("/services/new", forms.new_service_page, needs=ADMIN, name="new_service"),
    page("/services/new", forms.create_service, needs=ADMIN, methods=["POST"]),
    page("/services/{id}/edit", forms.edit_service_page, needs=SIGNED_IN, name="edit_service",
         params=SERVICE),
    page("/services/{id}/edit", forms.update_service, needs=SIGNED_IN, methods=["POST"],
         params=SERVICE),
    page("/services/{id}/offerings", forms.add_offering, needs=SIGNED_IN, methods=["POST"],
         params=SERVICE),
    page("/services/{id}/offerings/{offering_id}", forms.change_offering, needs=SIGNED_IN,
         methods=["POST"], params=OFFERING),
    page("/services/{id}", service, needs=SIGNED_IN, name="service", params={"id": "Service"}),
    page("/processes", processes, needs=SIGNED_IN, name="processes"),
]  # fmt: skip
