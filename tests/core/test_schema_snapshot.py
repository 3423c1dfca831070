"""The checked-in schema.graphql is the schema: a change to one without the other fails."""

from dataclasses import replace

from graphql import Node, Visitor, parse, print_ast, visit

from schema import build_schema
from server.settings import PROJECT_ROOT


class _DropDescriptions(Visitor):
    def enter(self, node: Node, *_) -> Node | None:
        if getattr(node, "description", None) is None:
            return None  # unchanged
        return replace(node, description=None)


def without_descriptions(sdl: str) -> str:
    """The SDL with every description removed, printed the same way whatever its layout."""
    document = parse(sdl, no_location=True)
    document = visit(document, _DropDescriptions())
    return print_ast(document)


def test_schema_graphql_matches_the_code():
    checked_in = (PROJECT_ROOT / "schema.graphql").read_text()
    current = build_schema().as_str() + "\n"
    assert current == checked_in, (
        "The schema changed: review the difference, then run "
        "`.venv/bin/python -m schema > schema.graphql`."
    )


def test_the_schema_differs_from_schema_graphql_at_most_in_descriptions():
    """Names, types, nullability, arguments and defaults: a change of descriptions alone keeps
    this test green before schema.graphql is regenerated, so it proves the change is only that."""
    checked_in = (PROJECT_ROOT / "schema.graphql").read_text()
    current = build_schema().as_str()
    assert without_descriptions(current) == without_descriptions(checked_in), (
        "The schema changed beyond its descriptions: review the difference, then run "
        "`.venv/bin/python -m schema > schema.graphql`."
    )


def test_without_descriptions_keeps_everything_but_the_descriptions():
    sdl = '"""A plan."""\ntype Plan {\n  """Its name."""\n  name(short: Boolean = false): String!}'
    assert without_descriptions(sdl) == "type Plan {\n  name(short: Boolean = false): String!\n}"
