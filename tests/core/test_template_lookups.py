"""The pages' Jinja environment reads `answer.field` faster, and exactly as Jinja does."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import Environment, StrictUndefined, UndefinedError

from server.web.core.templating import PageEnvironment

TEMPLATES = {
    "{{ plan.name }} / {{ plan.owner.name }}": "Strategy / Margaret",
    # a dict's own method wins over its key, as in Jinja
    "{{ row.values is callable }}|{{ row['values'] }}|{{ row.count }}": "True|[1, 2]|4",
    "{{ row.get('status') }}|{{ row.items() | list | length }}": "DONE|3",
    "{{ plan.owner is defined }}|{{ plan.missing is defined }}": "True|False",
    "{{ thing.title }}": "A title",  # not a dict: the attribute
    "{% for n in plan.nodes %}{{ n.id }},{% endfor %}": "1,2,",
}
VALUES = {
    "plan": {"name": "Strategy", "owner": {"name": "Margaret"}, "nodes": [{"id": 1}, {"id": 2}]},
    "row": {"status": "DONE", "count": 4, "values": [1, 2]},
    "thing": SimpleNamespace(title="A title"),
}


def environments() -> tuple[Environment, Environment]:
    return Environment(undefined=StrictUndefined), PageEnvironment(undefined=StrictUndefined)


@pytest.mark.parametrize(("source", "shown"), TEMPLATES.items())
def test_a_page_reads_an_answer_as_jinja_would(source, shown):
    plain, page = environments()
    assert plain.from_string(source).render(**VALUES) == shown
    assert page.from_string(source).render(**VALUES) == shown


def test_a_missing_field_is_an_error_as_in_jinja():
    for environment in environments():
        with pytest.raises(UndefinedError, match="'dict object' has no attribute 'missing'"):
            environment.from_string("{{ plan.missing }}").render(**VALUES)
