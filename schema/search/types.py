"""What a search finds: each hit with its kind, the thing itself, and its words marked."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.core.nodes import Node
from schema.core.pagination import Connection


@strawberry.enum(description="The kinds of thing a search looks through.")
class SearchKind(Enum):
    INITIATIVE = strawberry.enum_value("Initiative", description="Initiatives.")
    SUGGESTION = strawberry.enum_value("Suggestion", description="Suggestions.")
    METRIC = strawberry.enum_value("Metric", description="Metrics.")
    SERVICE = strawberry.enum_value("Service", description="Services.")
    PROCESS = strawberry.enum_value("Process", description="Processes.")
    OBJECTIVE = strawberry.enum_value("Objective", description="Objectives.")
    STAKEHOLDER = strawberry.enum_value("Stakeholder", description="Stakeholders.")
    PERSON = strawberry.enum_value(
        "Person", description="People (active ones; administrators also find deactivated)."
    )


@strawberry.type(description="A piece of a text, and whether it is one of the words searched for.")
class TextPart:
    text: str = strawberry.field(description="The piece of text, as written.")
    matched: bool = strawberry.field(description="Whether it matched a word searched for.")


@strawberry.type(description="One thing a search found.")
class SearchHit:
    kind: SearchKind = strawberry.field(description="What kind of thing it is.")
    node: Node = strawberry.field(description="The thing itself.")
    title: list[TextPart] = strawberry.field(
        description="Its title (or name), in parts, the words matched marked."
    )
    snippet: list[TextPart] = strawberry.field(
        description="A piece of its other text (description, purpose, e-mail …) around a match, "
        "in parts; empty when only the title matched and there is no other text."
    )
    link: str | None = strawberry.field(
        description="The path of its page on this site, for the viewer; null when they have "
        "none (a person, for anyone but administrators)."
    )


@strawberry.type(description="How many things of one kind match, of those the viewer may see.")
class SearchKindCount:
    kind: SearchKind = strawberry.field(description="The kind.")
    count: int = strawberry.field(description="How many match.")


@strawberry.type(
    name="SearchHitConnection",
    description="A page of what a search found, best first: a match in a title ranks above one "
    "in the other text.",
)
class SearchHitConnection(Connection[SearchHit]):
    counts: list[SearchKindCount] = strawberry.field(
        description="For every kind (whatever `kinds` asked for), how many match: the numbers "
        "beside a filter by kind."
    )
