"""The measurement import pages: upload a CSV file, see the preview or every bad line, start the
import, and follow its progress until it is done; CSRF and who may see an import."""

from __future__ import annotations

import re
import time

from sqlalchemy import func, select

from server.db import make_sync_engine
from server.models import Measurement, MeasurementImport
from server.web.imports.measurement_import import MAX_UPLOAD_BYTES
from tests.support.pages import csrf, shown_when

GOOD = (
    "metric,taken_at,value,source\n"
    "Mean time to restore,2031-01-01,4.5,Ticketing\n"
    "Mean time to restore,2031-02-01,4.25,Ticketing\n"
    "Incidents logged in the portal,2031-01-01,40,\n"
)
BAD = (
    "metric,taken_at,value\n"
    "Mean time to restore,2031-01-01,4.5\n"
    "E-mail availability,2031-01-01,99\n"
    "Mean time to restore,2031-02-01,\n"
)


def upload(client, content: str, name: str = "january.csv", token: str | None = None):
    page = client.get("/measurements/import")
    return client.post(
        "/measurements/import",
        data={"csrf_token": csrf(page.text) if token is None else token},
        files={"file": (name, content.encode(), "text/csv")},
    )


def measurements(url: str) -> int:
    engine = make_sync_engine(url, pooled=False)
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(Measurement))
    engine.dispose()
    return total


def imports(url: str) -> int:
    engine = make_sync_engine(url, pooled=False)
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(MeasurementImport))
    engine.dispose()
    return total


