"""Charts drawn on the server with pygal, inlined into pages as SVG.

Every chart comes with a title, a description in words and its data as rows for a table, so
templates/charts/charts.html can show it to everyone: the SVG carries `role="img"`, `<title>`
and `<desc>`; the table is there for screen readers and for anyone who wants the numbers.

The SVG is made safe to inline: pygal's scripts (a config script, and tooltips loaded from a
CDN by default) and its comments are removed, so nothing runs and nothing is fetched. It carries
no styles either (the content security policy allows no inline style): pygal's stylesheet and
the tooltip it would show are left out, and static/css/charts.css, linked once from every page,
draws every chart; the root's class names the kind of chart (`chart-metric`, `chart-spark`,
`chart-progress`) for the colours that differ between kinds. Output is
deterministic: the chart's id comes from the caller's key, never from a random uuid, so a
chart is a pure function of its arguments and is kept (`_remembered`): drawing one with pygal
takes milliseconds, and a list page draws a sparkline per row on every view.
"""

from __future__ import annotations

import functools
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
import pygal
from markupsafe import Markup
from pygal.style import Style

# pygal appends a legacy finder for its map plugins to sys.meta_path, and Python 3.11 raises an
# ImportWarning at every import that falls through to it (an optional import that fails, say).
# Steward draws no maps: take the finder out again.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

# pygal lays out the text (titles, legends, labels) by these sizes; static/css/charts.css draws
# it at the same sizes, and holds the colours, lines and fonts.
LAYOUT = Style(
    title_font_size=16, legend_font_size=13, label_font_size=12, major_label_font_size=12
)

HEALTHS = {"ON_TRACK": "On track", "AT_RISK": "At risk", "OFF_TRACK": "Off track"}

# Settings every chart shares: no scripts or tooltips, no stylesheet of pygal's own, no XML
# declaration, the data shown as drawn (no interpolation that would invent values).
COMMON = {
    "js": [],
    "css": [],
    "disable_xml_declaration": True,
    "style": LAYOUT,
    "explicit_size": False,
    "show_x_guides": False,
    "show_y_guides": True,
    "truncate_legend": -1,
    "print_values": False,
    "truncate_label": -1,
    "max_scale": 8,
}


