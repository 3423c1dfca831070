"""The evidence for balance periods, read for all of them at once: the few statements
server/domain/balance/evidence.py builds go out side by side (on PostgreSQL, in one round trip),
however many assessments a page shows."""

from __future__ import annotations

from collections.abc import Sequence

from schema.balance.types import BalanceIndicator
from schema.core.planner import Planner
from server import statement_batch
from server.domain.balance import evidence
from server.domain.balance.evidence import Period


async def evidence_for(
    planner: Planner, periods: Sequence[Period]
) -> dict[Period, list[BalanceIndicator]]:
    viewer = planner.viewer
    if viewer is None or not periods:
        return {}
    found = evidence.Found(
        *await statement_batch.gather(*(planner.rows(s) for s in evidence.reads(viewer, periods)))
    )
    return {
        period: [BalanceIndicator(tension=i.tension, summary=i.summary, how=i.how) for i in shown]
        for period, shown in evidence.indicators_from(periods, found).items()
    }
