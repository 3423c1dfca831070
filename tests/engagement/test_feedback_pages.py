"""Feedback on a service's page: the satisfaction chart and status from the demo's two years of
feedback, the form for those who may record it (with errors beside the fields), and the
stakeholder's page listing what it said."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.engagement import feedback
from server.models import Feedback, Measurement, Metric
from tests.support.demo import service_id, stakeholder_id
from tests.support.pages import csrf, text_of


def error_beside(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return match.group(1) if match else None


def test_the_service_page_shows_satisfaction_and_the_latest_feedback(signed_in):
    page = signed_in("nora").get(f"/services/{service_id('desk')}")
    text = text_of(page.text)
    assert "Satisfaction" in text and "of 5 in" in text
    assert "Stakeholder satisfaction: Service Desk over time" in page.text  # the chart
    assert "Latest feedback (72 in all)" in text
    assert "Record feedback" not in page.text  # Nora may not
    assert "Raise a suggestion from it" in page.text


def test_the_service_owner_records_feedback_and_sees_errors_beside_the_fields(signed_in):
    client = signed_in("jonas")
    page = client.get(f"/services/{service_id('desk')}")
    assert "Record feedback" in page.text
    future = client.post(
        f"/services/{service_id('desk')}/feedback",
        data={"csrf_token": csrf(page.text), "stakeholderId": stakeholder_id("Finance"),
              "givenOn": "2999-01-01", "score": "3", "channel": "SURVEY"},
    )  # fmt: skip
    assert future.status_code == 422
    assert error_beside(future.text, "feedback-givenOn") == "must not be in the future"
    saved = client.post(
        f"/services/{service_id('desk')}/feedback",
        data={"csrf_token": csrf(page.text), "stakeholderId": stakeholder_id("Finance"),
              "givenOn": date.today().isoformat(), "score": "5", "channel": "MEETING",
              "comment": "Month-end went smoothly"},
    )  # fmt: skip
    assert saved.status_code == 303
    after = text_of(client.get(f"/services/{service_id('desk')}").text)
    assert "The feedback was recorded; the satisfaction metric is up to date." in after
    assert "Latest feedback (73 in all)" in after
    finance = text_of(client.get(f"/stakeholders/{stakeholder_id('Finance')}").text)
    assert "“Month-end went smoothly”" in finance


def test_the_demo_satisfaction_metrics_hold_what_the_feedback_path_computes(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        metrics = session.scalars(select(Metric).where(Metric.derived_from.is_not(None))).all()
        assert {metric.name for metric in metrics} == {
            "Stakeholder satisfaction: Service Desk", "Stakeholder satisfaction: E-mail",
        }  # fmt: skip
        for metric in metrics:
            months: dict = {}
            for given_on, score in session.execute(
                select(Feedback.given_on, Feedback.score).where(
                    Feedback.service_id == metric.service_id
                )
            ):
                months.setdefault(feedback.month_of(given_on), []).append(score)
            expected = {month: feedback.average(scores) for month, scores in months.items()}
            stored = dict(
                session.execute(
                    select(Measurement.taken_at, Measurement.value).where(
                        Measurement.metric_id == metric.id
                    )
                ).all()
            )
            assert stored == expected, metric.name
    engine.dispose()


def test_the_service_page_plans_reviews_and_my_work_shows_the_overdue(signed_in):
    client = signed_in("jonas")
    home = client.get("/").text
    due = home[home.index('id="reviews-due"') :]
    assert "Service Desk" in due[: due.index("</section>")] and "Overdue" in due
    page = client.get(f"/services/{service_id('desk')}")
    assert "Overdue" in page.text and "Plan its reviews" in page.text
    far = client.post(
        f"/services/{service_id('desk')}/review-cadence",
        data={"csrf_token": csrf(page.text), "cadence": "QUARTERLY", "nextReviewOn": "2999-01-01"},
    )
    assert far.status_code == 422
    assert error_beside(far.text, "review-nextReviewOn") == "must be within two years of today"
    saved = client.post(
        f"/services/{service_id('desk')}/review-cadence",
        data={"csrf_token": csrf(page.text), "cadence": "QUARTERLY", "nextReviewOn": ""},
    )
    assert saved.status_code == 303
    after = text_of(client.get(f"/services/{service_id('desk')}").text)
    assert "The reviews are planned." in after and "the next review is due" in after
    assert "the next review was due" not in after  # the draft planned earlier stays overdue
    client.cookies.clear()
    assert "Plan its reviews" not in signed_in("nora").get(f"/services/{service_id('desk')}").text