def wait_until_done(client, location: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(location)
        if "badge import-done" in page.text or "badge import-failed" in page.text:
            return page.text
        time.sleep(0.2)
    raise AssertionError("the import did not finish")


def test_upload_preview_start_and_progress_until_done(signed_in, demo_url):
    client = signed_in("carlos")
    before = measurements(demo_url)
    home = client.get("/")
    assert '<a href="/measurements/import">Import</a>' in home.text
    response = upload(client, GOOD)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/measurements/import/")

    preview = client.get(location)
    assert preview.status_code == 200
    assert "Checked: ready to import" in preview.text
    assert "All 3 rows are good. Nothing has been written yet." in preview.text
    taken = shown_when("2031-02-01T00:00:00")
    assert f"<td>{taken}</td><td>4.25</td><td>Ticketing</td>" in preview.text
    assert re.search(r">Mean time to restore</a></td><td>2</td>", preview.text)
    assert re.search(r">Incidents logged in the portal</a></td><td>1</td>", preview.text)
    assert "Import 3 measurements</button>" in preview.text
    assert measurements(demo_url) == before

    started = client.post(f"{location}/start", data={"csrf_token": csrf(preview.text)})
    assert started.status_code == 303 and started.headers["location"] == location
    running = client.get(location)
    assert "badge import-done" in running.text or 'hx-trigger="every 1s"' in running.text

    done = wait_until_done(client, location)
    assert "Imported 3 measurements for 2 metrics" in done
    assert 'hx-trigger="every 1s"' not in done  # polling stops
    assert re.search(r'<a href="/metrics/[^"]+">Mean time to restore</a>', done)
    assert measurements(demo_url) == before + 3
    again = client.post(f"{location}/start", data={"csrf_token": csrf(done)})
    assert again.status_code == 422 and "this import is already done" in again.text


def test_the_progress_block_alone_answers_htmx_polls(signed_in):
    client = signed_in("carlos")
    location = upload(client, GOOD).headers["location"]
    fragment = client.get(location, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="import-progress"')
    assert "<html" not in fragment.text and "HX-Request" in fragment.headers["vary"]


def test_a_bad_file_is_refused_with_every_bad_line_and_nothing_kept(signed_in, demo_url):
    client = signed_in("carlos")
    before = measurements(demo_url), imports(demo_url)
    response = upload(client, BAD, name="bad.csv")
    assert response.status_code == 422
    rows = re.findall(r"<tr><td>(\w+)</td><td>([^<]+)</td></tr>", response.text)
    assert rows == [
        (
            "3",
            "you may not record measurements of &#39;E-mail availability&#39;: only the "
            "metric&#39;s owner, the owner of a linked initiative or the manager of its "
            "process may",
        ),
        ("4", "value is empty"),
    ]
    assert "bad.csv was refused; nothing was imported." in response.text
    assert (measurements(demo_url), imports(demo_url)) == before


def test_upload_mistakes_are_explained_beside_the_field(signed_in):
    client = signed_in("carlos")
    empty = upload(client, "")
    assert empty.status_code == 422 and "The file is empty" in empty.text
    assert 'aria-describedby="error-file"' in empty.text
    page = client.get("/measurements/import")
    no_file = client.post("/measurements/import", data={"csrf_token": csrf(page.text)})
    assert no_file.status_code == 422 and "Choose a CSV file to upload." in no_file.text
    header = upload(client, "metric,when,value\nx,2031-01-01,1\n")
    assert header.status_code == 422
    assert "<td>1</td><td>header: unknown column &#39;when&#39;" in header.text


def test_a_file_over_the_size_limit_is_refused_clearly(signed_in):
    client = signed_in("carlos")
    page = client.get("/measurements/import")
    big = b"metric,taken_at,value\n" + b"x" * (MAX_UPLOAD_BYTES + 100_000)
    response = client.post(
        "/measurements/import",
        data={"csrf_token": csrf(page.text)},
        files={"file": ("big.csv", big, "text/csv")},
    )
    assert response.status_code == 422
    assert "The file is larger than 20 MB; split it into smaller files." in response.text


def test_the_example_file_is_a_valid_import_for_its_metric(signed_in):
    client = signed_in("carlos")
    example = client.get("/measurements/import/example.csv")
    assert example.status_code == 200
    assert example.headers["content-type"].startswith("text/csv")
    assert example.text.startswith("metric,taken_at,value,source\n")
    assert upload(client, example.text).status_code == 303


def test_forms_without_the_csrf_token_are_refused(signed_in):
    client = signed_in("carlos")
    assert upload(client, GOOD, token="forged").status_code == 403
    location = upload(client, GOOD).headers["location"]
    assert client.post(f"{location}/start", data={}).status_code == 403


def test_only_the_uploader_and_administrators_see_an_import(app_factory, demo_url, signed_in):
    from tests.support.pages import sign_in

    carlos = signed_in("carlos")
    location = upload(carlos, GOOD).headers["location"]
    other = app_factory(demo_url)
    sign_in(other, "hana")
    assert other.get(location).status_code == 404
    page = other.get("/measurements/import")
    assert other.post(f"{location}/start", data={"csrf_token": csrf(page.text)}).status_code == 404
    admin = app_factory(demo_url)
    sign_in(admin, "ada")
    seen = admin.get(location)
    assert seen.status_code == 200 and "Only the person who uploaded it" in seen.text
    forbidden = admin.post(f"{location}/start", data={"csrf_token": csrf(seen.text)})
    assert forbidden.status_code == 403


def test_strangers_are_sent_to_sign_in(demo_client):
    assert demo_client.get("/measurements/import").status_code == 303


def test_the_documented_example_is_the_one_the_page_offers():
    from server.domain.imports.csv_reader import EXAMPLE
    from server.settings import PROJECT_ROOT

    assert (PROJECT_ROOT / "docs" / "measurements-example.csv").read_text() == EXAMPLE


def test_a_clash_that_arrives_before_the_start_fails_the_run_and_writes_nothing(
    signed_in, demo_url
):
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from server.models import Metric

    client = signed_in("carlos")
    location = upload(client, GOOD).headers["location"]
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:  # someone records February's value another way
        mttr = session.scalar(select(Metric.id).where(Metric.name == "Mean time to restore"))
        session.add(
            Measurement(metric_id=mttr, value=4.0, taken_at=datetime(2031, 2, 1, tzinfo=UTC))
        )
        session.commit()
    engine.dispose()
    before = measurements(demo_url)
    preview = client.get(location)
    client.post(f"{location}/start", data={"csrf_token": csrf(preview.text)})
    failed = wait_until_done(client, location)
    assert "Not imported" in failed and "badge import-failed" in failed
    assert (
        "<tr><td>3</td><td>&#39;Mean time to restore&#39; already has a measurement at "
        "2031-02-01T00:00:00+00:00; a metric has one value per time</td></tr>"
    ) in failed
    assert measurements(demo_url) == before
