"""The objectives pages and the gap analysis page: the tree with statuses in words, the coverage
lists, and forms only for the steering committee and administrators."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from tests.support.demo import metric_id, objective_id
from tests.support.pages import csrf, save_view

SLA_GOALS = "Agree service levels with the business"
MTTR = "Mean time to restore under 4 hours"


def test_the_tree_nests_goals_with_metric_statuses_and_initiatives(signed_in):
    page = signed_in("nora").get("/objectives")
    assert page.status_code == 200
    html = page.text
    assert '<a href="/objectives" aria-current="page">Objectives</a>' in html
    assert '<a href="/gaps">Gaps</a>' in html
    vision = html.index("Be the IT partner our colleagues would choose")
    reliable = html.index("Run reliable services people can count on")
    restore = html.index("Restore service faster after incidents")
    mttr = html.index(MTTR)
    assert vision < reliable < restore < mttr
    # nested lists: the operational goal sits inside its tactical goal's list item
    assert html.count('<ul class="objective-tree">') >= 4
    block = html[mttr : html.index("</li>", html.index("objective-initiatives", mttr))]
    assert re.search(r'class="badge rag-(red|amber|green)">(Red|Amber|Green)</span>', block)
    assert "Mean time to restore</a>:" in block and "against target 4 h" in block
    assert "Upgrade the incident resolution process" in block
    assert "Add an objective" not in html  # Nora may not keep the tree


def test_the_coverage_lists_on_the_objectives_page(signed_in):
    html = signed_in("margaret").get("/objectives").text
    nobody = html[
        html.index('id="nobody-works-on"') : html.index("</ul>", html.index('id="nobody-works-on"'))
    ]
    assert re.findall(r">([^<]+)</a>", nobody) == [
        SLA_GOALS, "Every live service has an agreed service level"
    ]  # fmt: skip
    assert "Initiatives that serve no objective (" in html
    assert 'id="serve-no-objective"' in html
    assert "Add an objective" in html


def test_the_steering_committee_adds_an_objective_and_sees_its_page(signed_in):
    client = signed_in("margaret")
    page = client.get("/objectives")
    response = client.post(
        "/objectives",
        data={"csrf_token": csrf(page.text), "level": "OPERATIONAL",
              "parentId": objective_id(SLA_GOALS), "title": "Quarterly service reviews"},
    )  # fmt: skip
    assert response.status_code == 303
    detail = client.get(response.headers["location"])
    assert "<h1>Quarterly service reviews</h1>" in detail.text
    assert f'<a href="/objectives/{objective_id(SLA_GOALS)}">{SLA_GOALS}</a>' in detail.text


def test_a_bad_objective_is_refused_beside_the_field_with_the_input_kept(signed_in):
    client = signed_in("margaret")
    page = client.get("/objectives")
    response = client.post(
        "/objectives",
        data={"csrf_token": csrf(page.text), "level": "STRATEGY",
              "parentId": objective_id(SLA_GOALS), "title": "Too high"},
        headers={"accept": "text/html"},
    )  # fmt: skip
    assert response.status_code == 422
    assert (
        'id="error-level"' in response.text and "choose a level below its parent" in response.text
    )
    assert 'value="Too high"' in response.text


def test_others_are_refused_and_forms_need_the_csrf_token(signed_in):
    client = signed_in("priya")
    page = client.get("/objectives")
    refused = client.post(
        "/objectives",
        data={"csrf_token": csrf(page.text), "level": "VISION", "title": "Mine"},
        headers={"accept": "text/html"},
    )
    assert refused.status_code == 403
    no_token = client.post(
        f"/objectives/{objective_id(SLA_GOALS)}/delete", headers={"accept": "text/html"}
    )
    assert no_token.status_code == 403


def test_the_objective_dashboard_lists_metrics_initiatives_and_children(signed_in):
    client = signed_in("nora")
    page = client.get(f"/objectives/{objective_id(MTTR)}")
    assert page.status_code == 200
    html = page.text
    assert f"<h1>{MTTR}</h1>" in html
    assert '<th scope="row"><a href="/metrics/' in html and "Reopened incidents" in html
    assert re.search(r'class="badge rag-\w+">(Red|Amber|Green)</span>', html)
    assert "Monthly problem review board" in html and "In progress" in html
    assert "Nothing below it." in html
    assert "Change this objective" not in html
    missing = client.get("/objectives/not-an-id", headers={"accept": "text/html"})
    assert missing.status_code == 404


def test_deleting_a_parent_is_refused_with_the_reason_and_a_leaf_goes(signed_in):
    client = signed_in("ada")
    page = client.get(f"/objectives/{objective_id(SLA_GOALS)}")
    refused = client.post(
        f"/objectives/{objective_id(SLA_GOALS)}/delete",
        data={"csrf_token": csrf(page.text)}, headers={"accept": "text/html"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "has 1 objective below it; delete or move them first" in refused.text
    leaf = objective_id("Every live service has an agreed service level")
    gone = client.post(f"/objectives/{leaf}/delete", data={"csrf_token": csrf(page.text)})
    assert gone.status_code == 303
    assert gone.headers["location"] == f"/objectives/{objective_id(SLA_GOALS)}"


def test_linking_and_unlinking_a_metric_on_the_dashboard(signed_in):
    client = signed_in("margaret")
    goal = objective_id(SLA_GOALS)
    page = client.get(f"/objectives/{goal}")
    linked = client.post(
        f"/objectives/{goal}/link",
        data={"csrf_token": csrf(page.text), "metricId": metric_id("Caller satisfaction")},
    )
    assert linked.status_code == 303
    page = client.get(f"/objectives/{goal}")
    assert "Caller satisfaction</a></th>" in page.text
    again = client.post(
        f"/objectives/{goal}/link",
        data={"csrf_token": csrf(page.text), "metricId": metric_id("Caller satisfaction")},
        headers={"accept": "text/html"},
    )
    assert again.status_code == 422 and 'id="error-link-metricId"' in again.text
    unlinked = client.post(
        f"/objectives/{goal}/unlink",
        data={"csrf_token": csrf(page.text), "metricId": metric_id("Caller satisfaction")},
    )
    assert unlinked.status_code == 303
    assert "Caller satisfaction</a></th>" not in client.get(f"/objectives/{goal}").text


def test_the_gaps_page_lists_each_group_with_counts_and_links(signed_in):
    page = signed_in("margaret").get("/gaps")
    assert page.status_code == 200
    html = page.text
    assert "Should be measured but cannot be</a>: <strong>3</strong>" in html
    assert "Measured but serving no objective</a>: <strong>16</strong>" in html
    assert "Objectives with no metric</a>: <strong>3</strong>" in html
    cannot = html[html.index('id="should-measure-but-cannot"') :]
    cannot = cannot[: cannot.index("</table>")]
    assert re.findall(r'<th scope="row"><a href="/metrics/[^"]+">([^<]+)</a>', cannot) == [
        "Critical suppliers with an exit plan", "Employee satisfaction with IT",
        "Orphaned accounts",
    ]  # fmt: skip
    assert f'<a href="/objectives/{objective_id("Reliable Wi-Fi in every meeting room")}">' in html


class _Tree(HTMLParser):
    """The titles of the objectives tree, each level's goals in the order shown."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[list[str]] = []  # the open lists, innermost last
        self.siblings: list[list[str]] = []  # every list, once closed
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "ul" and classes == "objective-tree":
            self.levels.append([])
        elif tag == "ul" and self.levels:
            self.levels.append(None)  # a list of metrics or initiatives
        elif tag == "p" and "objective-head" in classes:
            self.in_head = True

    def handle_endtag(self, tag):
        if tag == "ul" and self.levels:
            closed = self.levels.pop()
            if closed is not None:
                self.siblings.append(closed)
        elif tag == "p":
            self.in_head = False

    def handle_data(self, data):
        level = self.levels[-1] if self.levels else None
        if self.in_head and level is not None and self.lasttag == "a" and data.strip():
            level.append(data.strip())


