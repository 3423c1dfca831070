"""The people area of the web door: signing in and out, one's account and API tokens, and, for
administrators, people with their roles and the audit log."""

from __future__ import annotations

from server.web.core.csrf import CsrfPolicy
from server.web.core.routing import ADMIN, ANYONE, SIGNED_IN, page
from server.web.people import account, audit, people, saved_views, sign_in, tokens

PERSON = {"person_id": "Person"}

ROUTES = [
    page("/views", saved_views.save_view, needs=SIGNED_IN, methods=["POST"], name="save_view"),
    page(
        "/views/{view_id}/delete",
        saved_views.delete_view,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"view_id": "SavedView"},
        name="delete_saved_view",
    ),
    page("/people", people.people_page, needs=ADMIN, name="people"),
    page("/people", people.create_person, needs=ADMIN, methods=["POST"]),
    page("/people/{person_id}", people.person_page, needs=ADMIN, name="person", params=PERSON),
    page(
        "/people/{person_id}/details",
        people.update_person,
        needs=ADMIN,
        methods=["POST"],
        params=PERSON,
    ),
    page(
        "/people/{person_id}/roles",
        people.assign_role,
        needs=ADMIN,
        methods=["POST"],
        params=PERSON,
    ),
    page(
        "/people/{person_id}/roles/{assignment_id}/remove",
        people.unassign_role,
        needs=ADMIN,
        methods=["POST"],
        params={"assignment_id": "RoleAssignment", **PERSON},
    ),
    page(
        "/people/{person_id}/deactivate",
        people.deactivate_person,
        needs=ADMIN,
        methods=["POST"],
        params=PERSON,
    ),
    page(
        "/people/{person_id}/unlock",
        people.unlock_person,
        needs=ADMIN,
        methods=["POST"],
        params=PERSON,
    ),
    page("/tokens", tokens.tokens_page, needs=SIGNED_IN, name="tokens"),
    page("/tokens", tokens.create_token, needs=SIGNED_IN, methods=["POST"]),
    page(
        "/tokens/{token_id}/revoke",
        tokens.revoke_token,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"token_id": "ApiToken"},
    ),
    page("/audit", audit.audit_page, needs=ADMIN, name="audit"),
    page("/sign-in", sign_in.sign_in_page, needs=ANYONE, name="sign_in"),
    page(
        "/sign-in",
        sign_in.sign_in,
        needs=ANYONE,
        methods=["POST"],
        csrf=CsrfPolicy(refuse=sign_in.expired_form),
    ),
    page(
        "/sign-out",
        sign_in.sign_out,
        needs=ANYONE,
        methods=["POST"],
        name="sign_out",
        csrf=CsrfPolicy(refuse=sign_in.signed_out),
    ),
    page("/account", account.account_page, needs=SIGNED_IN, name="account"),
    page("/account/password", account.change_password, needs=SIGNED_IN, methods=["POST"]),
    page("/account/mail", account.change_mail, needs=SIGNED_IN, methods=["POST"]),
    page("/account/preferences", account.change_preferences, needs=SIGNED_IN, methods=["POST"]),
    page("/appearance", account.choose_theme, needs=ANYONE, methods=["POST"]),
    page("/help/api", account.api_help, needs=SIGNED_IN, name="api_help"),
    page(
        "/account/sessions/{session_id}/end",
        account.end_session,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"session_id": "Session"},
    ),
    page(
        "/account/sign-out-everywhere",
        account.sign_out_everywhere,
        needs=SIGNED_IN,
        methods=["POST"],
    ),
]
