"""The governance area's root fields: the policies of every process, for a report on what
governs the practices and which reviews are due."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement
from strawberry.types import Info

from schema.core.context import Context
from schema.core.filters import database_ids
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import list_page
from schema.core.sources import Source
from schema.governance.sources import POLICY
from schema.governance.types import ProcessPolicy
from server.domain.governance.policies import REVIEW_NOTICE
from server.models import ProcessPolicy as PolicyRow


@strawberry.input(description="Narrow a list of policies: every field given must match.")
class ProcessPolicyFilter:
    process: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only the policies of these processes (global ids)."
    )
    in_use: bool | None = strawberry.field(
        default=None, description="true: only policies not retired; false: only retired ones."
    )
    review_due: bool | None = strawberry.field(
        default=None,
        description="true: only policies in use whose review day is within two weeks or past; "
        "false: only the others.",
    )


def policy_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    conditions: list[ColumnElement[bool]] = []
    if (processes := database_ids(filter_args.get("process"), "Process", "process")) is not None:
        conditions.append(PolicyRow.process_id.in_(processes))
    if filter_args.get("in_use") is not None:
        retired = PolicyRow.retired_on.is_(None)
        conditions.append(retired if filter_args["in_use"] else ~retired)
    if filter_args.get("review_due") is not None:
        due = PolicyRow.retired_on.is_(None) & (
            PolicyRow.review_on <= datetime.now(UTC).date() + REVIEW_NOTICE
        )
        conditions.append(due if filter_args["review_due"] else ~due)
    return conditions


def policies_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    order = [PolicyRow.review_on, PolicyRow.id]
    return POLICY, policy_conditions(args.get("filter")), order


@strawberry.type
class GovernanceQuery:
    @strawberry.field(description="The policies of every process, the next to be reviewed first.")
    async def process_policies(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            ProcessPolicyFilter | None,
            strawberry.argument(description="Only the policies that match; null: all."),
        ] = None,
    ) -> Connection[ProcessPolicy]:
        return await list_page(info, policies_list)
