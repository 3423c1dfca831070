"""The steering meeting pack as a PDF (`/meeting-pack?format=pdf`), written with fpdf2, which
installs from PyPI alone (no system libraries), so it works wherever `make run` does.

The PDF is written in DejaVu Sans (regular and bold, vendored beside this module in `fonts/`
from Debian's fonts-dejavu-core, with its licence; fonts/MANIFEST.txt pins each file's hash),
embedded as a subset of the glyphs used, so text is written as it is: the euro sign,
typographic dashes and quotes, Polish, Czech or Greek letters. Amounts and dates are written
as the reader's locale writes them (their choice, else what their browser asks for), through
the same functions as the page (server/domain/core/formatting.py): €85,000.00 and 8 Nov 2026
for en_GB, 85.000,00 € and 08.11.2026 for de_DE. Scripts DejaVu Sans does not cover (Chinese,
Japanese) are left out of the PDF; the page itself shows every character."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from starlette.responses import Response

from server.domain.core import formatting
from server.web.core.templating import label

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "dejavu-sans"
FONT_FILES = {"": "DejaVuSans-2.37.ttf", "B": "DejaVuSans-Bold-2.37.ttf"}  # style: file
BODY, SMALL = 10, 8
LINE = 5


class PackPdf(FPDF):
    def __init__(self, prepared: date, locale: str) -> None:
        super().__init__(format="A4")
        self.prepared = prepared
        self.locale = locale
        for style, file in FONT_FILES.items():
            self.add_font(FONT, style, FONT_DIR / file)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title("Steering meeting pack")
        self.set_author("Steward")

    def money(self, value: Any, currency: str | None, whole: bool = False) -> str:
        """An amount as the reader's locale writes it (as the page's `money` filter does)."""
        return formatting.money(value, currency, self.locale, whole)

    def number(self, value: Any) -> str:
        return formatting.number(value, self.locale)

    def day(self, value: Any) -> str:
        """A date (or the day of an ISO timestamp) as the reader's locale writes it."""
        return formatting.day(value, self.locale)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=SMALL)
        self.cell(
            0, 6, f"Steering meeting pack, prepared {self.day(self.prepared)}; page "
            f"{self.page_no()} of {{nb}}", align="C",
        )  # fmt: skip

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=BODY)
        self.ln(1)

    def line_of(self, text: str, size: int = BODY, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=BODY)

    def rows(self, header: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
        if not rows:
            self.line_of("None.", SMALL)
            return
        self.set_font(FONT, size=SMALL)
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
            heading = table.row()
            for title in header:
                heading.cell(title)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(str(value))
        self.set_font(FONT, size=BODY)
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
            currency = envelope["currency"]
            remaining = Decimal(envelope["remaining"])
            pdf.line_of(
                f"Envelope for {values['year']}: {pdf.money(envelope['amount'], currency)};"
                f" approved this year {pdf.money(envelope['approved'], currency)},"
                f" waiting {pdf.money(envelope['pending'], currency)}, "
                + (f"over by {pdf.money(abs(remaining), currency)}" if group.over
                   else f"left {pdf.money(remaining, currency)}") + ".",
                SMALL,
            )  # fmt: skip
        else:
            pdf.line_of(f"No envelope set for {values['year']}.", SMALL)
        pdf.rows(
            ["Initiative", "Asked", "By", "Justification"],
            [
                [
                    item["initiative"]["title"],
                    pdf.money(item["pending"]["amount"], item["pending"]["currency"]),
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
                pdf.day(i["createdAt"]),
                pdf.money(i["budgetRequested"], i["currency"]) if i["budgetRequested"] else "",
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
                f"budget {pdf.money(c['budgetBefore'], c['currency'])} → "
                f"{pdf.money(c['budgetAfter'], c['currency'])}"
                if c["kind"] == "BUDGET"
                else f"target {pdf.number(c['targetBefore']) or 'none'} → "
                f"{pdf.number(c['targetAfter']) or 'none'}",
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
            str(group["count"]), pdf.money(group["budgetRequestedSum"], None, whole=True),
            pdf.money(group["budgetApprovedSum"], None, whole=True),
            pdf.money(group["budgetSpentSum"], None, whole=True),
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
                f"{pdf.number(m['status']['latestValue'])} {m['unit']}"
                if m["status"]["latestValue"] is not None
                else "no value",
                f"{pdf.number(m['targetValue'])} {m['unit']}"
                if m["targetValue"] is not None
                else "",
            ]
            for m in values["red_metrics"]
        ],
        (70, 50, 30, 30),
    )


def _changed_and_meetings(pdf: PackPdf, values: dict[str, Any]) -> None:
    pdf.add_page()
    pdf.heading(f"What changed since {pdf.day(values['since'])}")
    changed = values["changed"]
    pdf.heading(f"Initiatives that moved ({changed['totalCount']})", 11)
    pdf.rows(
        ["Initiative", "Plan", "Now", "Latest update"],
        [
            [i["title"], i["plan"]["name"], label(i["status"]),
             (f"{label(i['latestStatusUpdate']['health'])}, "
              f"{i['latestStatusUpdate']['percentComplete']}% on "
              f"{pdf.day(i['latestStatusUpdate']['postedAt'])}") if i["latestStatusUpdate"]
             else ""]
            for i in changed["nodes"]
        ],
        (70, 45, 25, 40),
    )  # fmt: skip
    pdf.heading("Decisions and changes recorded", 11)
    for line in values["change_lines"] or ["Nothing was recorded since then."]:
        pdf.line_of(f"• {line}")
    pdf.ln(2)
    pdf.rows(
        ["When", "Who", "What", "Change"],
        [
            [
                pdf.day(c["at"]),
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
    pdf.line_of(pdf.day(latest["heldOn"]), BODY, "B")
    names = ", ".join(p["name"] for p in latest["attendees"]["nodes"])
    pdf.line_of(f"Attended: {names}.")
    if latest["decisions"]:
        pdf.line_of("Decisions", BODY, "B")
        pdf.line_of(latest["decisions"])
    if latest["notes"]:
        pdf.line_of("Notes", BODY, "B")
        pdf.line_of(latest["notes"])


def pack_pdf(values: dict[str, Any], locale: str) -> bytes:
    """The pack as a PDF, its amounts and dates written as `locale` writes them."""
    pdf = PackPdf(values["today"], locale)
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.cell(0, 10, "Steering meeting pack", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=BODY)
    latest = values["latest"]
    pdf.line_of(
        f"Prepared {pdf.day(values['today'])}; what changed runs from "
        + (f"the meeting of {pdf.day(latest['heldOn'])}." if latest else
           f"{pdf.day(values['since'])} (no meeting is recorded yet).")
    )  # fmt: skip
    _waiting(pdf, values)
    _glance(pdf, values)
    _changed_and_meetings(pdf, values)
    return bytes(pdf.output())


def pdf_response(values: dict[str, Any], locale: str) -> Response:
    """The PDF as a download; its file name keeps the ISO date, which sorts."""
    name = f"meeting-pack-{values['today'].isoformat()}.pdf"
    return Response(
        pack_pdf(values, locale),
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
