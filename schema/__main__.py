"""`python -m schema` prints the schema in SDL: how schema.graphql is regenerated."""

from schema import build_schema

print(build_schema().as_str())
