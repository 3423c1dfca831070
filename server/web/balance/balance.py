"""The balance pages: the organisation's (`/balance`) and each service's
(`/services/{id}/balance`): the four tensions charted over time, the latest assessment with its
scores and evidence, the tensions that drift, the form that records an assessment with the
data's evidence for the period beside each score, and the guidelines. Every form runs one
mutation (templates/balance/actions.graphql)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.pages import found, read, render

TENSIONS = [
    ("INTERNAL_EXTERNAL", "internalExternal", "Internal IT view", "External business view"),
    ("STABILITY_RESPONSIVENESS", "stabilityResponsiveness", "Stability", "Responsiveness"),
    ("QUALITY_COST", "qualityCost", "Quality", "Cost"),
    ("REACTIVE_PROACTIVE", "reactiveProactive", "Reactive", "Proactive"),
]
SCORES = [-3, -2, -1, 0, 1, 2, 3]
DONE = {
    "assessment": "The assessment was recorded.",
    "guideline": "The guideline was saved.",
}


def _period(request: Request) -> tuple[date, date]:
    """The period the form proposes: the last full quarter, or the one the address names."""
    params = request.query_params
    try:
        start = date.fromisoformat(params.get("from", ""))
        end = date.fromisoformat(params.get("to", ""))
        if start <= end <= start + timedelta(days=366 * 2):
            return start, end
    except ValueError:
        pass
    today = date.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


async def _render(
    request: Request, service_id: str | None, *, errors=None, form=None, open_form=None,
    status_code=200,
) -> Response:  # fmt: skip
    start, end = _period(request)
    variables: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
    if service_id is None:
        data = await read(request, "balance/balance", variables)
        service = None
    else:
        data = await read(request, "balance/service_balance", {**variables, "service": service_id})
        service = found(data.get("node"))
    assessments = data["balanceAssessments"]["nodes"]
    mentionable = []
    if assessments:  # who may be mentioned in a comment on the latest assessment
        people = await read(request, "collaboration/actions",
                            {"subject": assessments[0]["id"]}, "Mentionable")  # fmt: skip
        mentionable = people["mentionable"]["nodes"]
    return render(
        request,
        "balance/balance.html",
        {
            "data": data,
            "service": service,
            "scope": service["name"] if service else "the organisation",
            "base": f"/services/{service['id']}/balance" if service else "/balance",
            "latest": assessments[0] if assessments else None,
            "mentionable": mentionable,
            "assessments": assessments,
            "tensions": TENSIONS,
            "tension_names": {t: f"{low} ↔ {high.lower()}" for t, _n, low, high in TENSIONS},
            "scores": SCORES,
            "period": (start.isoformat(), end.isoformat()),
            "evidence": {i["tension"]: i for i in data["balanceEvidence"]},
            "errors": errors or {},
            "form": form or {},
            "open_form": open_form,
            "flash": take_flash(request),
            "today": date.today().isoformat(),
        },
        status_code=status_code,
    )


async def organisation_page(request: Request) -> Response:
    return await _render(request, None)


async def service_page(request: Request) -> Response:
    return await _render(request, request.path_params["id"])


def assessment_input(form: dict[str, Any], service_id: str | None) -> tuple[dict, dict]:
    problems: dict[str, str] = {}
    fields: dict[str, Any] = {
        "periodStart": form.get("periodStart") or None,
        "periodEnd": form.get("periodEnd") or None,
        "assessedOn": form.get("assessedOn") or None,
        "assessorIds": [pk for pk in form.get("assessorIds", []) if pk],
    }
    if service_id is not None:
        fields["serviceId"] = service_id
    for _tension, name, _low, _high in TENSIONS:
        raw = str(form.get(name, ""))
        if raw.lstrip("-+").isdigit() and int(raw) in SCORES:
            fields[name] = int(raw)
        else:
            problems[name] = "choose a score from -3 to +3"
        fields[f"{name}Evidence"] = form.get(f"{name}Evidence") or None
    for name, message in (("periodStart", "give the first day of the period"),
                          ("periodEnd", "give the last day of the period")):  # fmt: skip
        if fields[name] is None:
            problems[name] = message
    return fields, problems


async def _record(request: Request, service_id: str | None) -> Response:
    form = await form_values(request)
    fields, problems = assessment_input(form, service_id)
    if not problems:
        outcome = await run_mutation(
            request, "balance/actions", "RecordBalanceAssessment", fields,
            renames={"serviceId": "form"},
        )  # fmt: skip
        problems = outcome.problems
    base = f"/services/{service_id}/balance" if service_id else "/balance"
    if not problems:
        flash(request, DONE["assessment"])
        return RedirectResponse(base, status_code=303)
    return await _render(
        request, service_id, errors=problems, form=form, open_form="assess", status_code=422
    )


async def record_for_organisation(request: Request) -> Response:
    return await _record(request, None)


async def record_for_service(request: Request) -> Response:
    return await _record(request, request.path_params["id"])


async def correct_assessment(request: Request) -> Response:
    """Correct an assessment's scores and evidence (the form under the latest one)."""
    form = await form_values(request)
    assessment_id = request.path_params["assessment_id"]
    service_id = form.get("serviceId") or None
    fields, problems = assessment_input(form, None)
    fields = {
        "id": assessment_id,
        **{k: v for k, v in fields.items() if k not in ("periodStart", "periodEnd", "assessedOn",
                                                         "assessorIds")},
    }  # fmt: skip
    version = form.get("expectedVersion", "")
    if version.isdigit():
        fields["expectedVersion"] = int(version)
    problems = {k: v for k, v in problems.items() if k not in ("periodStart", "periodEnd")}
    if not problems:
        outcome = await run_mutation(
            request, "balance/actions", "UpdateBalanceAssessment", fields, subject=("id",)
        )
        problems = outcome.problems
    if not problems:
        flash(request, "The assessment was corrected.")
        base = f"/services/{service_id}/balance" if service_id else "/balance"
        return RedirectResponse(base, status_code=303)
    if "expectedVersion" in problems:
        problems["form"] = problems.pop("expectedVersion")
    return await _render(
        request, service_id, errors=problems, form=form, open_form="correct", status_code=422
    )


