"""The plans page lists exactly the plans the signed-in person may see, through the schema;
the home page (My work) loads only this site's assets."""

from __future__ import annotations

import re

import pytest

from server.demo import content
from server.web.core.static_files import asset

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
