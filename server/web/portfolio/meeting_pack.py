"""The steering meeting pack (`/meeting-pack`): one page for a meeting of the steering committee.

What waits for the committee, decidable from the list (budget requests against each plan's
envelope, approvals in the strategic plan, pending changes, portfolio moves; suggestions link
to their triage); the portfolio at a glance (budget requested, approved and spent by plan, by
Four Dimension and by value-chain activity; health; red metrics); what changed since the latest
meeting; and the meetings themselves, recorded by the committee. `?format=pdf` downloads it
(server/web/portfolio/meeting_pdf.py); the print stylesheet prints it without navigation or
forms. The decisions post to the initiative's and the portfolio's own forms, which come back
here (`back=/meeting-pack`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash, take_flash
from server.web.core.formatting import day, page_locale
from server.web.core.forms import form_of, form_text, run_mutation
from server.web.core.pages import read, render
from server.web.core.pipeline import request_state

BACK = "/meeting-pack"
CHANGES_WITHOUT_A_MEETING = timedelta(days=30)  # "what changed" before the first meeting
CHANGES_SHOWN = 25
MEETING_FIELDS = ("heldOn", "attendeeIds", "decisions", "notes")
TRANSITION_WORDS = {
    "approved": "approved",
    "rejected": "rejected",
    "budget_requested": "asked for a budget",
    "funded": "funded",
    "in_progress": "started",
    "on_hold": "put on hold",
    "completed": "completed",
    "cancelled": "cancelled",
}


@dataclass
class PlanBudgets:
    """One plan's budget requests waiting, with its envelope for this year."""

    plan: dict[str, Any]
    envelope: dict[str, Any] | None
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def asked(self) -> dict[str, Decimal]:
        """The amounts asked, added up per currency."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for item in self.requests:
            pending = item["pending"]
            totals[pending["currency"]] += Decimal(pending["amount"])
        return dict(totals)

    @property
    def over(self) -> bool:
        """Whether granting every request would take the plan past its envelope."""
        return self.envelope is not None and Decimal(self.envelope["remaining"]) < 0


def pending_request(initiative: dict[str, Any]) -> dict[str, Any] | None:
    pendings = [r for r in initiative["budgetRequests"]["nodes"] if r["status"] == "PENDING"]
    return pendings[-1] if pendings else None


def self_approved(initiative: dict[str, Any], request: dict[str, Any]) -> bool:
    """Whether the person asking for the money also approved the initiative (the committee
    should know; the initiative page says the same beside its decision)."""
    approvals = [e for e in initiative["events"]["nodes"] if e["toStatus"] == "APPROVED"]
    asker = request.get("requestedBy")
    actor = approvals[-1]["actor"] if approvals else None
    return bool(asker and actor and actor["id"] == asker["id"])


def envelopes_of(data: dict[str, Any], year: int) -> dict[str, dict[str, Any]]:
    """Each plan's envelope for the year, by plan id (plans without one left out)."""
    return {
        plan["id"]: envelope
        for plan in data["plans"]["nodes"]
        for envelope in plan["budgetEnvelopes"]
        if envelope["year"] == year
    }


def budgets_by_plan(
    data: dict[str, Any], envelopes: dict[str, dict[str, Any]]
) -> list[PlanBudgets]:
    grouped: dict[str, PlanBudgets] = {}
    for initiative in data["budgets"]["nodes"]:
        pending = pending_request(initiative)
        if pending is None:
            continue
        plan = initiative["plan"]
        group = grouped.setdefault(plan["id"], PlanBudgets(plan, envelopes.get(plan["id"])))
        group.requests.append(
            {"initiative": initiative, "pending": pending,
             "self_approved": self_approved(initiative, pending)}
        )  # fmt: skip
    return sorted(grouped.values(), key=lambda group: group.plan["name"])


def red_metrics(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in data["metrics"]["nodes"] if m["status"]["rag"] == "RED"]


