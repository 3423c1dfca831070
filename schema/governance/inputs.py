"""The inputs of the process governance mutations, and the plain values server/domain takes
from them."""

from __future__ import annotations

from datetime import date

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.core.mutations import decode
from schema.governance.enums import Responsibility
from server.domain.governance.activities import ActivityFields, RaciEntry
from server.domain.governance.policies import PolicyFields

EXPECTED_VERSION = (
    "The `version` you read; if it changed since, nothing is changed. Leave it out to skip the "
    "check."
)
MARKDOWN = "Markdown, at most 10,000 characters"


@strawberry.input(description="Why a process exists and what it covers.")
class UpdateProcessDefinitionInput:
    process_id: strawberry.ID = strawberry.field(description="The process's global id.")
    purpose: str | None = input_field(f"Why the process exists ({MARKDOWN}){UNCHANGED}")
    scope: str | None = input_field(f"What it covers and what it does not ({MARKDOWN}){UNCHANGED}")
    expected_version: int | None = input_field(
        "The process's `definitionVersion` you read; if it changed since, nothing is changed."
    )


@strawberry.input(description="A new activity of a process.")
class AddProcessActivityInput:
    process_id: strawberry.ID = strawberry.field(description="The process's global id.")
    name: str = strawberry.field(description="What is done; unique in the process.")
    inputs: str | None = input_field("What the activity starts from.")
    outputs: str | None = input_field("What it produces.")
    handoffs: str | None = input_field("To whom, or to which activity, it hands over.")
    procedure: str | None = input_field(f"How to perform it ({MARKDOWN}).")
    position: int | None = input_field(
        "Its place, from 1; the activities from there move down. Left out: last."
    )

    def fields(self) -> ActivityFields:
        return ActivityFields(
            name=self.name, inputs=self.inputs, outputs=self.outputs, handoffs=self.handoffs,
            procedure=self.procedure, position=self.position,
        )  # fmt: skip


@strawberry.input(description="Changes to an activity; what is left out stays as it is.")
class UpdateProcessActivityInput:
    id: strawberry.ID = strawberry.field(description="The activity's global id.")
    name: str | None = input_field(f"What is done{UNCHANGED}")
    inputs: str | None = input_field(f"What the activity starts from{UNCHANGED}")
    outputs: str | None = input_field(f"What it produces{UNCHANGED}")
    handoffs: str | None = input_field(f"To whom it hands over{UNCHANGED}")
    procedure: str | None = input_field(f"How to perform it ({MARKDOWN}){UNCHANGED}")
    position: int | None = input_field(f"Its new place, from 1{UNCHANGED}")
    expected_version: int | None = input_field(EXPECTED_VERSION)

    def fields(self) -> ActivityFields:
        return ActivityFields(
            name=self.name, inputs=self.inputs, outputs=self.outputs, handoffs=self.handoffs,
            procedure=self.procedure, position=self.position,
        )  # fmt: skip


@strawberry.input(description="Remove an activity from its process.")
class RemoveProcessActivityInput:
    id: strawberry.ID = strawberry.field(description="The activity's global id.")
    expected_version: int | None = input_field(EXPECTED_VERSION)


@strawberry.input(description="One role's part in an activity.")
class RaciEntryInput:
    role_id: strawberry.ID = strawberry.field(description="The role's global id.")
    responsibility: Responsibility = strawberry.field(
        description="RESPONSIBLE, CONSULTED or INFORMED (the process owner alone is ACCOUNTABLE)."
    )


@strawberry.input(description="Who does what in an activity: replaces its RACI.")
class SetActivityRaciInput:
    activity_id: strawberry.ID = strawberry.field(description="The activity's global id.")
    entries: list[RaciEntryInput] = strawberry.field(
        description="Each role with a part, once; roles left out have none. The process owner "
        "is accountable without being listed."
    )
    expected_version: int | None = input_field(EXPECTED_VERSION)

    def raci(self) -> list[RaciEntry]:
        return [
            RaciEntry(
                decode(entry.role_id, "Role", f"input.entries.{index}.roleId"),
                entry.responsibility,
            )
            for index, entry in enumerate(self.entries)
        ]


@strawberry.input(description="A new policy of a process.")
class CreateProcessPolicyInput:
    process_id: strawberry.ID = strawberry.field(description="The process's global id.")
    title: str = strawberry.field(description="Its short name; unique in the process.")
    statement: str = strawberry.field(description="The rule, e.g. 'All incidents must be logged'.")
    rationale: str | None = input_field("Why the rule exists.")
    effective_on: date = strawberry.field(description="The day it takes effect.")
    review_on: date = strawberry.field(
        description="The day it is next reviewed (not before it takes effect, within three years)."
    )

    def fields(self) -> PolicyFields:
        return PolicyFields(
            title=self.title, statement=self.statement, rationale=self.rationale,
            effective_on=self.effective_on, review_on=self.review_on,
        )  # fmt: skip


@strawberry.input(
    description="Changes to a policy: reword it, confirm it at its review with a later review "
    "day, retire it or bring it back; what is left out stays as it is."
)
class UpdateProcessPolicyInput:
    id: strawberry.ID = strawberry.field(description="The policy's global id.")
    title: str | None = input_field(f"Its short name{UNCHANGED}")
    statement: str | None = input_field(f"The rule{UNCHANGED}")
    rationale: str | None = input_field(f"Why the rule exists{UNCHANGED}")
    effective_on: date | None = input_field(f"The day it takes effect{UNCHANGED}")
    review_on: date | None = input_field(f"The day it is next reviewed{UNCHANGED}")
    retired: bool | None = input_field(
        f"true: retire it from today; false: bring it back into use{UNCHANGED}"
    )
    expected_version: int | None = input_field(EXPECTED_VERSION)

    def fields(self) -> PolicyFields:
        return PolicyFields(
            title=self.title, statement=self.statement, rationale=self.rationale,
            effective_on=self.effective_on, review_on=self.review_on, retired=self.retired,
        )  # fmt: skip
