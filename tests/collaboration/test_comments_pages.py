"""Comments on the pages without JavaScript: written on an initiative with a mention, shown
rendered with who wrote it; a refused one comes back with the text kept and the error beside
it; edited (marked edited) and deleted by its author; on every commentable page."""

from __future__ import annotations

import re

from tests.support.demo import EMAIL_METRIC, SHORTEN, person_id
from tests.support.pages import csrf, text_of

PAGE = f"/initiatives/{SHORTEN}"


def test_a_comment_is_written_edited_and_deleted_on_the_initiative_page(signed_in):
    client = signed_in("nora")
    page = client.get(PAGE)
    assert "No comment yet." in page.text
    assert f'value="{person_id("priya")}"' in page.text  # Priya may be mentioned
    written = client.post(
        "/comments",
        data={"csrf_token": csrf(page.text), "subjectId": SHORTEN, "back": PAGE,
              "body": "Is the **cut-over** fixed?", "mentionIds": person_id("priya")},
    )  # fmt: skip
    assert written.status_code == 303
    assert written.headers["location"].startswith(f"{PAGE}#comment-")
    page = client.get(PAGE)
    assert "Is the <strong>cut-over</strong> fixed?" in page.text
    assert "Mentions Priya Raman" in text_of(page.text)
    comment_id = re.search(r'<li id="comment-([^"]+)" class="comment">', page.text)[1]
    empty = client.post(f"/comments/{comment_id}",
                        data={"csrf_token": csrf(page.text), "body": " ", "back": PAGE,
                              "subjectId": SHORTEN})  # fmt: skip
    assert empty.status_code == 422
    assert "must not be empty" in empty.text and "Back to where you were" in empty.text
    edited = client.post(f"/comments/{comment_id}",
                         data={"csrf_token": csrf(page.text), "body": "Is the date fixed?",
                               "back": PAGE, "subjectId": SHORTEN})  # fmt: skip
    assert edited.status_code == 303
    page = client.get(PAGE)
    assert "Is the date fixed?" in page.text and "· edited" in page.text
    assert "Mentions Priya Raman" not in text_of(page.text)
    deleted = client.post(f"/comments/{comment_id}/delete",
                          data={"csrf_token": csrf(page.text), "back": PAGE})  # fmt: skip
    assert deleted.status_code == 303
    assert "No comment yet." in client.get(PAGE).text


def test_a_refused_comment_keeps_what_was_typed(signed_in):
    client = signed_in("nora")
    page = client.get(f"/metrics/{EMAIL_METRIC}")
    assert 'id="comments-heading"' in page.text
    refused = client.post(
        "/comments",
        data={"csrf_token": csrf(page.text), "subjectId": EMAIL_METRIC,
              "back": f"/metrics/{EMAIL_METRIC}", "body": "Why so low?",
              "mentionIds": SHORTEN},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "Why so low?</textarea>" in refused.text
    assert "no person has this id" in refused.text


def test_back_never_leaves_the_site(signed_in):
    client = signed_in("nora")
    page = client.get(PAGE)
    written = client.post(
        "/comments",
        data={"csrf_token": csrf(page.text), "subjectId": SHORTEN,
              "back": "//evil.example/x", "body": "Hello"},
    )  # fmt: skip
    assert written.status_code == 303 and written.headers["location"].startswith("/#comment-")


def test_every_commentable_page_has_comments(signed_in, api):
    client = signed_in("ada")
    review = api.query("ada", "{ serviceReviews(first: 1) { nodes { id } } }")
    suggestion = api.query("ada", "{ suggestions(first: 1) { nodes { id } } }")
    for path in (
        PAGE, f"/metrics/{EMAIL_METRIC}",
        f"/reviews/{review['serviceReviews']['nodes'][0]['id']}",
        f"/suggestions/{suggestion['suggestions']['nodes'][0]['id']}",
    ):  # fmt: skip
        page = client.get(path)
        assert page.status_code == 200 and 'id="add-comment"' in page.text, path


def test_the_latest_balance_assessment_takes_comments(signed_in):
    client = signed_in("margaret")
    page = client.get("/balance")
    assert 'id="add-comment"' in page.text
    subject = re.search(r'name="subjectId" value="([^"]+)"', page.text)[1]
    written = client.post(
        "/comments",
        data={
            "csrf_token": csrf(page.text),
            "subjectId": subject,
            "back": "/balance",
            "body": "Proactive at last.",
        },
    )
    assert written.status_code == 303
    assert "Proactive at last." in client.get("/balance").text
