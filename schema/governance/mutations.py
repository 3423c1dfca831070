"""The process governance mutations: a process's purpose and scope, its activities and their
RACI, and its policies; each the process owner's (server/domain/governance holds every rule) and
each a new version of the definition."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.governance import inputs as i
from schema.governance import payloads as p
from server.domain.governance import activities, definitions, policies


@strawberry.type
class GovernanceMutation:
    @strawberry.mutation(
        description="Change why a process exists and what it covers (its process owner, "
        "administrators); a new version of its definition."
    )
    async def update_process_definition(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateProcessDefinitionInput,
            strawberry.argument(description="The process and its purpose and scope."),
        ],
    ) -> p.UpdateProcessDefinitionPayload:
        def work(session, viewer):
            return definitions.update(
                session,
                viewer,
                decode(input.process_id, "Process", "input.processId"),
                purpose=input.purpose,
                scope=input.scope,
                expected_version=input.expected_version,
            )

        return p.UpdateProcessDefinitionPayload(**await run(info, work, "process", "Process"))

    @strawberry.mutation(
        description="Add an activity to a process (its process owner, administrators)."
    )
    async def add_process_activity(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.AddProcessActivityInput,
            strawberry.argument(description="The process, the activity and its place."),
        ],
    ) -> p.AddProcessActivityPayload:
        def work(session, viewer):
            return activities.add(
                session,
                viewer,
                decode(input.process_id, "Process", "input.processId"),
                input.fields(),
            )

        return p.AddProcessActivityPayload(**await run(info, work, "activity", "ProcessActivity"))

    @strawberry.mutation(
        description="Change an activity, or move it to another place (its process owner, "
        "administrators)."
    )
    async def update_process_activity(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateProcessActivityInput,
            strawberry.argument(description="The activity and what changes."),
        ],
    ) -> p.UpdateProcessActivityPayload:
        def work(session, viewer):
            return activities.update(
                session,
                viewer,
                decode(input.id, "ProcessActivity", "input.id"),
                input.fields(),
                input.expected_version,
            )

        return p.UpdateProcessActivityPayload(
            **await run(info, work, "activity", "ProcessActivity")
        )

    @strawberry.mutation(
        description="Remove an activity and its RACI from a process (its process owner, "
        "administrators); earlier versions of the definition keep it."
    )
    async def remove_process_activity(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.RemoveProcessActivityInput, strawberry.argument(description="The activity.")
        ],
    ) -> p.RemoveProcessActivityPayload:
        def work(session, viewer):
            return activities.remove(
                session,
                viewer,
                decode(input.id, "ProcessActivity", "input.id"),
                input.expected_version,
            )

        return p.RemoveProcessActivityPayload(**await run(info, work, "process", "Process"))

    @strawberry.mutation(
        description="Say who does what in an activity: each role responsible, consulted or "
        "informed; the process owner stays accountable (its process owner, "
        "administrators)."
    )
    async def set_activity_raci(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.SetActivityRaciInput,
            strawberry.argument(description="The activity and every role's part."),
        ],
    ) -> p.SetActivityRaciPayload:
        def work(session, viewer):
            return activities.set_raci(
                session,
                viewer,
                decode(input.activity_id, "ProcessActivity", "input.activityId"),
                input.raci(),
                input.expected_version,
            )

        return p.SetActivityRaciPayload(**await run(info, work, "activity", "ProcessActivity"))

    @strawberry.mutation(
        description="Adopt a policy for a process (its process owner, administrators); its "
        "manager and practitioners see it in My work."
    )
    async def create_process_policy(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.CreateProcessPolicyInput,
            strawberry.argument(description="The process and the policy."),
        ],
    ) -> p.CreateProcessPolicyPayload:
        def work(session, viewer):
            return policies.create(
                session,
                viewer,
                decode(input.process_id, "Process", "input.processId"),
                input.fields(),
            )

        return p.CreateProcessPolicyPayload(**await run(info, work, "policy", "ProcessPolicy"))

    @strawberry.mutation(
        description="Change a policy, confirm it at its review, retire it or bring it back (its "
        "process owner, administrators)."
    )
    async def update_process_policy(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateProcessPolicyInput,
            strawberry.argument(description="The policy and what changes."),
        ],
    ) -> p.UpdateProcessPolicyPayload:
        def work(session, viewer):
            return policies.update(
                session,
                viewer,
                decode(input.id, "ProcessPolicy", "input.id"),
                input.fields(),
                input.expected_version,
            )

        return p.UpdateProcessPolicyPayload(**await run(info, work, "policy", "ProcessPolicy"))
