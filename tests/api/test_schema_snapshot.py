"""The checked-in schema.graphql is the schema: a change to one without the other fails."""

from schema import build_schema
from server.settings import PROJECT_ROOT


def test_schema_graphql_matches_the_code():
    checked_in = (PROJECT_ROOT / "schema.graphql").read_text()
    current = build_schema().as_str() + "\n"
    assert current == checked_in, (
        "The schema changed: review the difference, then run "
        "`.venv/bin/python -m schema > schema.graphql`."
    )
