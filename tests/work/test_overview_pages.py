"""My work, the plans, and the services and processes pages, driven through the app."""

from __future__ import annotations

import csv
import io
import re

import pytest

from schema.core.ids import to_global_id
from server.demo import content
from tests.support.pages import HTML, save_view

EMAIL = to_global_id("Service", 1)
INCIDENT = to_global_id("Process", 1)
SECURITY_PROCESS = to_global_id("Process", 5)
E_MAIL_PLAN = to_global_id("Plan", 2)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def section(html: str, heading_id: str) -> str:
    """The text of one My work section, from its heading to the next section."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return text(html[start : end if end != -1 else len(html)])


def test_my_work_shows_the_approvals_of_the_plans_whose_role_the_viewer_holds(signed_in):
    page = signed_in("priya").get("/")
    assert page.status_code == 200
    assert "<h1>My work</h1>" in page.text
    approvals = section(page.text, "to-approve")
    assert "Shorten mailbox provisioning to one hour" in approvals
    assert "Guest access for partners" in approvals
    assert "Outsource printing services" not in approvals  # strategic: steering committee
    assert "2 waiting" in approvals


def test_the_steering_committee_decides_budgets_and_approves_strategic_work(signed_in):
    page = signed_in("margaret").get("/")
    approvals = section(page.text, "to-approve")
    assert "Outsource printing services" in approvals
    assert "Shorten mailbox provisioning" not in approvals
    budgets = section(page.text, "budget-requests")
    assert "Offer a 24x7 service desk" in budgets and "€350,000.00" in budgets
    assert "5 waiting" in budgets


def test_an_empty_section_says_so_plainly(signed_in):
    page = signed_in("nora").get("/")
    assert "Nothing awaits your approval." in page.text
    assert "No budget request awaits your decision." in page.text
    assert "Every initiative of yours has a recent status update." in page.text
    assert "No measurement is due on the metrics you own." in page.text


def test_own_initiatives_without_recent_updates_and_metrics_due_are_listed(signed_in):
    page_client = signed_in("priya")
    page = page_client.get("/")
    stale = section(page.text, "without-update")
    assert "Upgrade the mail routing cluster" in stale and "last update" in stale
    due = section(page.text, "measurements-due")
    assert "E-mail availability" in due and "last measured" in due
    # the metric itself, where the measurement is recorded, with the form open and "now" given
    link = re.search(r'<a href="(/metrics/[^"]+)">E-mail availability</a>', page.text).group(1)
    assert link.endswith("?record=1#measurements")
    metric = page_client.get(link.split("#")[0]).text
    assert re.search(r'<details open class="record-measurement">', metric)
    taken = re.search(r'name="takenAt" type="datetime-local" required value="([^"]*)"', metric)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", taken.group(1))


def test_the_plans_page_has_a_card_per_visible_plan_with_counts_budgets_and_health(signed_in):
    page = signed_in("nora").get("/plans")
    assert page.status_code == 200
    names = re.findall(r'<h2 class="plan-name"><a href="[^"]+">([^<]+)</a></h2>', page.text)
    visible = {p[2] for p in content.PLANS if p[0] != "security"}
    assert {name.replace("&amp;", "&") for name in names} == visible
    card = text(page.text.split(f'href="/plans/{E_MAIL_PLAN}"')[1].split("</article>")[0])
    assert "€85,000 requested, €85,000 approved" in card
    assert "On track 1" in card and "At risk 1" in card
    assert "Service owner" in card and "E-mail" in card


def test_the_services_page_lists_services_with_owner_and_plan(signed_in):
    page = signed_in("nora").get("/services")
    assert page.status_code == 200
    body = text(page.text)
    assert f"{len(content.SERVICES)} services in the portfolio" in body
    assert "Legacy Fax Gateway" in body and "Retired" in body
    assert f'href="/services/{EMAIL}"' in page.text


def test_a_service_page_shows_offerings_owner_holders_and_plan_in_brief(signed_in):
    page = signed_in("nora").get(f"/services/{EMAIL}")
    assert page.status_code == 200
    body = text(page.text)
    assert "<h1>E-mail</h1>" in page.text and "Owned by Priya Raman" in body
    assert "Shared mailbox set-up" in body and "Service action" in body
    assert "Priya Raman Service owner" in body
    assert f'href="/plans/{E_MAIL_PLAN}"' in page.text
    assert "Upgrade the mail routing cluster" in body


def test_a_process_page_shows_its_holders_and_plan(signed_in):
    client = signed_in("nora")
    page = client.get(f"/processes/{INCIDENT}")
    assert page.status_code == 200
    body = text(page.text)
    assert "Carlos Mendes Process owner" in body
    assert "Hana Sato Process manager" in body and "Ben Carter Process practitioner" in body
    assert "Incident Management improvement plan" in body
    listing = text(client.get("/processes").text)
    assert "Incident Management" in listing and "Service Continuity Management" in listing


def test_a_process_without_a_plan_says_so(signed_in):
    body = text(signed_in("nora").get(f"/processes/{SECURITY_PROCESS}").text)
    assert "No improvement plan you can see." in body


@pytest.mark.parametrize(
    "path",
    ["/services/not-an-id", f"/services/{INCIDENT}", "/processes/" + to_global_id("Process", 999)],
)
def test_unknown_or_mistyped_ids_are_not_found(signed_in, path):
    response = signed_in("nora").get(path, headers={"accept": "text/html"})
    assert response.status_code == 404 and "Page not found" in response.text


@pytest.mark.parametrize("path", ["/", "/plans", "/services", f"/services/{EMAIL}", "/processes"])
def test_strangers_are_sent_to_sign_in(demo_client, path):
    response = demo_client.get(path)
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")


def test_the_navigation_links_every_area_and_marks_the_current_one(signed_in):
    page = signed_in("nora").get("/services")
    for href, name in [("/", "My work"), ("/plans", "Plans"), ("/processes", "Processes")]:
        assert f'<a href="{href}">{name}</a>' in page.text
    assert '<a href="/services" aria-current="page">Services</a>' in page.text


def test_the_services_page_narrows_to_one_lifecycle_state(signed_in):
    client = signed_in("nora")
    page = client.get("/services?lifecycle=PIPELINE")
    names = re.findall(r'<h2 class="plan-name"><a href="[^"]+">([^<]+)</a></h2>', page.text)
    assert names == ["Self-Service Portal"]
    assert "1 service in the pipeline." in text(page.text)
    assert 'href="/services?lifecycle=PIPELINE" aria-current="page"' in page.text
    every = client.get("/services?lifecycle=NONSENSE")
    assert f"{len(content.SERVICES)} services in the portfolio" in text(every.text)


def cards(html: str) -> list[str]:
    found = re.findall(r'<h2 class="plan-name"><a href="[^"]+">([^<]+)</a></h2>', html)
    return [name.replace("&amp;", "&") for name in found]


def exported(client, url: str) -> list[str]:
    return [row[0] for row in list(csv.reader(io.StringIO(client.get(url).text)))[1:]]


def test_the_services_sort_by_the_choice_and_the_lifecycle_search_export_and_views_keep_it(
    signed_in,
):
    client = signed_in("nora")
    by_name = cards(client.get("/services").text)
    assert by_name == sorted(by_name, key=str.casefold)
    page = client.get("/services?sort=offerings", headers=HTML).text
    assert '<option value="offerings" selected>Most offerings first</option>' in page
    counts = [int(n) for n in re.findall(r"<dt>Offerings</dt><dd>(\d+)</dd>", page)]
    assert len(counts) == len(by_name) and counts == sorted(counts, reverse=True)
    assert sorted(cards(page)) == sorted(by_name)
    assert 'href="/services?lifecycle=LIVE&amp;sort=offerings"' in page  # the switch keeps it
    live = client.get("/services?lifecycle=LIVE&sort=lifecycle&q=e").text
    assert '<input type="hidden" name="lifecycle" value="LIVE">' in live
    assert '<option value="lifecycle" selected>Lifecycle</option>' in live
    by_lifecycle = cards(client.get("/services?sort=lifecycle").text)
    assert by_lifecycle.index("Self-Service Portal") < by_lifecycle.index("Legacy Fax Gateway")
    query = "lifecycle=LIVE&sort=offerings"
    assert exported(client, f"/services?{query}&format=csv") == cards(
        client.get(f"/services?{query}").text
    )
    link = save_view(client, "/services", query, "Live, most offerings first")
    assert cards(client.get(link).text) == cards(client.get(f"/services?{query}").text)
    assert cards(client.get("/services?sort=nonsense").text) == by_name


def test_the_processes_sort_by_the_choice_and_keep_it_in_search_export_and_views(signed_in):
    client = signed_in("nora")
    by_name = cards(client.get("/processes").text)
    assert by_name == sorted(by_name, key=str.casefold)
    page = client.get("/processes?sort=holders", headers=HTML).text
    assert '<option value="holders" selected>Most role holders first</option>' in page
    counts = [int(n) for n in re.findall(r"<dt>Role holders</dt><dd>(\d+)</dd>", page)]
    assert len(counts) == len(by_name) and counts == sorted(counts, reverse=True)
    query = "q=management&sort=holders"
    shown = cards(client.get(f"/processes?{query}").text)
    assert shown and shown == [name for name in cards(page) if name in shown]
    assert exported(client, f"/processes?{query}&format=csv") == shown
    link = save_view(client, "/processes", query, "Busiest processes")
    assert cards(client.get(link).text) == shown