def health_counts(data: dict[str, Any]) -> list[tuple[str, int]]:
    counts = {group["health"]: group["count"] for group in data["health"]}
    return [(name, counts.get(name, 0)) for name in ("ON_TRACK", "AT_RISK", "OFF_TRACK")] + [
        ("NO_UPDATE", counts.get(None, 0))
    ]


def since_of(meetings: list[dict[str, Any]], today: date) -> date:
    """Where "what changed" starts: the latest meeting's day, else 30 days ago."""
    if meetings:
        return date.fromisoformat(meetings[0]["heldOn"])
    return today - CHANGES_WITHOUT_A_MEETING


def summarise_changes(entries: list[dict[str, Any]]) -> list[str]:
    """The changes in a few lines: initiatives proposed and steps taken, portfolio and pending
    decisions, plans and metrics changed."""
    steps: Counter[str] = Counter()
    proposed = 0
    other: Counter[str] = Counter()
    for entry in entries:
        kind, action, after = entry["entityType"], entry["action"], entry.get("after") or {}
        if kind == "Initiative" and action == "CREATE":
            proposed += 1
        elif kind == "Initiative" and action == "TRANSITION" and after.get("status"):
            steps[TRANSITION_WORDS.get(str(after["status"]), str(after["status"]))] += 1
        elif kind == "PortfolioDecision" and action == "TRANSITION":
            other["portfolio moves decided"] += 1
        elif kind == "PortfolioDecision" and action == "CREATE":
            other["portfolio moves proposed"] += 1
        elif kind == "PendingChange" and action == "UPDATE":
            other["pending changes decided"] += 1
        elif kind in ("Metric", "Plan", "Service"):
            other[f"{kind.lower()} changes"] += 1
    lines = []
    if proposed:
        lines.append(f"{proposed} initiative{'s' if proposed != 1 else ''} proposed")
    if steps:
        words = ", ".join(f"{count} {word}" for word, count in steps.most_common())
        lines.append(f"Initiatives {words}")
    lines.extend(f"{count} {what}" for what, count in other.most_common())
    return lines


async def pack(request: Request) -> dict[str, Any]:
    """Everything the page and the PDF show, from the two documents."""
    data = await read(request, "portfolio/meeting_pack")
    today = datetime.now(UTC).date()
    meetings = data["meetings"]["nodes"]
    since = since_of(meetings, today)
    start = datetime(since.year, since.month, since.day, tzinfo=UTC)
    changes = await read(request, "portfolio/meeting_changes", {"since": start.isoformat()})
    entries = changes["auditLog"]["nodes"]
    envelopes = envelopes_of(data, today.year)
    return {
        "data": data,
        "today": today,
        "year": today.year,
        "latest": meetings[0] if meetings else None,
        "since": since,
        "budgets": budgets_by_plan(data, envelopes),
        "envelope_of": envelopes,
        "red_metrics": red_metrics(data),
        "health": health_counts(data),
        "changed": changes["changed"],
        "changes": entries[:CHANGES_SHOWN],
        "changes_total": changes["auditLog"]["totalCount"],
        "change_lines": summarise_changes(entries),
        "envelopes": [
            p
            for p in data["plans"]["nodes"]
            if p["budgetEnvelopes"] or p["viewerMaySetBudgetEnvelope"]
        ],
        "people": [p for p in data["people"]["nodes"] if p["isActive"]],
    }


async def meeting_pack(request: Request, *, errors=None, form=None, status_code=200) -> Response:
    if request.query_params.get("format") == "pdf":
        from server.web.portfolio.meeting_pdf import pdf_response

        locale = page_locale(request, request_state(request).known_viewer)
        return pdf_response(await pack(request), locale)
    values = await pack(request)
    latest = values["latest"]
    default_attendees = {p["id"] for p in latest["attendees"]["nodes"]} if latest else set()
    return render(
        request,
        "portfolio/meeting_pack.html",
        {
            **values,
            "errors": errors or {},
            "form": form or {},
            "default_attendees": default_attendees,
            "flash": take_flash(request),
        },
        status_code=status_code,
    )


