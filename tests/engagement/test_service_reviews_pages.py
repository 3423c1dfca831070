"""The service review pages without JavaScript: the owner opens a review from the list, notes
a finding, holds it (the metrics frozen on the record), raises the finding as a suggestion and
closes the review; errors show beside their fields; others read the record but get no forms;
the service's and the stakeholder's pages list the reviews."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta

from tests.support.demo import person_id, service_id, stakeholder_id
from tests.support.pages import (
    HTML,
    csrf,
    next_page,
    save_view,
    shown_day,
    sign_in,
    sort_heading,
    text_of,
)


def error_beside(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return match.group(1) if match else None


def day(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


def open_review(client) -> str:
    page = client.get(f"/reviews?service={service_id('email')}")
    assert "Open a review" in page.text
    opened = client.post(
        "/reviews",
        data={"csrf_token": csrf(page.text), "serviceId": service_id("email"),
              "periodStart": day(-90), "periodEnd": day(-1), "scheduledOn": day(0),
              "personIds": [person_id("priya"), person_id("sam")],
              "stakeholderIds": [stakeholder_id("Sales department")], "notes": "With Rita."},
    )  # fmt: skip
    assert opened.status_code == 303, opened.text
    return opened.headers["location"]


def test_the_owner_runs_a_review_from_draft_to_closed(signed_in):
    client = signed_in("priya")
    where = open_review(client)
    page = client.get(where)
    text = text_of(page.text)
    assert "The review is opened as a draft." in text
    assert "Priya Raman, Sam Adeyemi" in text and "Sales department" in text
    assert "frozen here when the review is marked held" in text
    token = csrf(page.text)
    blank = client.post(f"{where}/add-finding", data={"csrf_token": token, "title": " "})
    assert blank.status_code == 422
    assert error_beside(blank.text, "add-finding-title") == "must not be empty"
    noted = client.post(
        f"{where}/add-finding",
        data={"csrf_token": token, "title": "No mobile mail offering"},
    )
    assert noted.status_code == 303
    version = re.search(r'name="expectedVersion" value="(\d+)"', client.get(where).text)[1]
    future = client.post(
        f"{where}/hold", data={"csrf_token": token, "heldOn": day(5), "expectedVersion": version}
    )
    assert future.status_code == 422
    assert error_beside(future.text, "hold-heldOn") == (
        "a review is marked held on the day or after it"
    )
    held = client.post(f"{where}/hold", data={"csrf_token": token, "expectedVersion": version})
    assert held.status_code == 303
    page = client.get(where)
    text = text_of(page.text)
    assert "Held" in text and f"held on {shown_day(day(0))}" in text
    assert 'id="metric-snapshot"' in page.text and "Satisfaction in the period:" in text
    assert "The review closes once every finding has its outcome." in text
    finding = re.search(r'name="findingId" value="([^"]+)"', page.text)[1]
    undecided = client.post(f"{where}/resolve", data={"csrf_token": token, "findingId": finding})
    assert error_beside(undecided.text, f"resolve-{finding}-outcome") == (
        "choose what becomes of the finding"
    )
    reasonless = client.post(
        f"{where}/resolve",
        data={"csrf_token": token, "findingId": finding, "outcome": "NO_ACTION"},
    )
    assert error_beside(reasonless.text, f"resolve-{finding}-note") == (
        "a reason is required to note a finding with no action"
    )
    raised = client.post(
        f"{where}/resolve",
        data={"csrf_token": token, "findingId": finding, "outcome": "SUGGESTION",
              "planKind": "STRATEGIC"},
    )  # fmt: skip
    assert raised.status_code == 303
    page = client.get(where)
    assert "Suggested: " in text_of(page.text)
    closed = client.post(
        f"{where}/close",
        data={"csrf_token": token,
              "expectedVersion": re.search(r'name="expectedVersion" value="(\d+)"', page.text)[1]},
    )  # fmt: skip
    assert closed.status_code == 303
    final = client.get(where).text
    assert "The review is closed." in text_of(final) and "Run the review" not in final
    service_page = client.get(f"/services/{service_id('email')}").text
    assert f'href="{where}"' in service_page


def test_others_read_the_record_without_forms_and_the_stakeholder_lists_it(
    signed_in, app_factory, demo_url
):
    where = open_review(signed_in("priya"))
    reader = app_factory(demo_url)
    assert sign_in(reader, "nora").status_code == 303
    page = reader.get(where)
    assert page.status_code == 200
    assert "Run the review" not in page.text and "Open a review" not in reader.get("/reviews").text
    stakeholder = reader.get(f"/stakeholders/{stakeholder_id('Sales department')}").text
    assert f'href="{where}"' in stakeholder
    listed = reader.get("/reviews?status=DRAFT").text
    assert f'href="{where}"' in listed
    assert reader.get("/reviews?service=not-an-id").status_code < 500
    assert reader.get("/reviews/U2VydmljZVJldmlldzo5OTk5").status_code == 404


def test_opening_with_bad_dates_shows_the_error_beside_the_field(signed_in):
    client = signed_in("priya")
    page = client.get("/reviews")
    wrong = client.post(
        "/reviews",
        data={"csrf_token": csrf(page.text), "serviceId": service_id("email"),
              "periodStart": day(-1), "periodEnd": day(-30)},
    )  # fmt: skip
    assert wrong.status_code == 422
    assert error_beside(wrong.text, "open-periodEnd")
    missing = client.post(
        "/reviews", data={"csrf_token": csrf(page.text), "serviceId": service_id("email")}
    )
    assert error_beside(missing.text, "open-periodStart") == (
        "give the first day of the period it covers"
    )


def reviews_in(page: str) -> list[dict[str, str]]:
    """Each row's service, planned day, state and satisfaction, in order."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    found = []
    for row in body.split("<tr>")[1:]:
        satisfaction = re.search(r"<td>(\d\.\d\d)/5</td>", row)
        found.append({
            "service": html.unescape(re.search(r'<a href="/reviews/[^"]+">([^<]+)</a>', row)[1]),
            "planned": re.search(r'<time datetime="([^"]+)">', row)[1],
            "state": re.search(r'<span class="badge">([^<]+)</span>', row)[1],
            "satisfaction": satisfaction[1] if satisfaction else "",
        })  # fmt: skip
    return found


