"""The steering meeting pack as a PDF (`/meeting-pack?format=pdf`), written with fpdf2, which
installs from PyPI alone (no system libraries), so it works wherever `make run` does.

The PDF uses the built-in Helvetica, whose encoding is Latin-1: text outside it is written in
its nearest Latin-1 form (typographic dashes and quotes as plain ones, the euro sign as EUR,
letters without a Latin-1 form without their accent), and amounts carry their ISO code. The
page itself shows every character; the PDF is for the meeting's paper copy."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from starlette.responses import Response

from server.web.core.templating import label

REPLACEMENTS = {
    "\u20ac": "EUR", "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'",
    "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u202f": " ", "\u2009": " ",
    "\u2022": "-", "\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d",
}  # fmt: skip
BODY, SMALL = 10, 8
LINE = 5


def latin1(text: Any) -> str:
    """The text as Helvetica can write it."""
    out = []
    for char in str(text):
        if ord(char) < 256:
            out.append(char)
        elif char in REPLACEMENTS:
            out.append(REPLACEMENTS[char])
        else:
            plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def amount(value: Any, currency: str | None = None) -> str:
    """An amount with thousands separators and its ISO code, e.g. 12,500.00 EUR."""
    number = Decimal(str(value or 0))
    return f"{number:,.2f}" + (f" {currency}" if currency else "")


class PackPdf(FPDF):
    def __init__(self, prepared: date) -> None:
        super().__init__(format="A4")
        self.prepared = prepared
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title("Steering meeting pack")
        self.set_author("Steward")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=SMALL)
        self.cell(
            0, 6, f"Steering meeting pack, prepared {self.prepared.isoformat()} - page "
            f"{self.page_no()} of {{nb}}", align="C",
        )  # fmt: skip

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(2)
        self.set_font("helvetica", "B", size)
        self.multi_cell(0, size * 0.5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("helvetica", size=BODY)
        self.ln(1)

    def line_of(self, text: str, size: int = BODY, style: str = "") -> None:
        self.set_font("helvetica", style, size)
        self.multi_cell(0, LINE, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("helvetica", size=BODY)

    def rows(self, header: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
        if not rows:
            self.line_of("None.", SMALL)
            return
        self.set_font("helvetica", size=SMALL)
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
            heading = table.row()
            for title in header:
                heading.cell(latin1(title))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(latin1(value))
        self.set_font("helvetica", size=BODY)
        self.ln(2)


def _waiting(pdf: PackPdf, values: dict[str, Any]) -> None:
    data = values["data"]
    pdf.heading("Decisions waiting")
    pdf.heading(f"Budget requests ({data['budgets']['totalCount']})", 11)
    if not values["budgets"]:
        pdf.line_of("No budget request is waiting.", SMALL)
    for group in values["budgets"]:
        pdf.line_of(group.plan["name"], BODY, "B")
        envelope = group.envelope
        if envelope:
            pdf.line_of(
                f"Envelope {values['year']}: {amount(envelope['amount'], envelope['currency'])};"
                f" approved {amount(envelope['approved'])}, waiting {amount(envelope['pending'])},"
                f" left {amount(envelope['remaining'])}" + (" - OVER" if group.over else ""),
                SMALL,
            )
        else:
            pdf.line_of(f"No envelope set for {values['year']}.", SMALL)
        pdf.rows(
            ["Initiative", "Asked", "By", "Justification"],
            [
                [
                    item["initiative"]["title"],
                    amount(item["pending"]["amount"], item["pending"]["currency"]),
                    (item["pending"]["requestedBy"] or {}).get("name", "")
                    + (" (approved it too)" if item["self_approved"] else ""),
                    item["pending"]["justification"],
                ]
                for item in group.requests
            ],
            (50, 25, 35, 70),
        )
    pdf.heading(f"Strategic initiatives to approve ({data['approvals']['totalCount']})", 11)
    pdf.rows(
        ["Initiative", "Priority", "Proposed", "Estimate"],
        [
            [
                i["title"],
                label(i["priority"]),
                i["createdAt"][:10],
                amount(i["budgetRequested"], i["currency"]) if i["budgetRequested"] else "",
            ]
            for i in data["approvals"]["nodes"]
        ],
        (90, 25, 30, 35),
    )
    changes = data["viewer"]["work"]["changesToDecide"]
    pdf.heading(f"Changes to approved work ({changes['totalCount']})", 11)
    pdf.rows(
        ["About", "Change", "Reason"],
        [
            [
                (c["initiative"] or {}).get("title") or (c["metric"] or {}).get("name", ""),
                f"budget {amount(c['budgetBefore'])} -> {amount(c['budgetAfter'], c['currency'])}"
                if c["kind"] == "BUDGET"
                else f"target {c['targetBefore']} -> {c['targetAfter']}",
                c["reason"],
            ]
            for c in changes["nodes"]
        ],
        (60, 55, 65),
    )
    pdf.heading(f"Portfolio moves ({data['moves']['totalCount']})", 11)
    pdf.rows(
        ["Service", "Move", "Case"],
        [[d["service"]["name"], label(d["move"]), d["case"]] for d in data["moves"]["nodes"]],
        (50, 30, 100),
    )
    pdf.heading(f"Suggestions to the strategic plan ({data['suggestions']['totalCount']})", 11)
    pdf.rows(
        ["Suggestion", "Supporting"],
        [[s["title"], str(s["supportCount"])] for s in data["suggestions"]["nodes"]],
        (150, 30),
    )


def _glance(pdf: PackPdf, values: dict[str, Any]) -> None:
    data = values["data"]
    pdf.add_page()
    pdf.heading("The portfolio at a glance")
    money_columns = ["Initiatives", "Requested", "Approved", "Spent"]

    def sums(group: dict[str, Any]) -> list[str]:
        return [
            str(group["count"]), amount(group["budgetRequestedSum"]),
            amount(group["budgetApprovedSum"]), amount(group["budgetSpentSum"]),
        ]  # fmt: skip

    pdf.heading("By plan", 11)
    pdf.rows(["Plan", *money_columns], [[g["plan"]["name"], *sums(g)] for g in data["byPlan"]],
             (60, 24, 32, 32, 32))  # fmt: skip
    pdf.heading("By Four Dimension", 11)
    pdf.rows(
        ["Dimension", *money_columns],
        [[label(g["dimension"]) if g["dimension"] else "None named", *sums(g)]
         for g in data["byDimension"]],
        (60, 24, 32, 32, 32),
    )  # fmt: skip
    pdf.heading("By value-chain activity", 11)
    pdf.rows(
        ["Activity", *money_columns],
        [[label(g["valueChainActivity"]) if g["valueChainActivity"] else "None named", *sums(g)]
         for g in data["byActivity"]],
        (60, 24, 32, 32, 32),
    )  # fmt: skip
    pdf.heading("Health of the work under way", 11)
    pdf.line_of(
        "; ".join(
            f"{'No status update yet' if name == 'NO_UPDATE' else label(name)}: {count}"
            for name, count in values["health"]
        )
    )
    pdf.heading(f"Metrics off target ({len(values['red_metrics'])})", 11)
    pdf.rows(
        ["Metric", "Plan", "Latest", "Target"],
        [
            [
                m["name"],
                (m["plan"] or {}).get("name", ""),
                f"{m['status']['latestValue']} {m['unit']}"
                if m["status"]["latestValue"] is not None
                else "no value",
                f"{m['targetValue']} {m['unit']}" if m["targetValue"] is not None else "",
            ]
            for m in values["red_metrics"]
        ],
        (70, 50, 30, 30),
    )


def _changed_and_meetings(pdf: PackPdf, values: dict[str, Any]) -> None:
    pdf.add_page()
    pdf.heading(f"What changed since {values['since'].isoformat()}")
    changed = values["changed"]
    pdf.heading(f"Initiatives that moved ({changed['totalCount']})", 11)
    pdf.rows(
        ["Initiative", "Plan", "Now", "Latest update"],
        [
            [i["title"], i["plan"]["name"], label(i["status"]),
             (f"{label(i['latestStatusUpdate']['health'])}, "
              f"{i['latestStatusUpdate']['percentComplete']}% on "
              f"{i['latestStatusUpdate']['postedAt'][:10]}") if i["latestStatusUpdate"] else ""]
            for i in changed["nodes"]
        ],
        (70, 45, 25, 40),
    )  # fmt: skip
    pdf.heading("Decisions and changes recorded", 11)
    for line in values["change_lines"] or ["Nothing was recorded since then."]:
        pdf.line_of(f"- {line}")
    pdf.ln(2)
    pdf.rows(
        ["When", "Who", "What", "Change"],
        [
            [
                c["at"][:10],
                c["actorName"],
                c["entityLabel"],
                label(c["action"])
                + (f": {c['after']['status']}" if (c.get("after") or {}).get("status") else ""),
            ]
            for c in values["changes"]
        ],
        (22, 38, 80, 40),
    )
    latest = values["latest"]
    pdf.heading("The latest meeting")
    if latest is None:
        pdf.line_of("No meeting is recorded yet.")
        return
    pdf.line_of(latest["heldOn"], BODY, "B")
    names = ", ".join(p["name"] for p in latest["attendees"]["nodes"])
    pdf.line_of(f"Attended: {names}.")
    if latest["decisions"]:
        pdf.line_of("Decisions", BODY, "B")
        pdf.line_of(latest["decisions"])
    if latest["notes"]:
        pdf.line_of("Notes", BODY, "B")
        pdf.line_of(latest["notes"])


def pack_pdf(values: dict[str, Any]) -> bytes:
    pdf = PackPdf(values["today"])
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 10, "Steering meeting pack", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", size=BODY)
    latest = values["latest"]
    pdf.line_of(
        f"Prepared {values['today'].isoformat()}; what changed runs from "
        + (f"the meeting of {latest['heldOn']}." if latest else
           f"{values['since'].isoformat()} (no meeting is recorded yet).")
    )  # fmt: skip
    _waiting(pdf, values)
    _glance(pdf, values)
    _changed_and_meetings(pdf, values)
    return bytes(pdf.output())


def pdf_response(values: dict[str, Any]) -> Response:
    name = f"meeting-pack-{values['today'].isoformat()}.pdf"
    return Response(
        pack_pdf(values),
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