async def guideline_action(request: Request) -> Response:
    """Agree a guideline (no id) or change one (its id in the address)."""
    form = await form_values(request)
    guideline_id = request.path_params.get("guideline_id")
    fields: dict[str, Any] = {
        "tension": form.get("tension") or None,
        "statement": form.get("statement", ""),
        "reviewOn": form.get("reviewOn") or None,
    }
    if "ownerId" in form:
        fields["ownerId"] = form.get("ownerId") or None
    which = f"guideline-{guideline_id}" if guideline_id else "guideline"
    if guideline_id is None:
        problems = {}
        if fields["tension"] not in {t[0] for t in TENSIONS}:
            problems["tension"] = "choose the tension it resolves"
        if fields["reviewOn"] is None:
            problems["reviewOn"] = "give the day it is next reviewed"
        if problems:
            return await _render(request, None, errors=problems, form=form, open_form=which,
                                 status_code=422)  # fmt: skip
        operation = "CreateBalanceGuideline"
    else:
        fields = {"id": guideline_id, **{k: v for k, v in fields.items() if v is not None}}
        version = form.get("expectedVersion", "")
        if version.isdigit():
            fields["expectedVersion"] = int(version)
        operation = "UpdateBalanceGuideline"
    outcome = await run_mutation(request, "balance/actions", operation, fields, subject=("id",))
    if outcome.ok:
        flash(request, DONE["guideline"])
        return RedirectResponse("/balance#guidelines-heading", status_code=303)
    problems = outcome.problems
    if "expectedVersion" in problems:
        problems["form"] = problems.pop("expectedVersion")
    return await _render(
        request, None, errors=problems, form=form, open_form=which, status_code=422
    )
