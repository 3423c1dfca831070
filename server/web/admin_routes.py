"""The routes of the administration pages (people, roles, audit log) and of My API tokens."""

from __future__ import annotations

from starlette.routing import Route

from server.web import audit, people, tokens

ROUTES = [
    Route("/people", people.people_page, methods=["GET"], name="people"),
    Route("/people", people.create_person, methods=["POST"]),
    Route("/people/{person_id}", people.person_page, methods=["GET"], name="person"),
    Route("/people/{person_id}/details", people.update_person, methods=["POST"]),
    Route("/people/{person_id}/roles", people.assign_role, methods=["POST"]),
    Route(
        "/people/{person_id}/roles/{assignment_id}/remove", people.unassign_role, methods=["POST"]
    ),
    Route("/people/{person_id}/deactivate", people.deactivate_person, methods=["POST"]),
    Route("/people/{person_id}/unlock", people.unlock_person, methods=["POST"]),
    Route("/tokens", tokens.tokens_page, methods=["GET"], name="tokens"),
    Route("/tokens", tokens.create_token, methods=["POST"]),
    Route("/tokens/{token_id}/revoke", tokens.revoke_token, methods=["POST"]),
    Route("/audit", audit.audit_page, methods=["GET"], name="audit"),
]
