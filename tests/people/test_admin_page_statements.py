"""The people and audit pages send as many SQL statements for a long page as for a short one."""

from __future__ import annotations

from tests.support.clients import StatementCounter
from tests.support.pages import HTML
from tests.support.people import make_history, post


def statements(client, path: str) -> int:
    client.get(path, headers=HTML)  # warm the caches
    counter = StatementCounter(client)
    try:
        assert client.get(path, headers=HTML).status_code == 200
    finally:
        counter.close()
    return counter.count


def test_the_people_page_costs_the_same_for_fourteen_or_twenty_four_people(signed_in):
    client = signed_in("ada")
    few = statements(client, "/people")
    for number in range(10):
        post(client, "/people", "/people", name=f"Temp {number}", email=f"t{number}@example.org")
    page = client.get("/people", headers=HTML).text
    assert "24 people." in page and "Temp 9" in page
    assert statements(client, "/people") == few


def test_the_audit_page_costs_the_same_for_one_or_many_entries(signed_in, monkeypatch):
    from server.web.people import audit

    client = signed_in("ada")
    make_history(client)
    # Three entries already name every kind of row the history names (people, a role, a
    # service): a longer page adds rows, never statements.
    monkeypatch.setattr(audit, "PAGE_SIZE", 3)
    few = statements(client, "/audit")
    monkeypatch.setattr(audit, "PAGE_SIZE", 25)
    assert statements(client, "/audit") == few
