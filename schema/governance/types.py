"""A process's activities with their RACI, its policies, and its definition as it stood after
each change."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from schema.core.ids import to_global_id
from schema.core.nodes import Node
from schema.governance.enums import Responsibility
from server.domain.core.markdown import to_html
from server.domain.governance.policies import review_due

if TYPE_CHECKING:
    from schema.people.types import Person
    from schema.services.types import Process

PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
ProcessRef = Annotated["Process", strawberry.lazy("schema.services.types")]


@strawberry.type(description="One cell of an activity's RACI: a role and its part.")
class RaciCell:
    role_id: strawberry.ID = strawberry.field(description="The role's global id.")
    role_name: str = strawberry.field(description="The role's name.")
    role_slug: str = strawberry.field(description="The role's short name, e.g. process_manager.")
    responsibility: Responsibility = strawberry.field(description="Its part.")


def raci_cells(cells: list[dict[str, Any]]) -> list[RaciCell]:
    """RACI cells from the plain values a definition version keeps."""
    return [
        RaciCell(
            role_id=strawberry.ID(to_global_id("Role", cell["roleId"])),
            role_name=cell["roleName"],
            role_slug=cell["role"],
            responsibility=Responsibility(cell["part"]),
        )
        for cell in cells
    ]


PROCEDURE_HTML = (
    "The procedure as HTML: the Markdown rendered, and sanitised (no scripts, no event handlers, "
    "only http, https and mailto links)."
)


@strawberry.type(
    description="One step of a process (what to do), in order, with what goes in and out, whom "
    "it hands over to, its procedure (how to do it) and who does what (RACI)."
)
class ProcessActivity(Node):
    position: int = strawberry.field(description="Its place in the process, from 1.")
    name: str = strawberry.field(description="What is done, e.g. 'Log the incident'.")
    inputs: str = strawberry.field(description="What the activity starts from.")
    outputs: str = strawberry.field(description="What it produces.")
    handoffs: str = strawberry.field(description="To whom, or to which activity, it hands over.")
    procedure: str = strawberry.field(description="How to perform it, in Markdown.")
    created_at: datetime = strawberry.field(description="When it was added.")
    updated_at: datetime = strawberry.field(description="When it or its RACI last changed.")
    version: int = strawberry.field(
        description="Grows with every change (its RACI included); send it as `expectedVersion`."
    )
    process: ProcessRef = strawberry.field(description="The process it belongs to.")
    raci: list[RaciCell] = strawberry.field(
        description="Who does what: the process owner (accountable) first, then the other roles "
        "by name."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may change it and its RACI (the process owner, "
        "administrators), with a token that may write."
    )

    @strawberry.field(description=PROCEDURE_HTML)
    def procedure_html(self) -> str:
        return to_html(self.__dict__.get("procedure") or "")


def _today() -> date:
    return datetime.now(UTC).date()


@strawberry.type(
    description="A rule that governs a process ('All incidents must be logged'), kept by its "
    "process owner."
)
class ProcessPolicy(Node):
    title: str = strawberry.field(description="Its short name; unique in the process.")
    statement: str = strawberry.field(description="The rule.")
    rationale: str = strawberry.field(description="Why the rule exists; may be empty.")
    effective_on: date = strawberry.field(description="The day it takes effect.")
    review_on: date = strawberry.field(description="The day it is next reviewed.")
    retired_on: date | None = strawberry.field(
        description="The day it was retired; null while in use."
    )
    created_at: datetime = strawberry.field(description="When it was adopted.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion`."
    )
    process: ProcessRef = strawberry.field(description="The process it governs.")
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may change, review or retire it (the process owner, "
        "administrators), with a token that may write."
    )

    @strawberry.field(description="Whether it is in force today: taken effect and not retired.")
    def in_force(self) -> bool:
        values = self.__dict__
        return values["retired_on"] is None and values["effective_on"] <= _today()

    @strawberry.field(description="Whether it is in use and its review day is within two weeks "
                      "or past.")  # fmt: skip
    def review_due(self) -> bool:
        return review_due(self.__dict__["review_on"], self.__dict__["retired_on"], _today())


@strawberry.type(description="An activity as a version of the definition kept it.")
class DefinedActivity:
    position: int = strawberry.field(description="Its place in the process, from 1.")
    name: str = strawberry.field(description="What was done.")
    inputs: str = strawberry.field(description="What it started from.")
    outputs: str = strawberry.field(description="What it produced.")
    handoffs: str = strawberry.field(description="To whom it handed over.")
    procedure: str = strawberry.field(description="How to perform it, in Markdown.")
    raci: list[RaciCell] = strawberry.field(description="Who did what.")

    @strawberry.field(description=PROCEDURE_HTML)
    def procedure_html(self) -> str:
        return to_html(self.procedure)


@strawberry.type(description="A policy as a version of the definition kept it.")
class DefinedPolicy:
    title: str = strawberry.field(description="Its short name.")
    statement: str = strawberry.field(description="The rule.")
    rationale: str = strawberry.field(description="Why the rule exists.")
    effective_on: date = strawberry.field(description="The day it took effect.")
    review_on: date = strawberry.field(description="The day it was to be reviewed.")
    retired_on: date | None = strawberry.field(description="The day it was retired, if it was.")


@strawberry.type(
    description="A process's whole definition (purpose, scope, activities with their RACI, "
    "policies) as it stood after one change."
)
class ProcessDefinitionVersion(Node):
    number: int = strawberry.field(description="1 for the first definition, then one per change.")
    recorded_at: datetime = strawberry.field(description="When the change was made.")
    change: str = strawberry.field(description="The change in words.")
    recorded_by_name: str = strawberry.field(
        description="Who made the change, as they were named then."
    )
    recorded_by: PersonRef | None = strawberry.field(
        description="Who made the change; null when their account is gone."
    )

    def _definition(self) -> dict[str, Any]:
        return self.__dict__.get("definition_value") or {}

    @strawberry.field(description="Why the process existed.")
    def purpose(self) -> str:
        return self._definition().get("purpose", "")

    @strawberry.field(description="What the process covered.")
    def scope(self) -> str:
        return self._definition().get("scope", "")

    @strawberry.field(description="The activities, in order.")
    def activities(self) -> list[DefinedActivity]:
        return [
            DefinedActivity(
                position=item["position"], name=item["name"], inputs=item["inputs"],
                outputs=item["outputs"], handoffs=item["handoffs"],
                procedure=item["procedure"], raci=raci_cells(item["raci"]),
            )
            for item in self._definition().get("activities", [])
        ]  # fmt: skip

    @strawberry.field(description="Every policy then adopted, retired ones included, by the "
                      "day they took effect.")  # fmt: skip
    def policies(self) -> list[DefinedPolicy]:
        return [
            DefinedPolicy(
                title=item["title"], statement=item["statement"], rationale=item["rationale"],
                effective_on=date.fromisoformat(item["effectiveOn"]),
                review_on=date.fromisoformat(item["reviewOn"]),
                retired_on=date.fromisoformat(item["retiredOn"]) if item["retiredOn"] else None,
            )
            for item in self._definition().get("policies", [])
        ]  # fmt: skip
