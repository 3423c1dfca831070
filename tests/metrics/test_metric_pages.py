"""The metrics list and a metric's dashboard: status in words, charts with their data, filters,
and the form that records a measurement by hand (through recordMeasurements)."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

from schema.core.ids import to_global_id
from server.demo import content
from tests.support.demo import MTTR_METRIC as MTTR
from tests.support.demo import metric_id, plan_id, satisfaction_metrics
from tests.support.pages import HTML, csrf, next_page, save_view, shown_when, sort_heading

SVG = "{http://www.w3.org/2000/svg}"


PHISHING = metric_id("Phishing click rate")  # in the confidential security plan


def listed(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/metrics/[^"]+">([^<]*)</a>', html)


def record(client, metric: str, **fields):
    page = client.get(f"/metrics/{metric}")
    return client.post(
        f"/metrics/{metric}/measurements",
        data={"csrf_token": csrf(page.text), **fields},
        headers={"accept": "text/html"},
    )


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(match) for match in re.findall(r"<svg .*?</svg>", html, re.S)]


def test_the_list_shows_every_visible_metric_with_status_in_words_and_a_sparkline(signed_in):
    page = signed_in("nora").get("/metrics")
    assert page.status_code == 200
    names = listed(page.text)
    assert "E-mail availability" in names and "Mean time to restore" in names
    assert "Phishing click rate" not in names  # the security plan is confidential
    assert re.search(
        r'class="badge rag-(red|amber|green|none)">(Red|Amber|Green|No status)<', page.text
    )
    sparklines = [svg for svg in svgs(page.text) if "spark" in svg.get("id")]
    assert len(sparklines) == len(names)
    assert all(
        svg.get("role") == "img" and svg.find(f"{SVG}title") is not None for svg in sparklines
    )
    assert ">Metrics</a>" in page.text  # the nav link


def test_filters_narrow_the_list_and_htmx_gets_only_the_results(signed_in):
    client = signed_in("nora")
    email_plan = plan_id("sip_email")
    page = client.get(f"/metrics?plan={email_plan}&owner=nonsense")
    expected = sorted(
        [spec[1] for spec in content.METRICS if spec[0] == "sip_email"]
        + [satisfaction_metrics()["email"]]  # kept in the service's plan
    )
    assert sorted(listed(page.text)) == expected
    assert f'value="{email_plan}" selected' in page.text
    fragment = client.get(f"/metrics?plan={email_plan}", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="results"')
    assert sorted(listed(fragment.text)) == expected


def every_page(client, url: str) -> list[str]:
    """The rows of a list, following its "Next page" links to the end."""
    html, pages = client.get(url).text, []
    while True:
        pages.append(html)
        following = re.search(r'<a href="([^"]+)" rel="next">Next page', html)
        if not following:
            return pages
        html = client.get(following.group(1).replace("&amp;", "&")).text


def statuses(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<a href="/metrics/[^"]+">([^<]*)</a>.*?class="badge rag-(\w+)"', html, re.S)
    )


def test_paging_walks_every_metric_once(signed_in):
    client = signed_in("nora")
    pages = every_page(client, "/metrics")
    names = [name for html in pages for name in listed(html)]
    total = int(re.search(r"(\d+) metrics match", pages[0]).group(1))
    assert len(pages) > 1 and len(names) == len(set(names)) == total


def test_the_status_filter_keeps_only_the_chosen_statuses(signed_in):
    client = signed_in("nora")
    everything: dict[str, str] = {}
    for html in every_page(client, "/metrics"):
        everything.update(statuses(html))
    for chosen in (["RED"], ["AMBER", "GREEN"]):
        query = "&".join(f"rag={rag}" for rag in chosen)
        pages = every_page(client, f"/metrics?{query}")
        shown = [name for html in pages for name in listed(html)]
        wanted = [rag.lower() for rag in chosen]
        assert sorted(shown) == sorted(n for n, rag in everything.items() if rag in wanted)
        assert all(f'value="{rag}" checked' in pages[0] for rag in chosen)


def test_the_metric_page_shows_facts_status_chart_and_measurements(signed_in):
    page = signed_in("nora").get(f"/metrics/{MTTR}")
    assert page.status_code == 200
    html = page.text
    for words in ("Mean time to restore", "Ticketing system", "Baseline", "7.2 h", "Target",
                  "4 h", "Amber tolerance", "Attainment", "Trend", "Carlos"):  # fmt: skip
        assert words in html, words
    assert "Upgrade the incident resolution process" in html  # the linked initiative
    assert "Mean time to restore under 4 hours" in html  # the objective
    (chart,) = [svg for svg in svgs(html) if svg.get("id", "").startswith("chart-metric-")]
    assert chart.find(f"{SVG}title").text == "Mean time to restore over time"
    assert "Baseline 7.2 h" in ET.tostring(chart, encoding="unicode")
    assert "<summary>The data of" in html and '<th scope="col">Taken</th>' in html
    assert "Record a measurement" not in html  # Nora may not record


def test_the_owner_records_a_measurement_and_sees_it(signed_in):
    client = signed_in("carlos")
    assert "Record a measurement" in client.get(f"/metrics/{MTTR}").text
    response = record(client, MTTR, value="3.5", takenAt="2031-01-05T09:30", source="Weekly report")
    assert response.status_code == 303 and response.headers["location"] == f"/metrics/{MTTR}"
    page = client.get(f"/metrics/{MTTR}").text
    assert shown_when("2031-01-05T09:30:00+00:00") in page  # 5 Jan 2031, 09:30
    assert "Weekly report" in page and "3.5 h" in page


def test_bad_input_is_shown_beside_the_fields_with_the_input_kept(signed_in):
    client = signed_in("carlos")
    bad = record(client, MTTR, value="lots", takenAt="yesterday", source="Kept note")
    assert bad.status_code == 422
    assert 'id="error-value"' in bad.text and "Enter a number" in bad.text
    assert 'id="error-takenAt"' in bad.text and "Enter a date and time" in bad.text
    assert 'value="lots"' in bad.text and 'value="Kept note"' in bad.text
    assert len(re.findall(r"\bautofocus\b", bad.text)) == 1  # on the first field at fault
    assert re.search(r'name="value"[^>]*autofocus', bad.text)
    assert record(client, MTTR, value="3", takenAt="2031-02-01").status_code == 303
    duplicate = record(client, MTTR, value="4", takenAt="2031-02-01T00:00")
    assert duplicate.status_code == 422
    assert 'id="error-takenAt"' in duplicate.text and "already has a measurement" in duplicate.text


def test_someone_who_may_not_record_is_refused_and_nothing_is_written(signed_in):
    client = signed_in("nora")
    response = record(client, MTTR, value="1", takenAt="2031-03-01")
    assert response.status_code == 403
    assert "2031-03-01" not in client.get(f"/metrics/{MTTR}").text


def test_a_hidden_or_unknown_metric_is_not_found(signed_in):
    client = signed_in("nora")
    assert client.get(f"/metrics/{PHISHING}").status_code == 404
    assert client.get("/metrics/not-an-id").status_code == 404
    assert client.get(f"/metrics/{to_global_id('Plan', 1)}").status_code == 404


def test_a_post_without_the_csrf_token_is_refused(signed_in):
    response = signed_in("carlos").post(
        f"/metrics/{MTTR}/measurements", data={"value": "1", "takenAt": "2031-04-01"}
    )
    assert response.status_code == 403


def test_the_corrective_action_button_shows_only_for_amber_or_red(signed_in):
    client = signed_in("nora")
    for name in ("E-mail availability", "Mean time to restore", "Change success rate"):
        html = client.get(f"/metrics/{metric_id(name)}").text
        rag = re.search(r'<hgroup>.*?class="badge rag-(\w+)"', html, re.S).group(1)
        assert ("Raise a corrective action" in html) == (rag in ("amber", "red")), name


def test_signed_out_visitors_are_sent_to_sign_in(demo_client):
    assert demo_client.get("/metrics").status_code in (302, 303)
    assert demo_client.get(f"/metrics/{MTTR}").status_code in (302, 303)


def test_the_plan_page_shows_its_metrics_panel(signed_in):
    html = signed_in("nora").get(f"/plans/{plan_id('sip_email')}").text
    assert "Metrics of this plan" in html and 'aria-label="Metrics by status"' in html
    assert "E-mail availability" in html
    assert any("spark" in svg.get("id") for svg in svgs(html))


def test_the_initiative_page_charts_its_status_updates(signed_in):
    from tests.support.demo import demo_id

    html = signed_in("nora").get(f"/initiatives/{demo_id('Introduce a self-service portal')}").text
    charts = [svg for svg in svgs(html) if svg.get("id", "").startswith("chart-progress-")]
    assert len(charts) == 1
    assert charts[0].find(f"{SVG}title").text.startswith("Progress of")
    assert '<th scope="col">Health</th>' in html


def test_recording_to_a_hidden_metric_is_not_found_and_bad_cursors_are_handled(signed_in):
    client = signed_in("nora")
    token = csrf(client.get(f"/metrics/{MTTR}").text)
    response = client.post(
        f"/metrics/{PHISHING}/measurements",
        data={"csrf_token": token, "value": "1", "takenAt": "2031-01-01"},
        headers={"accept": "text/html"},
    )
    assert response.status_code == 404
    first_page = client.get("/metrics?after=garbage")  # dropped like any unknown value
    assert first_page.status_code == 200 and "First page" not in first_page.text
    assert client.get(f"/metrics/{MTTR}?before=garbage").status_code == 400


def test_the_measurements_table_pages_from_the_newest_to_the_oldest(signed_in):
    client = signed_in("nora")

    def taken(html: str) -> list[str]:
        return re.findall(r'<th scope="row"><time datetime="([^"]+)"', html)

    first = client.get(f"/metrics/{MTTR}").text
    total = int(re.search(r"(\d+) measurements, newest first", first).group(1))
    assert total > 20 and len(taken(first)) == 20
    assert taken(first) == sorted(taken(first), reverse=True)
    older = re.search(r'href="([^"]+)" rel="next">Older measurements', first).group(1)
    second = client.get(older.replace("&amp;", "&")).text
    assert len(taken(second)) == total - 20 and max(taken(second)) < min(taken(first))
    assert "Newest measurements" in second and "Older measurements" not in second


def test_a_metrics_view_is_saved_and_shown_on_the_list(signed_in):
    client = signed_in("nora")
    page = client.get("/metrics?rag=RED", headers=HTML).text
    assert "Saved views:" in page
    saved = client.post(
        "/views",
        data={"csrf_token": csrf(page), "path": "/metrics", "name": "Off target",
              "query": "rag=RED"},
        headers=HTML,
    )  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == "/metrics?rag=RED"
    shown = client.get("/metrics?rag=RED", headers=HTML).text
    assert '<a href="/metrics?rag=RED" aria-current="true">Off target</a>' in shown


def names_from(client, url: str) -> list[str]:
    """The metrics of every page of the list from `url` on; each "Next page" keeps the sort."""
    pages = every_page(client, url)
    for page in pages[:-1]:
        assert ("dir=desc" in next_page(page)) == ("dir=desc" in url)
    return [name for page in pages for name in listed(page)]


def test_the_list_sorts_by_its_heading_and_its_pages_and_export_keep_the_order(signed_in):
    client = signed_in("nora")
    page = client.get("/metrics", headers=HTML).text
    state, link = sort_heading(page, "Metric")
    assert state == "ascending" and link == "/metrics?dir=desc"
    ascending = names_from(client, "/metrics")
    descending = client.get(link, headers=HTML).text
    assert sort_heading(descending, "Metric") == ("descending", "/metrics?")
    assert 'name="dir" value="desc"' in descending  # the filters keep it
    assert next_page(descending) is not None and "dir=desc" in next_page(descending)
    assert names_from(client, link) == list(reversed(ascending)) and len(ascending) > 25
    exported = list(csv.reader(io.StringIO(client.get(f"{link}&format=csv").text)))[1:]
    assert [row[0] for row in exported] == list(reversed(ascending))
    red = names_from(client, "/metrics?rag=RED&rag=AMBER&dir=desc")
    assert red and red == [name for name in reversed(ascending) if name in red]


def test_the_status_heading_sorts_the_worst_first_on_every_page_and_in_the_export(signed_in):
    client = signed_in("nora")
    state, link = sort_heading(client.get("/metrics", headers=HTML).text, "Status")
    assert state == "none" and link == "/metrics?sort=status"
    shown = names_from(client, link)
    exported = list(csv.reader(io.StringIO(client.get(f"{link}&format=csv").text)))[1:]
    assert [row[0] for row in exported] == shown
    rank = {"Red": 0, "Amber": 1, "Green": 2, "No status": 3}
    statuses = [rank[row[1]] for row in exported]
    assert statuses == sorted(statuses) and len(set(statuses)) >= 3
    page = client.get(link, headers=HTML).text
    assert sort_heading(page, "Status") == ("ascending", "/metrics?sort=status&dir=desc")
    assert sort_heading(page, "Metric") == ("none", "/metrics?")


def test_a_saved_view_of_the_sorted_filtered_metrics_brings_back_the_same_rows(signed_in):
    client = signed_in("nora")
    query = "rag=RED&rag=AMBER&dir=desc"
    link = save_view(client, "/metrics", query, "Off target, Z to A")
    assert link == f"/metrics?{query}"
    page = client.get(link, headers=HTML).text
    assert listed(page) == listed(client.get(f"/metrics?{query}", headers=HTML).text)
    assert sort_heading(page, "Metric")[0] == "descending"