def column(page: str, name: str) -> list[str]:
    return [row[name] for row in reviews_in(page)]


def test_the_list_sorts_by_its_headings_and_paging_export_and_filters_keep_it(
    signed_in, monkeypatch
):
    from server.web.engagement import reviews

    client = signed_in("nora")
    page = client.get("/reviews", headers=HTML).text
    assert sort_heading(page, "Planned")[0] == "descending"  # the latest planned first
    planned = column(page, "planned")
    assert len(planned) > 10 and planned == sorted(planned, reverse=True)
    state, link = sort_heading(page, "Service")
    assert state == "none" and link == "/reviews?sort=service"
    by_service = client.get(link, headers=HTML).text
    assert sort_heading(by_service, "Service")[0] == "ascending"
    assert sort_heading(by_service, "Planned")[0] == "none"
    services = column(by_service, "service")
    assert services == sorted(services) and len(set(services)) > 2
    assert 'name="sort" value="service"' in by_service  # the filters keep it
    best = client.get("/reviews?sort=satisfaction", headers=HTML).text
    scores = column(best, "satisfaction")
    rated = [score for score in scores if score]
    assert rated == sorted(rated, reverse=True)
    assert scores == rated + [""] * (len(scores) - len(rated))
    assert column(client.get("/reviews?sort=state", headers=HTML).text, "state")[0] == "Draft"
    exported = list(csv.reader(io.StringIO(client.get("/reviews?sort=service&format=csv").text)))
    assert [row[0] for row in exported[1:]] == services
    assert column(client.get("/reviews?sort=held&dir=up").text, "planned") == planned

    monkeypatch.setattr(reviews, "PER_PAGE", 5)
    url, seen = "/reviews?sort=service&dir=desc", []
    while url:
        shown = client.get(url, headers=HTML).text
        assert sort_heading(shown, "Service")[0] == "descending"
        seen += column(shown, "service")
        url = next_page(shown)
        assert url is None or ("sort=service" in url and "dir=desc" in url)
    assert seen == list(reversed(services)) and len(seen) > 5


def test_a_saved_view_of_the_sorted_filtered_list_brings_back_the_same_rows(signed_in):
    client = signed_in("nora")
    query = "status=CLOSED&q=e&sort=satisfaction&dir=asc"
    link = save_view(client, "/reviews", query, "Least satisfied first")
    page = client.get(link, headers=HTML).text
    assert sort_heading(page, "Satisfaction")[0] == "ascending"
    assert reviews_in(page) == reviews_in(client.get(f"/reviews?{query}", headers=HTML).text)
    assert reviews_in(page) and {row["state"] for row in reviews_in(page)} == {"Closed"}
