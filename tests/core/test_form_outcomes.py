"""The one map from a mutation's user errors to form fields and HTTP statuses, shared by every
form of the web door (server/web/core/forms.py)."""

from __future__ import annotations

import pytest
from starlette.exceptions import HTTPException

from server.web.core.forms import NOT_ALLOWED, outcome_of


def payload(*errors: tuple[str, str | None, str]) -> dict:
    return {
        "errors": [
            {"code": code, "field": field.split(".") if field else None, "message": message}
            for code, field, message in errors
        ]
    }


def test_an_error_goes_beside_the_field_its_path_ends_in():
    outcome = outcome_of(payload(("INVALID", "input.title", "must not be empty")))
    assert outcome.problems == {"title": "must not be empty"}
    assert outcome.code == "INVALID" and not outcome.ok


def test_an_error_about_no_field_or_a_field_not_shown_is_the_forms():
    outcome = outcome_of(
        payload(("CONFLICT", None, "changed meanwhile"), ("INVALID", "input.version", "stale")),
        fields=("title",),
    )
    assert outcome.problems == {"form": "changed meanwhile"}  # the first message is kept
    assert outcome.code == "CONFLICT"


def test_renames_map_an_input_field_to_the_form_field_that_sets_it():
    outcome = outcome_of(
        payload(("NOT_FOUND", "input.serviceId", "no service has this id")),
        renames={"serviceId": "scope"},
    )
    assert outcome.problems == {"scope": "no service has this id"}


def test_forbidden_about_the_whole_form_is_403():
    with pytest.raises(HTTPException) as refused:
        outcome_of(payload(("FORBIDDEN", None, "Only administrators may do this.")))
    assert refused.value.status_code == 403
    assert refused.value.detail == "Forbidden"  # the page says the roles do not allow it


def test_forbidden_can_say_why():
    with pytest.raises(HTTPException) as refused:
        outcome_of(payload(("FORBIDDEN", "input.id", "only the uploader")), fields=(), explain=True)
    assert refused.value.status_code == 403 and refused.value.detail == "only the uploader"


def test_forbidden_about_a_field_the_form_shows_stays_beside_it():
    outcome = outcome_of(payload(("FORBIDDEN", "input.planId", "not in this plan")))
    assert outcome.problems == {"planId": "not in this plan", "form": NOT_ALLOWED}


def test_not_found_about_the_addressed_object_is_404_and_otherwise_a_fields_problem():
    with pytest.raises(HTTPException) as refused:
        outcome_of(payload(("NOT_FOUND", "input.id", "no person has this id")), subject=("id",))
    assert refused.value.status_code == 404
    outcome = outcome_of(
        payload(("NOT_FOUND", "input.roleId", "no role has this id")), subject=("id",)
    )
    assert outcome.problems == {"roleId": "no role has this id"}


def test_no_errors_is_success():
    assert outcome_of({"errors": [], "person": {"id": "x"}}).ok
