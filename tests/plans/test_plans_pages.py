"""The plans page lists exactly the plans the signed-in person may see, through the schema;
the home page (My work) loads only this site's assets."""

from __future__ import annotations

import csv
import io
import re

import pytest

from server.demo import content
from server.web.core.static_files import asset
from tests.support.pages import HTML, save_view

ALL_PLANS = {name for _, _, name, _, _ in content.PLANS}
SECURITY_PLAN = "Security improvement plan"


def listed_plans(html: str) -> set[str]:
    return set(
        re.findall(
            r'<h2 class="plan-name"><a href="[^"]+">([^<]+)</a></h2>', html.replace("&amp;", "&")
        )
    )


@pytest.mark.parametrize(
    ("person", "sees_security_plan"),
    [
        ("nora", False),  # no role at all
        ("priya", False),  # a service owner
        ("carlos", False),  # a process owner
        ("omar", True),  # the security manager
        ("margaret", True),  # the steering committee
        ("ada", True),  # an administrator
    ],
)
def test_plans_page_lists_exactly_the_visible_plans(signed_in, person, sees_security_plan):
    page = signed_in(person).get("/plans")
    assert page.status_code == 200
    expected = ALL_PLANS if sees_security_plan else ALL_PLANS - {SECURITY_PLAN}
    assert listed_plans(page.text) == expected
    assert f"{len(expected)} plans you can see" in page.text


def test_the_confidential_plan_is_marked_for_those_who_see_it(signed_in):
    page = signed_in("omar").get("/plans")
    assert "Confidential" in page.text


def test_the_page_loads_vendored_htmx_and_css_only_from_this_site(signed_in):
    page = signed_in("nora").get("/")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert asset("vendor/htmx-2.0.11.min.js") in sources
    assert all(source.startswith(("/", "#")) for source in sources), sources


def test_unknown_pages_get_a_styled_404(signed_in):
    response = signed_in("nora").get("/no-such-page", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "Page not found" in response.text and "<html" in response.text


def names_in_order(html: str) -> list[str]:
    return [
        name.replace("&amp;", "&")
        for name in re.findall(r'<h2 class="plan-name"><a href="[^"]+">([^<]+)</a></h2>', html)
    ]


def test_the_plans_sort_by_the_choice_and_search_export_and_saved_views_keep_it(signed_in):
    client = signed_in("margaret")
    page = client.get("/plans").text
    assert '<option value="created" selected>Oldest first</option>' in page
    oldest = names_in_order(page)
    by_name = client.get("/plans?sort=name", headers=HTML).text
    assert '<option value="name" selected>Name</option>' in by_name
    names = names_in_order(by_name)
    assert sorted(names) == sorted(oldest) and names == sorted(names, key=str.casefold)
    by_most = client.get("/plans?sort=initiatives").text
    counts = [int(n) for n in re.findall(r"<dt>Initiatives</dt>\s*<dd>(\d+)</dd>", by_most)]
    assert len(counts) == len(oldest) and counts == sorted(counts, reverse=True)
    searched = client.get("/plans?q=improvement&sort=name").text
    assert names_in_order(searched) == [n for n in names if n in names_in_order(searched)]
    assert 'href="/plans?q=improvement&amp;sort=name&amp;format=csv"' in searched
    exported = list(csv.reader(io.StringIO(client.get(
        "/plans?q=improvement&sort=name&format=csv").text)))[1:]  # fmt: skip
    assert [row[0] for row in exported] == names_in_order(searched)
    link = save_view(client, "/plans", "q=improvement&sort=name", "Improvement plans by name")
    assert names_in_order(client.get(link).text) == names_in_order(searched)
    assert names_in_order(client.get("/plans?sort=nonsense").text) == oldest
