"""Defining and editing metrics (`/metrics/new`, `/metrics/{id}/edit`) and raising a corrective
action from one (`POST /metrics/{id}/corrective-action`). Each form posts to a route that runs
one mutation; refusals come back beside the fields with the input kept (422)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.errors import render_error
from server.web.core.forms import form_values, run_mutation
from server.web.core.pages import found, read, render
from server.web.core.schema_api import Direction, MeasurementFrequency, MetricPerspective
from server.web.objectives.objectives import LEVEL_LABELS

DIRECTIONS = [direction.name for direction in Direction]
FREQUENCIES = [frequency.name for frequency in MeasurementFrequency]
PERSPECTIVES = [perspective.name for perspective in MetricPerspective]
TEXTS = ("name", "description", "unit", "dataSource")
NUMBERS = ("baselineValue", "targetValue", "amberTolerance")
DATES = ("baselineDate", "targetDate")
CHOICES = ("ownerId", "planId", "serviceId", "processId", "agreedWithId")
LISTS = ("objectiveIds", "initiativeIds")


def form_from_metric(metric: dict) -> dict[str, Any]:
    """The form's fields filled from a metric as the API gives it."""
    form: dict[str, Any] = {name: metric[name] or "" for name in TEXTS}
    form.update({name: "" if metric[name] is None else f"{metric[name]:g}" for name in NUMBERS})
    form.update({name: metric[name] or "" for name in DATES})
    form.update({f"{name}Id": (metric[name] or {}).get("id", "")
                 for name in ("owner", "plan", "service", "process", "agreedWith")})  # fmt: skip
    form["objectiveIds"] = [node["id"] for node in metric["objectives"]["nodes"]]
    form["initiativeIds"] = [node["id"] for node in metric["initiatives"]["nodes"]]
    form.update(direction=metric["direction"], frequency=metric["frequency"])
    form["perspective"] = metric["perspective"] or ""
    form["serviceLevel"] = metric["serviceLevel"]
    form.update(shouldMeasure=metric["shouldMeasure"], canMeasure=metric["canMeasure"])
    return form


def metric_input(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The mutation's input from the posted form, or the fields it got wrong."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {name: str(form.get(name, "")) for name in TEXTS}
    for name in NUMBERS:
        text = str(form.get(name, "")).strip().replace(",", ".")
        if not text:
            values[name] = None
            continue
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems[name] = "must be a number, such as 4.5"
        values[name] = number
    for name in DATES:
        text = str(form.get(name, "")).strip()
        try:
            values[name] = date.fromisoformat(text).isoformat() if text else None
        except ValueError:
            problems[name] = "must be a date such as 2027-06-30"
    for name in CHOICES:
        values[name] = str(form.get(name) or "") or None
    for name in LISTS:
        chosen = form.get(name) or []
        values[name] = [chosen] if isinstance(chosen, str) else list(chosen)
    if form.get("direction") not in DIRECTIONS:
        problems["direction"] = "choose whether it should go up or down"
    values["direction"] = form.get("direction")
    if form.get("frequency") not in FREQUENCIES:
        problems["frequency"] = "choose how often it is measured"
    values["frequency"] = form.get("frequency")
    chosen = form.get("perspective") or None
    if chosen is not None and chosen not in PERSPECTIVES:
        problems["perspective"] = "choose one of the options"
    values["perspective"] = chosen
    values["shouldMeasure"] = form.get("shouldMeasure") == "on"
    values["canMeasure"] = form.get("canMeasure") == "on"
    values["serviceLevel"] = form.get("serviceLevel") in ("on", True)
    return values, problems


async def _render(
    request: Request, *, metric_id: str | None, form: dict, errors=None, status_code=200
) -> Response:
    if metric_id is None:
        document = "metrics/new_metric"
        data = await read(request, document)
        metric = None
    else:
        document = "metrics/edit_metric"
        data = await read(request, document, {"id": metric_id})
        metric = found(data.get("node"))
        if not metric["viewerMayEdit"]:
            raise HTTPException(403)
        if not form:
            form = form_from_metric(metric)
    return render(
        request,
        "metrics/metric_form.html",
        {
            "data": data,
            "metric": metric,
            "form": form,
            "errors": errors or {},
            "directions": DIRECTIONS,
            "frequencies": FREQUENCIES,
            "perspectives": PERSPECTIVES,
            "level_label": LEVEL_LABELS,
        },
        status_code=status_code,
    )


NEW_DEFAULTS = {"direction": "UP", "frequency": "MONTHLY", "shouldMeasure": True}


async def new_metric_page(request: Request) -> Response:
    return await _render(request, metric_id=None, form=dict(NEW_DEFAULTS))


async def edit_metric_page(request: Request) -> Response:
    return await _render(request, metric_id=request.path_params["metric_id"], form={})


async def _save(request: Request, metric_id: str | None) -> Response:
    form = await form_values(request)
    values, problems = metric_input(form)
    if not problems:
        if metric_id is None:
            values = {name: value for name, value in values.items() if value is not None}
            operation = "CreateMetric"
        else:
            values["id"] = metric_id
            operation = "UpdateMetric"
        outcome = await run_mutation(request, "metrics/actions", operation, values, subject=("id",))
        if outcome.ok:
            return RedirectResponse(f"/metrics/{outcome.payload['metric']['id']}", status_code=303)
        problems = outcome.problems
    form.setdefault("shouldMeasure", False)
    form["shouldMeasure"] = form.get("shouldMeasure") in ("on", True)
    form["canMeasure"] = form.get("canMeasure") in ("on", True)
    return await _render(request, metric_id=metric_id, form=form, errors=problems, status_code=422)


async def create_metric(request: Request) -> Response:
    return await _save(request, None)


async def update_metric(request: Request) -> Response:
    return await _save(request, request.path_params["metric_id"])


async def raise_corrective_action(request: Request) -> Response:
    """Runs raiseCorrectiveAction for the metric; on success, to the new initiative."""
    metric_id = request.path_params["metric_id"]
    form = await form_values(request)
    payload_input = {"metricId": metric_id}
    for name in ("title", "description"):
        if str(form.get(name, "")).strip():
            payload_input[name] = str(form[name])
    outcome = await run_mutation(request, "metrics/actions", "RaiseCorrectiveAction", payload_input)
    if outcome.ok:
        return RedirectResponse(
            f"/initiatives/{outcome.payload['initiative']['id']}", status_code=303
        )
    if outcome.problems.get("metricId") == "no metric has this id":
        raise HTTPException(404)
    message = " ".join(dict.fromkeys(outcome.problems.values()))
    return render_error(request, 422, message)
