"""The server-drawn charts: the data drawn, baseline and target lines, the accessible name and
description, nothing that runs or loads from elsewhere, and the same output every time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from server.settings import PROJECT_ROOT
from server.web.core import charts

NS = {"svg": "http://www.w3.org/2000/svg"}
MEASUREMENTS = [
    {"takenAt": "2026-03-01T00:00:00Z", "value": 5.0},
    {"takenAt": "2026-01-01T00:00:00Z", "value": 7.0},
    {"takenAt": "2026-02-01T00:00:00+00:00", "value": 6.5},
]
UPDATES = [
    {"postedAt": "2026-01-10T08:00:00Z", "percentComplete": 10, "health": "ON_TRACK"},
    {"postedAt": "2026-02-10T08:00:00Z", "percentComplete": 35, "health": "AT_RISK"},
    {"postedAt": "2026-03-10T08:00:00Z", "percentComplete": 40, "health": "OFF_TRACK"},
]


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


def values(root: ET.Element) -> list[str]:
    return [d.text for d in root.iterfind(".//svg:desc[@class='value']", NS)]


def series_paths(root: ET.Element) -> list[str]:
    """The drawn line of each series, in the order they were added."""
    return [
        path.get("d")
        for group in root.iter("{http://www.w3.org/2000/svg}g")
        if group.get("class", "").startswith("series ")
        for path in group.findall("svg:path", NS)
    ]


def points(path: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", path)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def assert_safe_and_named(root: ET.Element, title: str) -> None:
    text = ET.tostring(root, encoding="unicode")
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == title
    assert root.find("svg:desc", NS).text
    assert root.get("aria-labelledby") == root.find("svg:title", NS).get("id")
    assert root.get("aria-describedby") == root.find("svg:desc", NS).get("id")
    assert root[0].tag.endswith("title")  # the accessible name comes first
    assert root.find(".//svg:script", NS) is None and "<script" not in text
    links = re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<)]*", text)
    assert links == ["http://www.w3.org/2000/svg"], links  # the namespace, nothing to fetch
    assert "href" not in text and "@import" not in text and "url(" not in text
    assert "<!--" not in text  # no comments (pygal's carry the date of rendering)
    # no inline style, which the content security policy refuses: static/css/charts.css draws it
    assert "<style" not in text and "style=" not in text
    assert "pygal-chart" in root.get("class").split()


def test_a_metric_chart_draws_every_value_with_baseline_and_target_lines():
    chart = charts.metric_chart("TWV0cmljOjE=", "Mean time to restore", "h", MEASUREMENTS, 7.2, 4)
    root = parse(chart)
    assert_safe_and_named(root, "Mean time to restore over time")
    assert values(root) == ["2026-01-01: 7 h", "2026-02-01: 6.5 h", "2026-03-01: 5 h"]
    legend = [t.text for t in root.iterfind(".//svg:g[@class='legends']//svg:text", NS)]
    assert legend == ["Mean time to restore", "Baseline 7.2 h", "Target 4 h"]
    measured, baseline, target = (points(path) for path in series_paths(root))
    assert len(measured) == 3
    (start, base_y), (end, base_y2) = baseline
    (_, target_y), (_, target_y2) = target
    assert base_y == base_y2 and target_y == target_y2  # horizontal lines
    assert start == measured[0][0] and end == measured[-1][0]  # across the measured span
    assert target_y > base_y  # the target (4 h) is drawn below the baseline (7.2 h)
    assert measured[0][1] < measured[1][1] < measured[2][1]  # 7, 6.5, 5 going down
    assert "3 measurements from 2026-01-01 to 2026-03-01; latest 5 h" in chart.description
    assert chart.rows == (("2026-01-01", "7 h"), ("2026-02-01", "6.5 h"), ("2026-03-01", "5 h"))


def test_charts_are_the_same_every_time_and_ids_come_from_the_key():
    draw = charts.metric_chart.__wrapped__  # drawn twice, not remembered
    first = draw("a", "Availability", "%", MEASUREMENTS, 99.5, 99.9)
    again = draw("a", "Availability", "%", MEASUREMENTS, 99.5, 99.9)
    assert first.svg == again.svg and first is not again
    other = charts.metric_chart("b", "Availability", "%", MEASUREMENTS, 99.5, 99.9)
    assert parse(first).get("id") == "chart-metric-a" and parse(other).get("id") == "chart-metric-b"
    ids = [node.get("id") for node in parse(first).iter() if node.get("id")]
    assert all(i.startswith("chart-metric-a") for i in ids) and len(ids) == len(set(ids))


def test_a_chart_is_drawn_once_for_the_same_data_and_again_when_it_changes():
    first = charts.sparkline("s9", "Change success rate", "%", MEASUREMENTS)
    assert charts.sparkline("s9", "Change success rate", "%", list(MEASUREMENTS)) is first
    newer = [*MEASUREMENTS, {"takenAt": "2026-04-01T00:00:00Z", "value": 4}]
    redrawn = charts.sparkline("s9", "Change success rate", "%", newer)
    assert redrawn is not first and len(redrawn.rows) == len(first.rows) + 1


def test_a_metric_without_measurements_says_so():
    chart = charts.metric_chart("c", "Wi-Fi complaints", "", [], 40, 10)
    assert_safe_and_named(parse(chart), "Wi-Fi complaints over time")
    assert chart.description.startswith("No measurement yet")
    assert chart.rows == ()


def test_a_sparkline_is_small_safe_and_described():
    chart = charts.sparkline("s1", "Change success rate", "%", MEASUREMENTS)
    root = parse(chart)
    assert_safe_and_named(root, "Recent values of Change success rate")
    assert root.get("width") == "160" and root.get("height") == "40"
    (line,) = series_paths(root)
    assert len(points(line)) == 3
    assert "<table" not in str(chart.svg) and chart.rows[-1] == ("2026-03-01", "5%")
    assert chart.description == "The last 3 values, from 7% to 5% (lowest 5%, highest 7%)."


def test_the_progress_chart_draws_percent_complete_and_health_per_update():
    chart = charts.status_update_chart("i1", "Portal", UPDATES)
    root = parse(chart)
    assert_safe_and_named(root, "Progress of Portal")
    legend = [t.text for t in root.iterfind(".//svg:g[@class='legends']//svg:text", NS)]
    assert legend == ["Percent complete", "On track", "At risk", "Off track"]
    dots = values(root)
    assert "2026-01-10: 10%" in dots and "2026-02-10: 35%" in dots and "2026-03-10: 40%" in dots
    assert chart.rows == (
        ("2026-01-10", "10%", "On track"),
        ("2026-02-10", "35%", "At risk"),
        ("2026-03-10", "40%", "Off track"),
    )
    assert "latest 40% complete, off track" in chart.description


def test_a_name_with_markup_is_escaped_in_the_svg():
    chart = charts.metric_chart("x", "<script>alert(1)</script>", "", MEASUREMENTS, None, None)
    assert "<script>" not in str(chart.svg)
    assert parse(chart).find("svg:title", NS).text == "<script>alert(1)</script> over time"


def series_classes(root: ET.Element) -> list[list[str]]:
    return [
        group.get("class").split()[3:]
        for group in root.find(".//svg:g[@class='plot']", NS).iterfind("svg:g", NS)
        if group.get("class", "").startswith("series ")
    ]


def test_a_charts_kind_and_its_lines_are_named_for_the_shared_stylesheet():
    both = parse(charts.metric_chart("n1", "Mean time to restore", "h", MEASUREMENTS, 7.2, 4))
    assert "chart-metric" in both.get("class").split()
    assert series_classes(both) == [["measured"], ["baseline"], ["target"]]
    # without a baseline the target is the second line drawn, and still dotted as a target
    target_only = charts.metric_chart("n2", "Mean time to restore", "h", MEASUREMENTS, None, 4)
    assert series_classes(parse(target_only)) == [["measured"], ["target"]]
    spark = parse(charts.sparkline("n3", "Change success rate", "%", MEASUREMENTS))
    assert "chart-spark" in spark.get("class").split()
    progress = parse(charts.status_update_chart("n4", "Portal", UPDATES))
    assert "chart-progress" in progress.get("class").split()
    css = (PROJECT_ROOT / "static" / "css" / "charts.css").read_text(encoding="utf-8")
    for selector in ("svg.chart-metric .series.baseline", "svg.chart-metric .series.target"):
        assert selector in css


def test_the_dates_under_a_metric_chart_never_run_together():
    """Two years of monthly values: a handful of dates, each with room for its ten characters
    (12 px text: about 70 px), none hidden behind another."""
    from datetime import UTC, datetime, timedelta
    from itertools import pairwise

    start = datetime(2025, 1, 1, tzinfo=UTC)
    values = [
        {"takenAt": (start + timedelta(days=30 * n)).isoformat(), "value": n} for n in range(24)
    ]
    chart = charts.metric_chart("spacing", "Thing", "%", values, 1.0, 5.0)
    dates = [
        (float(x), text)
        for x, text in re.findall(
            r'<text x="([\d.]+)"[^>]*>(\d{4}-\d\d-\d\d)</text>', str(chart.svg)
        )
    ]
    assert 3 <= len(dates) <= 6
    gaps = [b[0] - a[0] for a, b in pairwise(dates)]
    assert min(gaps) > 90, dates
