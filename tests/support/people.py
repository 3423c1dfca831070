"""The people and administration pages in a test: sending their forms, counting the audit log,
and a short history of changes to look at."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from schema.core.ids import to_global_id
from server.db import make_sync_engine
from server.models import AuditEntry
from tests.support.demo import person_id
from tests.support.pages import HTML, csrf


def post(client, page_url: str, action: str, **fields):
    """Send a form of the page at `page_url` to `action`, with the page's CSRF token."""
    page = client.get(page_url, headers=HTML)
    return client.post(action, data={"csrf_token": csrf(page.text), **fields}, headers=HTML)


def audit_rows(url: str) -> int:
    engine = make_sync_engine(url, pooled=False)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(AuditEntry))
    engine.dispose()
    return count


def make_history(client) -> None:
    """Some changes by Ada: a new person, a role given and taken back, Nora renamed."""
    post(client, "/people", "/people", name="Zoe Adams", email="zoe@harbour-it.example")
    nora = f"/people/{person_id('nora')}"
    role, scope = to_global_id("Role", 3), "service:" + to_global_id("Service", 1)
    post(client, nora, f"{nora}/roles", roleId=role, scope=scope)
    page = client.get(nora, headers=HTML).text
    remove = re.search(r'action="(/people/[^"]+/roles/[^"]+/remove)"', page).group(1)
    post(client, nora, remove)
    post(client, nora, f"{nora}/details", name="Nora Berg", email="nora@harbour-it.example")
