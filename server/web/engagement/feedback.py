"""The engagement forms of a service's page: recording a stakeholder's feedback (one item
through `recordFeedback`) and planning its reviews (`setServiceReviewCadence`); the page comes
back with the change, or with the errors beside the fields."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash
from server.web.core.forms import form_values, run_mutation
from server.web.services.services import service

CHANNELS = {"REVIEW", "SURVEY", "SERVICE_DESK", "MEETING"}
# The item's fields, as the form names them.
RENAMES = {"serviceId": "form"}


async def record_feedback(request: Request) -> Response:
    service_id = request.path_params["id"]
    form = await form_values(request)
    score = form.get("score", "")
    item = {
        "serviceId": service_id,
        "stakeholderId": form.get("stakeholderId") or None,
        "givenOn": form.get("givenOn") or None,
        "score": int(score) if score.isdigit() and len(score) == 1 else 0,
        "channel": form.get("channel") if form.get("channel") in CHANNELS else "MEETING",
        "comment": form.get("comment") or None,
    }
    if item["givenOn"] is None:
        return await service(
            request, errors={"givenOn": "say when it was given"}, form=form, status_code=422
        )
    outcome = await run_mutation(
        request, "engagement/feedback_actions", "RecordFeedback", {"items": [item]},
        renames=RENAMES,
    )  # fmt: skip
    if outcome.ok:
        flash(request, "The feedback was recorded; the satisfaction metric is up to date.")
        return RedirectResponse(f"/services/{service_id}", status_code=303)
    problems = {
        name: message.removeprefix("item 0: ") for name, message in outcome.problems.items()
    }
    return await service(request, errors=problems, form=form, status_code=422)


CADENCES = {"MONTHLY", "QUARTERLY", "HALF_YEARLY", "YEARLY"}


async def plan_reviews(request: Request) -> Response:
    service_id = request.path_params["id"]
    form = await form_values(request)
    fields = {
        "serviceId": service_id,
        "cadence": form.get("cadence") if form.get("cadence") in CADENCES else None,
        "nextReviewOn": form.get("nextReviewOn") or None,
    }
    outcome = await run_mutation(
        request, "engagement/feedback_actions", "SetServiceReviewCadence", fields,
        renames={"serviceId": "form"},
    )  # fmt: skip
    if outcome.ok:
        flash(request, "The reviews are planned.")
        return RedirectResponse(f"/services/{service_id}", status_code=303)
    return await service(request, errors=outcome.problems, form=form, status_code=422)
