"""The portfolio's mutations: propose a move (a service's owner, the service strategy manager,
administrators), decide it (the steering committee), and state what a service costs and is
worth (server/domain/portfolio/decisions.py holds every rule)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.portfolio import inputs as i
from schema.portfolio import payloads as p
from server.domain.portfolio import decisions


@strawberry.type
class PortfolioMutation:
    @strawberry.mutation(
        description="Propose that a service be chartered into the pipeline, go live or retire "
        "(its owner, the service strategy manager, administrators); the steering committee "
        "decides."
    )
    async def propose_portfolio_decision(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.ProposePortfolioDecisionInput,
            strawberry.argument(description="The service, the move and the case for it."),
        ],
    ) -> p.ProposePortfolioDecisionPayload:
        def work(session, viewer):
            return decisions.propose(
                session, viewer, decode(input.service_id, "Service", "input.serviceId"),
                input.move, input.case,
                decode(input.initiative_id, "Initiative", "input.initiativeId"),
            )  # fmt: skip

        return p.ProposePortfolioDecisionPayload(
            **await run(info, work, "decision", "PortfolioDecision")
        )

    @strawberry.mutation(
        description="Decide a proposed portfolio move (the steering committee): approved, the "
        "service moves; rejected, with the reason."
    )
    async def decide_portfolio_decision(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.DecidePortfolioDecisionInput,
            strawberry.argument(description="The decision, approve or not, and why."),
        ],
    ) -> p.DecidePortfolioDecisionPayload:
        def work(session, viewer):
            return decisions.decide(
                session, viewer, decode(input.id, "PortfolioDecision", "input.id"),
                input.approve, input.note, input.expected_version,
            )  # fmt: skip

        return p.DecidePortfolioDecisionPayload(
            **await run(info, work, "decision", "PortfolioDecision")
        )

    @strawberry.mutation(
        description="State what a service costs a year and what it is worth (its owner, the "
        "service strategy manager, administrators)."
    )
    async def quantify_service(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.QuantifyServiceInput,
            strawberry.argument(description="The service, its annual cost and its value."),
        ],
    ) -> p.QuantifyServicePayload:
        def work(session, viewer):
            given = input.annual_cost is not strawberry.UNSET
            return decisions.quantify(
                session, viewer, decode(input.service_id, "Service", "input.serviceId"),
                input.annual_cost if given else None, input.currency, input.value_statement,
                cost_given=given,
            )  # fmt: skip

        return p.QuantifyServicePayload(**await run(info, work, "service", "Service"))
