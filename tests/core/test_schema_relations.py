"""Every object- and connection-typed field below the root has a relation the planner knows.

The planner loads what a query selects level by level, one statement per relation for all
parents; a field it has no relation for would be null (or a missing page) on every object. So
each such field must be registered by its area (schema/<area>/relations.py), or belong to a
type whose objects a resolver builds whole, listed here with the reason.
"""

from collections.abc import Mapping

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_interface_type,
    is_object_type,
)

from schema import build_schema
from schema.core import planner
from schema.core.relations import Relation

# Types whose objects a resolver builds whole, every object-typed field included.
BUILT_BY_RESOLVER = {
    "Query": "the root: each field is a root resolver",
    "Mutation": "the root: each field is a mutation",
    "PageInfo": "make_connection builds each page",
    "Viewer": "Query.viewer builds it; `work` and `sessions` have resolvers of their own",
    "Work": "Viewer.work loads the sections selected, then the planner what is below them",
    "GapAnalysis": "Query.gapAnalysis loads each group selected (schema/metrics/gaps.py)",
    "MetricGap": "Query.gapAnalysis loads its first nodes",
    "ObjectiveGap": "Query.gapAnalysis loads its first nodes",
    "MeasurementImport": "one statement loads it whole (schema/imports/queries.py)",
    "ProcessDefinitionVersion": "its definition is one JSON value its resolvers unpack",
    "DefinedActivity": "ProcessDefinitionVersion.activities builds it from that JSON",
    "BulkItemResult": "bulkUpdateInitiatives builds each from its outcome",
    "MailSettings": "Viewer.mail loads the viewer's choices in one go (mail.choices)",
    "MailPreference": "Viewer.mail builds each from those choices",
    "Preferences": "Viewer.preferences loads the viewer's row in one statement",
    "LocaleChoice": "Preferences.locales lists the locales the domain offers",
    "SearchHitConnection": "Query.search builds the page from the index's answer",
    "SearchHit": "Query.search builds each hit, its node loaded by type (nodes.load_objects)",
    "TextPart": "Query.search splits each marked text into parts",
    "SearchKindCount": "Query.search counts each kind in one statement",
    "WebhookEndpoint": "Query.webhookEndpoints loads them with their logs in three statements",
    "WebhookDelivery": "Query.webhookEndpoints loads the latest of every endpoint at once",
    "WebhookEvent": "Query.webhookEvents lists the events the domain defines",
}


def _built_by_resolver(graphql_type: GraphQLObjectType) -> bool:
    name = graphql_type.name
    if name in BUILT_BY_RESOLVER:
        return True
    if name.endswith("Payload"):
        return True  # the mutation runner loads the changed object (schema/core/mutations.py)
    origin = graphql_type.extensions["strawberry-definition"].origin
    # A page of a connection, and its edges: make_connection builds them from the nodes.
    return origin.__name__ in ("Connection", "Edge") and name.endswith(("Connection", "Edge"))


def _is_connection(graphql_type) -> bool:
    named = get_named_type(graphql_type)
    origin = named.extensions["strawberry-definition"].origin
    return origin.__name__ == "Connection"


def relation_problems(
    schema: GraphQLSchema, relations: Mapping[tuple[str, str], Relation]
) -> list[str]:
    """`Type.field` for each object-typed field without a relation, each connection field whose
    relation loads one value rather than a page per response key (or the other way round),
    and each relation that names no field."""
    problems = []
    for name, graphql_type in sorted(schema.type_map.items()):
        if name.startswith("__") or not is_object_type(graphql_type):
            continue
        for field_name, field in graphql_type.fields.items():
            named = get_named_type(field.type)
            relation = relations.get((name, field_name))
            if relation is not None:
                connection = is_object_type(named) and _is_connection(field.type)
                if connection and not relation.keyed:
                    problems.append(
                        f"{name}.{field_name}: a connection with a relation of one value"
                    )
                elif relation.keyed and not connection:
                    problems.append(f"{name}.{field_name}: one value with a relation of pages")
                continue
            if not (is_object_type(named) or is_interface_type(named)):
                continue
            if not _built_by_resolver(graphql_type):
                problems.append(f"{name}.{field_name}: no relation")
    for type_name, field_name in sorted(relations):
        graphql_type = schema.type_map.get(type_name)
        if not is_object_type(graphql_type) or field_name not in graphql_type.fields:
            problems.append(f"{type_name}.{field_name}: a relation for no field")
    return problems


def test_every_object_and_connection_field_has_a_relation():
    schema = build_schema()._schema
    problems = relation_problems(schema, planner.RELATIONS)
    assert not problems, (
        "Register a relation for each of these in its area's relations.py, or list the type in "
        "BUILT_BY_RESOLVER with the reason:\n  " + "\n  ".join(problems)
    )


def test_a_field_whose_relation_is_missing_is_found():
    schema = build_schema()._schema
    relations = dict(planner.RELATIONS)
    del relations[("Initiative", "plan")]
    del relations[("Plan", "initiatives")]
    assert relation_problems(schema, relations) == [
        "Initiative.plan: no relation",
        "Plan.initiatives: no relation",
    ]


def test_a_relation_of_the_wrong_kind_or_for_no_field_is_found():
    schema = build_schema()._schema
    relations = dict(planner.RELATIONS)
    relations[("Initiative", "owner")] = relations[("Plan", "initiatives")]
    relations[("Initiative", "children")] = relations[("Initiative", "plan")]
    relations[("Initiative", "sponsor")] = relations[("Initiative", "plan")]
    assert relation_problems(schema, relations) == [
        "Initiative.owner: one value with a relation of pages",
        "Initiative.children: a connection with a relation of one value",
        "Initiative.sponsor: a relation for no field",
    ]


def test_the_schema_brings_its_relations_from_the_areas_it_lists():
    """Nothing registers itself on import: the areas' lists are what build_schema installs."""
    from schema import AREAS

    build_schema()
    listed = {key for area in AREAS for key in area.relations}
    assert listed == set(planner.RELATIONS)
