"""`bulkUpdateInitiatives`: one change to many initiatives (server/domain/initiatives/bulk.py),
with what became of each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.inputs import input_field
from schema.core.mutations import UserError, decode, run, user_error
from schema.initiatives.enums import FourDimension, Priority, Transition
from server.domain.initiatives import bulk

if TYPE_CHECKING:
    from schema.initiatives.types import Initiative

InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]


@strawberry.input(description="One initiative to change, with the version you read.")
class BulkItemInput:
    id: strawberry.ID = strawberry.field(description="The initiative's global id.")
    expected_version: int = strawberry.field(
        description="Its `version` as you read it; if it changed since, this row is refused "
        "(CONFLICT) and the others go ahead."
    )


@strawberry.input(
    description="One change for many initiatives: fields (owner, priority, tags, Four "
    "Dimensions), or one step of the lifecycle with its reason; not both."
)
class BulkUpdateInitiativesInput:
    items: list[BulkItemInput] = strawberry.field(
        description=f"The initiatives, at most {bulk.MAX_ROWS}."
    )
    owner_id: strawberry.ID | None = input_field("A new owner for each (global id).")
    priority: Priority | None = input_field("A new priority for each.")
    add_tags: list[str] | None = input_field("Tags to add to each.")
    remove_tags: list[str] | None = input_field("Tags to take off each.")
    dimensions: list[FourDimension] | None = input_field(
        "The Four Dimensions each concerns (replacing theirs)."
    )
    transition: Transition | None = input_field(
        "A step to take with each: APPROVE, REJECT, START, HOLD, RESUME or CANCEL."
    )
    reason: str | None = input_field("The step's reason (required to reject, hold or cancel).")

    def change(self) -> bulk.BulkChange:
        return bulk.BulkChange(
            owner_id=decode(self.owner_id, "Person", "input.ownerId"),
            priority=self.priority, add_tags=list(self.add_tags or []),
            remove_tags=list(self.remove_tags or []), dimensions=self.dimensions,
            transition=self.transition, reason=self.reason,
        )  # fmt: skip


@strawberry.type(description="What became of one initiative of a bulk change.")
class BulkItemResult:
    id: strawberry.ID = strawberry.field(description="The initiative's global id, as sent.")
    changed: bool = strawberry.field(description="Whether it was changed.")
    errors: list[UserError] = strawberry.field(
        description="Why it was refused; empty when it was changed."
    )


@strawberry.type(
    description="The result of `bulkUpdateInitiatives`: the initiatives changed, what became of "
    "each one sent, and no errors; when nothing could be changed, `errors` says why and nothing "
    "was changed."
)
class BulkUpdateInitiativesPayload:
    initiatives: list[InitiativeRef] | None = strawberry.field(
        description="The initiatives changed, as they now are; null when nothing was."
    )
    results: list[BulkItemResult] | None = strawberry.field(
        default=None,
        description="One per initiative sent, in order; null when nothing was changed.",
    )
    errors: list[UserError] = strawberry.field(
        description="Why nothing was changed; empty when something was."
    )


def _row_error(problem: Any, index: int) -> UserError:
    """A row's problem, its path pointing at the row when it is about the row."""
    error = user_error(problem)
    if error.field and error.field[-1] in ("expectedVersion", "id", "initiativeId"):
        error.field = ["input", "items", str(index), error.field[-1]]
    elif error.field and error.field[:2] == ["input", "items"]:
        error.field = ["input", "items", str(index), "id"]
    return error


@strawberry.type
class BulkMutation:
    @strawberry.mutation(
        description="Change many initiatives at once (at most 500): each through the same rules "
        "as one change, each refused on its own (stale, not allowed, not from its state) while "
        "the others are made."
    )
    async def bulk_update_initiatives(
        self,
        info: Info[Context, None],
        input: Annotated[
            BulkUpdateInitiativesInput,
            strawberry.argument(description="The initiatives and the change."),
        ],
    ) -> BulkUpdateInitiativesPayload:
        def work(session, viewer):
            items = [
                (decode(item.id, "Initiative", f"input.items.{n}.id"), item.expected_version)
                for n, item in enumerate(input.items)
            ]
            return bulk.apply(session, viewer, items, input.change())

        def results(outcomes) -> dict[str, Any]:
            if outcomes is None:
                return {"results": None}
            return {
                "results": [
                    BulkItemResult(
                        id=item.id, changed=outcome.changed,
                        errors=[] if outcome.problem is None
                        else [_row_error(outcome.problem, index)],
                    )
                    for index, (item, outcome) in enumerate(zip(input.items, outcomes,
                                                                 strict=True))
                ]
            }  # fmt: skip

        answer = await run(
            info, work, "initiatives", "Initiative",
            key=lambda outcomes: [o.initiative_id for o in outcomes if o.changed],
            extra=results,
        )  # fmt: skip
        return BulkUpdateInitiativesPayload(**answer)
