"""The schema describes itself: GraphiQL's docs pane explains every part a reporting tool uses."""

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)
from graphql import build_schema as schema_from_sdl

from schema import build_schema

BUILT_IN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def undescribed(schema: GraphQLSchema) -> list[str]:
    """Every type, field, argument, input field and enum value without a description, named
    as `Type`, `Type.field`, `Type.field(argument)` or `Enum.VALUE`."""
    missing = []
    for name, graphql_type in sorted(schema.type_map.items()):
        if name.startswith("__") or name in BUILT_IN_SCALARS:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({argument_name})"
                    for argument_name, argument in field.args.items()
                    if not argument.description
                ]
        elif isinstance(graphql_type, GraphQLInputObjectType):
            missing += [
                f"{name}.{field_name}"
                for field_name, field in graphql_type.fields.items()
                if not field.description
            ]
        elif isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{name}.{value_name}"
                for value_name, value in graphql_type.values.items()
                if not value.description
            ]
    return missing


def test_every_type_field_argument_and_value_has_a_description():
    missing = undescribed(build_schema()._schema)
    assert not missing, (
        f"{len(missing)} parts of the schema have no description; give each a one-line "
        "description (what it is, its unit, what null means):\n  " + "\n  ".join(missing)
    )


def test_the_walk_finds_what_has_no_description():
    sdl = '''
        """A plan."""
        type Query {
          """Plans."""
          plans(first: Int): [Plan!]!
        }
        type Plan {
          """The kind."""
          kind: Kind
        }
        """Kinds."""
        enum Kind { """Top-level.""" STRATEGIC SKILL }
        """A filter."""
        input PlanFilter { kind: Kind }
    '''
    assert undescribed(schema_from_sdl(sdl)) == [
        "Kind.SKILL",
        "Plan",
        "PlanFilter.kind",
        "Query.plans(first)",
    ]