@dataclass(frozen=True)
class Chart:
    """An SVG chart with everything needed to present it accessibly."""

    svg: Markup
    title: str
    description: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _key(args: tuple) -> bytes | tuple:
    """Chart arguments as one key: their JSON, as GraphQL results are JSON values (one list
    page builds twenty keys per view, and orjson writes them in microseconds); anything JSON
    cannot hold as `_frozen` copies it."""
    try:
        return orjson.dumps(args, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return _frozen(args)


def _frozen(value):
    """A hashable copy of chart arguments (lists of dicts from GraphQL results)."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _remembered(draw: Callable[..., Chart]) -> Callable[..., Chart]:
    """Keep the most recent charts by their arguments; the same data draws the same chart."""
    cache: dict[bytes | tuple, Chart] = {}
    limit = 2048

    @functools.wraps(draw)
    def remembered(*args) -> Chart:
        key = _key(args)
        found = cache.get(key)
        if found is None:
            found = draw(*args)
            if len(cache) >= limit:
                cache.pop(next(iter(cache)))  # the oldest entry
            cache[key] = found
        return found

    return remembered


def number(value: float | None, unit: str = "") -> str:
    """A value as people read it: no trailing zeros, the unit after a space (but 5%)."""
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def parse_time(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def chart_id(kind: str, key: str) -> str:
    """A stable, HTML-safe id for one chart on a page."""
    return f"chart-{kind}-" + re.sub(r"[^A-Za-z0-9_-]", "", key)[:60]


def _finish(
    chart,
    kind: str,
    key: str,
    title: str,
    description: str,
    series_classes: tuple[str, ...] = (),
    **options,
) -> Markup:
    """Render the chart, strip what may not be inlined, and add the accessible name.

    `series_classes` names each series, in the order added, for charts.css (pygal numbers
    them only, and a number moves when an earlier series is left out)."""
    chart.uuid = chart_id(kind, key).removeprefix("chart-")
    root = chart.render_tree(**options)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in ("script", "defs", ET.Comment, ET.ProcessingInstruction) or (
                "tooltip-overlay" in child.get("class", "")  # shown only by pygal's script
            ):
                parent.remove(child)  # defs holds only pygal's <style> and scripts
                continue
            for name, value in list(child.attrib.items()):
                # Nothing that runs or fetches (event handlers, links out of the chart), and no
                # inline style.
                if (
                    name.lower().startswith("on")
                    or ("href" in name and value[:1] != "#")
                    or name == "style"
                ):
                    del child.attrib[name]
    root.set("class", f"{root.get('class')} chart-{kind}")
    for group in root.iter("g"):
        classes = group.get("class", "").split()
        if "series" in classes:
            number = int(next(c for c in classes if c.startswith("serie-"))[len("serie-") :])
            if number < len(series_classes):
                group.set("class", f"{group.get('class')} {series_classes[number]}")
    for old_title in root.findall("title"):
        root.remove(old_title)
    svg_id = root.attrib["id"]
    for node in root.iter():  # the legend's ids, unique on a page with several charts
        if node is not root and "id" in node.attrib:
            node.set("id", f"{svg_id}-{node.attrib['id']}")
    title_node = ET.Element("title", id=f"{svg_id}-title")
    title_node.text = title
    desc_node = ET.Element("desc", id=f"{svg_id}-desc")
    desc_node.text = description
    root.insert(0, desc_node)
    root.insert(0, title_node)
    root.set("role", "img")
    root.set("aria-labelledby", f"{svg_id}-title")
    root.set("aria-describedby", f"{svg_id}-desc")
    root.set("focusable", "false")
    return Markup(ET.tostring(root, encoding="unicode", short_empty_elements=True))


def _span(times: list[datetime]) -> tuple[datetime, datetime]:
    """The x range of the reference lines: the measurements' span (a day wide at least)."""
    start, end = min(times), max(times)
    return (start, end) if end > start else (start - timedelta(hours=12), end + timedelta(hours=12))


@_remembered
def metric_chart(
    key: str,
    name: str,
    unit: str,
    measurements: list[dict],
    baseline: float | None,
    target: float | None,
) -> Chart:
    """A metric's values over time, with its baseline and target as horizontal lines.

    `measurements` are dicts with `takenAt` and `value`, in any order."""
    points = sorted((parse_time(m["takenAt"]), float(m["value"])) for m in measurements)
    title = f"{name} over time"
    references = []
    if baseline is not None:
        references.append(f"baseline {number(baseline, unit)}")
    if target is not None:
        references.append(f"target {number(target, unit)}")
    if points:
        description = (
            f"{len(points)} measurement{'s' if len(points) != 1 else ''} from "
            f"{_day(points[0][0])} to {_day(points[-1][0])}; latest "
            f"{number(points[-1][1], unit)}"
        )
    else:
        description = "No measurement yet"
    if references:
        description += "; " + " and ".join(references) + " drawn as horizontal lines"
    description += "."
    chart = pygal.DateTimeLine(
        **COMMON,
        title=title,
        width=800,
        height=360,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        x_label_rotation=0,
        # at most six dates under the axis: ten-character dates need about 100 px each
        x_labels_major_count=6,
        show_minor_x_labels=False,
        x_value_formatter=_day,
        value_formatter=lambda value: number(value, unit),
        dots_size=3,
        no_data_text="No measurement yet",
    )
    series = ["measured"]
    if points:
        chart.add(name, points)
        start, end = _span([when for when, _ in points])
        if baseline is not None:
            series.append("baseline")
            chart.add(  # dashed in charts.css
                f"Baseline {number(baseline, unit)}",
                [(start, baseline), (end, baseline)],
                show_dots=False,
            )
        if target is not None:
            series.append("target")
            chart.add(  # dotted in charts.css
                f"Target {number(target, unit)}",
                [(start, target), (end, target)],
                show_dots=False,
            )
    rows = tuple((_day(when), number(value, unit)) for when, value in points)
    svg = _finish(chart, "metric", key, title, description, tuple(series))
    return Chart(svg, title, description, ("Taken", f"Value{f' ({unit})' if unit else ''}"), rows)


@_remembered
def sparkline(key: str, name: str, unit: str, measurements: list[dict]) -> Chart:
    """A small line of the latest values, for a row of a list."""
    points = sorted((parse_time(m["takenAt"]), float(m["value"])) for m in measurements)
    title = f"Recent values of {name}"
    if points:
        values = [value for _, value in points]
        description = (
            f"The last {len(points)} value{'s' if len(points) != 1 else ''}, from "
            f"{number(values[0], unit)} to {number(values[-1], unit)} "
            f"(lowest {number(min(values), unit)}, highest {number(max(values), unit)})."
        )
    else:
        description = "No measurement yet."
    chart = pygal.Line(**COMMON, title=None, show_legend=False, interpolate=None)
    chart.add(name, [value for _, value in points])
    svg = _finish(
        chart,
        "spark",
        key,
        title,
        description,
        width=160,
        height=40,
        show_dots=False,
        show_x_labels=False,
        show_y_labels=False,
        show_y_guides=False,
        spacing=0,
        margin=4,
        explicit_size=True,
        no_data_text="",
    )
    rows = tuple((_day(when), number(value, unit)) for when, value in points)
    return Chart(svg, title, description, ("Taken", "Value"), rows)


@_remembered
def status_update_chart(key: str, title: str, updates: list[dict]) -> Chart:
    """An initiative's status updates over time: percent complete as a line, and the health
    each update reported as a marked point in its own labelled series.

    `updates` are dicts with `postedAt`, `percentComplete` and `health`."""
    points = sorted(
        (parse_time(u["postedAt"]), int(u["percentComplete"]), u["health"]) for u in updates
    )
    chart_title = f"Progress of {title}"
    if points:
        last = points[-1]
        description = (
            f"{len(points)} status update{'s' if len(points) != 1 else ''} from "
            f"{_day(points[0][0])} to {_day(last[0])}; latest {last[1]}% complete, "
            f"{HEALTHS[last[2]].lower()}."
        )
    else:
        description = "No status update yet."
    chart = pygal.DateTimeLine(
        **COMMON,
        title=chart_title,
        width=520,
        height=320,
        range=(0, 100),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        x_labels_major_count=4,
        show_minor_x_labels=False,
        x_value_formatter=_day,
        value_formatter=lambda value: f"{value:.0f}%",
        no_data_text="No status update yet",
    )
    if points:
        chart.add("Percent complete", [(when, pct) for when, pct, _ in points], show_dots=False)
        for health, label in HEALTHS.items():  # each coloured in charts.css
            marked = [(when, pct) for when, pct, state in points if state == health]
            chart.add(label, marked or [None], stroke=False, dots_size=6)
    rows = tuple((_day(when), f"{pct}%", HEALTHS[health]) for when, pct, health in points)
    svg = _finish(chart, "progress", key, chart_title, description)
    return Chart(svg, chart_title, description, ("Posted", "Percent complete", "Health"), rows)


TENSIONS = {
    "INTERNAL_EXTERNAL": "Internal ↔ external",
    "STABILITY_RESPONSIVENESS": "Stability ↔ responsiveness",
    "QUALITY_COST": "Quality ↔ cost",
    "REACTIVE_PROACTIVE": "Reactive ↔ proactive",
}
BALANCED_BAND = 1  # a score within ±1 counts as balanced on the chart


@_remembered
def balance_chart(key: str, scope: str, assessments: list[dict]) -> Chart:
    """The four tensions' scores over time, one line each, -3 to +3, with the balanced band
    (±1) shaded.

    `assessments` are dicts with `assessedOn` and the four scores by their API names."""
    fields = {
        "INTERNAL_EXTERNAL": "internalExternal",
        "STABILITY_RESPONSIVENESS": "stabilityResponsiveness",
        "QUALITY_COST": "qualityCost",
        "REACTIVE_PROACTIVE": "reactiveProactive",
    }
    points = sorted(
        (datetime.fromisoformat(a["assessedOn"]), {t: int(a[f]) for t, f in fields.items()})
        for a in assessments
    )
    title = f"Balance of {scope} over time"
    if points:
        latest = points[-1][1]
        leaning = ", ".join(f"{TENSIONS[t].lower()} {latest[t]:+d}" for t in TENSIONS)
        description = (
            f"{len(points)} assessment{'s' if len(points) != 1 else ''} from "
            f"{_day(points[0][0])} to {_day(points[-1][0])}, each tension from -3 (toward its "
            f"first pole) to +3 (toward its second), the balanced band from -{BALANCED_BAND} "
            f"to +{BALANCED_BAND} shaded; latest: {leaning}."
        )
    else:
        description = "No assessment yet."
    chart = pygal.DateTimeLine(
        **COMMON,
        title=title,
        width=800,
        height=380,
        range=(-3, 3),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        x_value_formatter=_day,
        value_formatter=lambda value: f"{value:+.0f}",
        y_labels=[-3, -2, -1, 0, 1, 2, 3],
        dots_size=4,
        no_data_text="No assessment yet",
    )
    series = []
    if points:
        start, end = _span([when for when, _ in points])
        for bound, label in ((BALANCED_BAND, "Balanced band"), (-BALANCED_BAND, None)):
            chart.add(label, [(start, bound), (end, bound)], fill=True, show_dots=False)
            series.append("band")
        for tension, label in TENSIONS.items():
            chart.add(label, [(when, scores[tension]) for when, scores in points])
            series.append(f"tension-{tension.lower().replace('_', '-')}")
    rows = tuple((_day(when), *(f"{scores[t]:+d}" for t in TENSIONS)) for when, scores in points)
    svg = _finish(chart, "balance", key, title, description, tuple(series))
    return Chart(svg, title, description, ("Assessed", *TENSIONS.values()), rows)
