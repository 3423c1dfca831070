"""`Viewer.work`: what awaits the viewer, section by section (server/domain/work/my_work.py
decides).

Only the sections a query selects are computed. Each costs one statement for its ids, one for
the page's objects, and then the planner loads whatever is selected below them, level by level."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from graphql import FieldNode
from strawberry.types import Info

from schema.core.pagination import Connection, Window, make_connection, page
from schema.core.planner import Planner, prefetch
from schema.core.sources import Source
from schema.engagement.sources import SUGGESTION
from schema.governance.sources import POLICY
from schema.initiatives.sources import BUDGET_REQUEST, INITIATIVE
from schema.metrics.sources import METRIC, PENDING_CHANGE
from schema.services.sources import SERVICE
from server import statement_batch
from server.domain.work import my_work as work

if TYPE_CHECKING:
    from schema.engagement.types import Suggestion
    from schema.governance.types import ProcessPolicy
    from schema.initiatives.types import BudgetRequest, Initiative
    from schema.metrics.types import Metric, PendingChange
    from schema.services.types import Service

# Types of other areas, resolved when the schema is built.
BudgetRequestRef = Annotated["BudgetRequest", strawberry.lazy("schema.initiatives.types")]
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
MetricRef = Annotated["Metric", strawberry.lazy("schema.metrics.types")]
PendingChangeRef = Annotated["PendingChange", strawberry.lazy("schema.metrics.types")]
SuggestionRef = Annotated["Suggestion", strawberry.lazy("schema.engagement.types")]
ProcessPolicyRef = Annotated["ProcessPolicy", strawberry.lazy("schema.governance.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]

# A section's ids, oldest waiting first: (session, viewer, now) -> ids.
Find = Callable[[Any, Any, datetime], Awaitable[list[int]]]

SECTIONS: dict[str, tuple[Source, Find]] = {
    "toApprove": (INITIATIVE, lambda session, viewer, now: work.approvals(session, viewer)),
    "budgetRequestsToDecide": (
        BUDGET_REQUEST,
        lambda session, viewer, now: work.budget_requests(session, viewer),
    ),
    "initiativesWithoutUpdate": (INITIATIVE, work.stale_initiatives),
    "metricsDue": (METRIC, work.due_metrics),
    "changesToDecide": (
        PENDING_CHANGE,
        lambda session, viewer, now: work.changes_to_decide(session, viewer),
    ),
    "suggestionsToTriage": (
        SUGGESTION,
        lambda session, viewer, now: work.suggestions_to_triage(session, viewer),
    ),
    "mySuggestions": (
        SUGGESTION,
        lambda session, viewer, now: work.my_suggestions(session, viewer),
    ),
    "reviewsDue": (SERVICE, work.reviews_due),
    "benefitReviewsDue": (INITIATIVE, work.benefit_reviews_due),
    "policyReviewsDue": (POLICY, work.policy_reviews_due),
    "policyChanges": (POLICY, work.policy_changes),
}


@strawberry.type(description="What awaits the viewer; each list is oldest waiting first.")
class Work:
    to_approve: Connection[InitiativeRef] = page(
        "Proposed initiatives the viewer may approve or reject (they hold the plan's owner role)."
    )
    budget_requests_to_decide: Connection[BudgetRequestRef] = page(
        "Pending budget requests the viewer may decide (steering committee)."
    )
    initiatives_without_update: Connection[InitiativeRef] = page(
        "The viewer's initiatives in progress or on hold with no status update for 30 days, "
        "or none ever."
    )
    metrics_due: Connection[MetricRef] = page(
        "Metrics the viewer owns whose next measurement is due by their frequency (never "
        "measured: due)."
    )
    changes_to_decide: Connection[PendingChangeRef] = page(
        "Changes to approved budgets (steering committee) and to the targets of metrics that "
        "judge approved work (the owner role of that work's plan) waiting for the viewer."
    )
    suggestions_to_triage: Connection[SuggestionRef] = page(
        "Submitted suggestions in the plans the viewer owns, waiting for their triage."
    )
    reviews_due: Connection[ServiceRef] = page(
        "Services the viewer owns whose next review is within two weeks or past, the most "
        "overdue first."
    )
    benefit_reviews_due: Connection[InitiativeRef] = page(
        "The viewer's completed initiatives whose benefit review (did the gains hold?) is due "
        "within two weeks or past, the earliest due first."
    )
    policy_reviews_due: Connection[ProcessPolicyRef] = page(
        "Policies in use of the processes the viewer owns whose review day is within two weeks "
        "or past, the most overdue first."
    )
    policy_changes: Connection[ProcessPolicyRef] = page(
        "Policies of the processes the viewer manages or practises, adopted or changed in the "
        "last 30 days, newest first."
    )
    my_suggestions: Connection[SuggestionRef] = page(
        "The viewer's own suggestions: those waiting for their answer first, then by latest "
        "change, newest first."
    )


async def load_work(info: Info) -> Work:
    viewer = info.context.require_viewer()
    session = info.context.session
    planner = Planner(info)
    now = datetime.now(UTC)
    result = object.__new__(Work)
    result.__dict__["_prefetch"] = {}
    fields = planner.collect("Work", [node.selection_set for node in planner.field_nodes])

    async def section_page(nodes: list[FieldNode], source: Source, find: Find) -> Connection[Any]:
        window = Window.from_args(planner.arguments("Work", nodes[0]))
        ids = await find(session, viewer, now)
        inner_sets, _ = planner.connection_parts(nodes, source.type_name)
        start, stop = window.bounds(len(ids))
        chosen = ids[start : None if stop is None else stop + 1]
        objects = []
        if chosen:
            layout = planner.layout(source, inner_sets)
            rows = await planner.rows(
                source.select(layout=layout).where(
                    source.pk.in_(chosen), *source.conditions(viewer)
                )
            )
            by_id = {row[0]: source.build(row, layout) for row in rows}
            objects = [by_id[pk] for pk in chosen if pk in by_id]
        connection = make_connection(objects, window, len(ids), total_known=True)
        await prefetch(planner, source.type_name, connection.nodes, inner_sets)
        return connection

    # The sections are independent: read side by side (on PostgreSQL, sent together).
    chosen = [(key, SECTIONS.get(nodes[0].name.value), nodes) for key, nodes in fields.items()]
    sections = [(key, section, nodes) for key, section, nodes in chosen if section is not None]
    pages = await statement_batch.gather(
        *(section_page(nodes, *section) for _, section, nodes in sections)
    )
    for (key, _, _), connection in zip(sections, pages, strict=True):
        result._prefetch[key] = connection
    return result