def tree_levels(html: str) -> list[list[str]]:
    start = html.index('<section aria-labelledby="tree-heading">')
    parser = _Tree()
    parser.feed(html[start : html.index("</section>", start)])
    return parser.siblings


def test_the_tree_sorts_each_level_by_the_choice_and_search_export_and_views_keep_it(signed_in):
    client = signed_in("nora")
    added = tree_levels(client.get("/objectives").text)
    page = client.get("/objectives?sort=title").text
    assert '<option value="title" selected>Title</option>' in page
    by_title = tree_levels(page)
    assert sorted(map(sorted, by_title)) == sorted(map(sorted, added))
    assert any(len(level) > 1 for level in by_title) and by_title != added
    for level in by_title:
        assert level in (sorted(level), sorted(level, key=str.casefold))
    rows = list(csv.reader(io.StringIO(client.get("/objectives?sort=title&format=csv").text)))
    titles = [row[0] for row in rows[1:]]
    assert titles in (sorted(titles), sorted(titles, key=str.casefold))
    query = "q=service&sort=title"
    searched = tree_levels(client.get(f"/objectives?{query}").text)
    link = save_view(client, "/objectives", query, "Service goals by title")
    assert tree_levels(client.get(link).text) == searched
    assert tree_levels(client.get("/objectives?sort=nonsense").text) == added