def _meeting_input(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    problems: dict[str, str] = {}
    held_on = str(form.get("heldOn", "")).strip()
    try:
        date.fromisoformat(held_on)
    except ValueError:
        problems["heldOn"] = "must be a date such as 2026-03-31"
    fields = {
        "heldOn": held_on,
        "attendeeIds": list(form.get("attendeeIds", [])),
        "decisions": str(form.get("decisions", "")),
        "notes": str(form.get("notes", "")),
    }
    return fields, problems


async def _meeting_form(request: Request) -> dict[str, Any]:
    posted = await form_of(request)
    values: dict[str, Any] = {k: str(v) for k, v in posted.items() if k != "attendeeIds"}
    values["attendeeIds"] = [str(v) for v in posted.getlist("attendeeIds")]
    return values


def _shown_day(request: Request, value: Any) -> str:
    """A date in a message, as the reader's locale writes it."""
    return day(value, page_locale(request, request_state(request).known_viewer))


async def record_meeting(request: Request) -> Response:
    form = await _meeting_form(request)
    fields, problems = _meeting_input(form)
    if not problems:
        outcome = await run_mutation(
            request, "portfolio/meeting_actions", "RecordSteeringMeeting", fields,
            fields=MEETING_FIELDS,
        )  # fmt: skip
        problems = outcome.problems
    if problems:
        return await meeting_pack(
            request, errors=problems, form={**form, "meeting": "new"}, status_code=422
        )
    flash(request, f"The meeting of {_shown_day(request, fields['heldOn'])} is recorded.")
    return RedirectResponse(f"{BACK}#meetings", status_code=303)


async def update_meeting(request: Request) -> Response:
    meeting_id = request.path_params["meeting_id"]
    form = await _meeting_form(request)
    fields, problems = _meeting_input(form)
    version = str(form.get("version", ""))
    if not (version.isascii() and version.isdigit()):
        problems["form"] = "The form is missing the meeting's version; reload the page."
    if not problems:
        outcome = await run_mutation(
            request, "portfolio/meeting_actions", "UpdateSteeringMeeting",
            {"id": meeting_id, **fields, "expectedVersion": int(version)},
            fields=MEETING_FIELDS, subject=("id",),
        )  # fmt: skip
        problems = outcome.problems
    if problems:
        return await meeting_pack(
            request, errors=problems, form={**form, "meeting": meeting_id}, status_code=422
        )
    flash(request, f"The meeting of {_shown_day(request, fields['heldOn'])} is changed.")
    return RedirectResponse(f"{BACK}#meetings", status_code=303)


async def set_envelope(request: Request) -> Response:
    """A plan's envelope for this year, from the pack's table (its owner, administrators)."""
    plan_id = request.path_params["plan_id"]
    form = await form_text(request)
    amount = form.get("amount", "").strip().replace(",", "")
    year = form.get("year", "").strip()
    problems: dict[str, str] = {}
    if amount:
        try:
            Decimal(amount)
        except ArithmeticError:
            problems["amount"] = "must be an amount such as 250000 or 95000.50"
    if not (year.isascii() and year.isdigit()):
        problems["year"] = "must be a year such as 2026"
    if not problems:
        outcome = await run_mutation(
            request, "portfolio/meeting_actions", "SetPlanBudgetEnvelope",
            {"planId": plan_id, "year": int(year), "amount": amount or None,
             "currency": form.get("currency", "").strip() or "EUR"},
            fields=("amount", "year", "currency"), subject=("planId",),
        )  # fmt: skip
        problems = outcome.problems
    if problems:
        keyed = {f"{plan_id}-{name}": message for name, message in problems.items()}
        return await meeting_pack(
            request, errors=keyed, form={**form, "plan": plan_id}, status_code=422
        )
    flash(request, "The budget envelope is set." if amount else "The budget envelope is removed.")
    return RedirectResponse(f"{BACK}#envelopes", status_code=303)
