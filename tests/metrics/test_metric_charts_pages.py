"""Metrics where people look for them: a service's and an objective's pages chart their metrics
(status and a sparkline each), as the process page does."""

from __future__ import annotations

import re

from schema.core.ids import to_global_id
from tests.support.pages import HTML


def test_the_service_page_lists_its_metrics_with_status_and_sparklines(signed_in):
    client = signed_in("priya")
    services = client.get("/services", headers=HTML).text
    email = re.search(r'<a href="/services/([^"]+)">E-mail</a>', services).group(1)
    page = client.get(f"/services/{email}", headers=HTML).text
    panel = page.split('id="metrics-panel-heading"')[1].split("</section>")[0]
    assert "E-mail availability" in panel
    assert panel.count('<figure class="sparkline">') >= 1
    assert 'class="badge rag-' in panel
    assert f'href="/metrics?service={email}"' in panel


def test_the_objective_page_charts_each_metric(signed_in):
    page = signed_in("margaret").get(f"/objectives/{to_global_id('Objective', 1)}", headers=HTML)
    assert page.status_code == 200
    metrics = page.text.split('id="metrics-heading"')[1].split("</section>")[0]
    rows = metrics.count('<th scope="row"><a href="/metrics/')
    assert rows and metrics.count('<figure class="sparkline">') == rows
