"""Turns the demo content into rows, deterministically, at any scale.

Rows carry explicit ids so that every table can be bulk inserted in one pass; the same seed and
scale always give the same rows (times are laid out backwards from the day of loading).
"""

from __future__ import annotations

import calendar
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from server.demo import content
from server.domain.core.permissions import Action
from server.domain.core.roles import BUILTIN_ROLES, OWNER_ROLE_BY_PLAN_KIND, PROCESS_OWNER
from server.domain.engagement import feedback, review_cadence
from server.domain.initiatives.lifecycle import EDGES, Transition, route
from server.domain.metrics import analysis
from server.domain.metrics.corrective_actions import PERIODS
from server.models.enums import (
    Direction,
    FourDimension,
    InitiativeStatus,
    PlanKind,
    ReviewCadence,
    ValueChainActivity,
)

SEED = 2026
PORTFOLIO_CASES = {
    "charter": "A business case the steering committee asked for in its strategy.",
    "go_live": "Built, tested with its first users, and supported by the service desk.",
    "retire": "Its last users moved on; keeping it costs more than it is worth.",
}
BALANCE_COLUMNS = (
    "internal_external", "stability_responsiveness", "quality_cost", "reactive_proactive",
)  # fmt: skip
BENCH = "bench"
BENCH_MULTIPLES = {"bench-x10": 10, "bench-x100": 100}
BENCH_INITIATIVES = 10_000  # the benchmark set, once over
CHUNK_INITIATIVES = 10_000  # a large set is handed over this many initiatives at a time

# Where the demo's closed-early work leaves the lifecycle: it is cancelled once approved. Every
# other initiative took the shortest way the state machine draws to its state (through funding
# when it asked for a budget).
CANCELLED_FROM = InitiativeStatus.APPROVED
REASONS = {
    "rejected": "Not a priority this planning period; revisit next year.",
    "cancelled": "Superseded by other work.",
    "on_hold": "Waiting for a supplier decision.",
}


@dataclass
class DemoRows:
    """Rows for each table, in an order that satisfies foreign keys.

    A large data set is written in chunks: `sink`, when given, is handed the rows gathered so
    far whenever the builder reaches a point where they refer only to rows already handed over
    (`flush`), and they are dropped from memory; ids keep counting across chunks."""

    tables: dict[str, list[dict]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    sink: Callable[[dict[str, list[dict]]], None] | None = None

    def add(self, table: str, row: dict) -> int:
        rows = self.tables.setdefault(table, [])
        count = self.counts.get(table, 0) + 1
        self.counts[table] = count
        if "id" not in row and table in ID_TABLES:
            row["id"] = count
        rows.append(row)
        return row.get("id", 0)

    def flush(self) -> None:
        """Hand the rows gathered so far to the sink, if there is one."""
        if self.sink is not None and self.tables:
            self.sink(self.tables)
            self.tables = {}


ID_TABLES = {
    "people",
    "role_assignments",
    "services",
    "offerings",
    "processes",
    "plans",
    "objectives",
    "initiatives",
    "initiative_events",
    "suggestions",
    "stakeholders",
    "feedback",
    "service_reviews",
    "review_findings",
    "benefit_reviews",
    "balance_assessments",
    "balance_guidelines",
    "portfolio_decisions",
    "comments",
    "notifications",
    "process_activities",
    "process_policies",
    "process_definition_versions",
    "budget_requests",
    "status_updates",
    "metrics",
    "measurements",
    "steering_meetings",
}
TABLE_ORDER = [
    "people",
    "services",
    "offerings",
    "processes",
    "role_assignments",
    "stakeholders",
    "stakeholder_services",
    "plans",
    "objectives",
    "metrics",
    "initiatives",
    "portfolio_decisions",
    "initiative_dimensions",
    "initiative_tags",
    "initiative_events",
    "budget_requests",
    "status_updates",
    "metric_initiatives",
    "metric_objectives",
    "initiative_objectives",
    "initiative_services",
    "measurements",
    "realised_benefits",
    "benefit_reviews",
    "balance_assessments",
    "balance_assessors",
    "balance_guidelines",
    "process_activities",
    "activity_responsibilities",
    "process_policies",
    "process_definition_versions",
    "feedback",
    "service_reviews",
    "service_review_people",
    "service_review_stakeholders",
    "review_metric_snapshots",
    "review_findings",
    "suggestions",
    "suggestion_supports",
    "comments",
    "comment_mentions",
    "notifications",
    "plan_budget_envelopes",
    "steering_meetings",
    "steering_meeting_attendees",
]


Path = list[tuple[Transition | None, InitiativeStatus]]


def lifecycle_path(status: InitiativeStatus, budget: int | None) -> Path:
    """The steps from proposal to `status`, each with the transition that led there (None: the
    proposal itself), as the state machine draws them."""
    requested = Decimal(budget) if budget is not None else None
    start = InitiativeStatus.PROPOSED
    transitions = (
        route(CANCELLED_FROM, requested) + route(status, requested, start=CANCELLED_FROM)
        if status is InitiativeStatus.CANCELLED
        else route(status, requested)
    )
    steps: Path = [(None, start)]
    for transition in transitions:
        steps.append((transition, EDGES[transition].target))
    return steps


def parse_scale(value: str) -> int | str:
    """A whole number from 1 to 1000, `bench`, or `bench-x10` / `bench-x100` (the benchmark set
    ten or a hundred times over); anything else raises a ValueError saying why."""
    if value == BENCH or value in BENCH_MULTIPLES:
        return value
    if not value.isdigit() or not 1 <= int(value) <= 1000:
        raise ValueError(
            "--scale must be a whole number from 1 to 1000, 'bench', 'bench-x10' or "
            f"'bench-x100'; not {value!r}"
        )
    return int(value)


def bench_multiple(scale: int | str) -> int | None:
    """How many times the benchmark set a scale asks for (None: the demo organisation)."""
    if scale == BENCH:
        return 1
    return BENCH_MULTIPLES.get(scale) if isinstance(scale, str) else None


def build(
    scale: int | str,
    today: date,
    role_ids: dict[str, int],
    password_hash: Callable[[], str | None],
    sink: Callable[[dict[str, list[dict]]], None] | None = None,
) -> DemoRows:
    """Every row of the demo at this scale; `password_hash` is called once per person. With a
    `sink`, the rows are handed to it in chunks (see DemoRows) and the returned rows hold only
    the last chunk, with every table's count."""
    builder = _Builder(today, role_ids, password_hash)
    builder.rows.sink = sink
    builder.add_people_services_processes()
    multiple = bench_multiple(scale)
    if multiple is not None:
        builder.add_bench_plans()
        builder.add_objectives()
        builder.add_bench_initiatives(
            initiatives=BENCH_INITIATIVES * multiple, metrics_each=3, measurements_each=12
        )
    else:
        builder.add_plans()
        builder.add_objectives()
        builder.add_initiatives(copies=int(scale))
        builder.add_metrics(copies=int(scale))
        builder.add_realised_benefits()
        builder.add_suggestions()
        builder.add_stakeholders()
        builder.add_feedback()
        builder.add_reviews()
        builder.add_balance()
        builder.add_portfolio()
        builder.add_meeting_pack()
        builder.add_governance()
        builder.add_comments()
        builder.add_notifications()
    return builder.rows


class _Builder:
    def __init__(
        self, today: date, role_ids: dict[str, int], password_hash: Callable[[], str | None]
    ) -> None:
        self.today = today
        self.now = datetime.combine(today, time(9, 0), tzinfo=UTC)
        self.rand = random.Random(SEED)
        self.password_hash = password_hash
        self.rows = DemoRows()
        self.people: dict[str, int] = {}
        self.services: dict[str, int] = {}
        self.processes: dict[str, int] = {}
        self.plans: dict[str, int] = {}
        self.plan_kinds: dict[str, str] = {}
        self.objectives_by_key: dict[str, int] = {}
        self.initiatives_by_title: dict[str, int] = {}
        self.role_ids = role_ids

    # -- people, services, processes -------------------------------------------------------
    def add_people_services_processes(self) -> None:
        for key, name, lifecycle, description, offerings in content.SERVICES:
            sid = self.rows.add(
                "services",
                {
                    "name": name,
                    "lifecycle": lifecycle,
                    "description": description,
                    "review_cadence": content.REVIEW_CADENCES.get(key, (None, 0))[0],
                    "next_review_on": (
                        self.today + timedelta(days=content.REVIEW_CADENCES[key][1])
                        if key in content.REVIEW_CADENCES
                        else None
                    ),
                    "created_at": self.now - timedelta(days=900),
                    "annual_cost": (
                        Decimal(content.SERVICE_VALUES[key][0])
                        if content.SERVICE_VALUES.get(key, (None,))[0] is not None
                        else None
                    ),
                    "cost_currency": "EUR",
                    "value_statement": content.SERVICE_VALUES.get(key, (None, ""))[1],
                },
            )
            self.services[key] = sid
            for offering, kind in offerings:
                self.rows.add(
                    "offerings",
                    {"service_id": sid, "name": offering, "kind": kind, "description": ""},
                )
        for key, name, description in content.PROCESSES:
            self.processes[key] = self.rows.add(
                "processes",
                {
                    "name": name,
                    "description": description,
                    "purpose": "",
                    "scope": "",
                    "definition_version": 0,
                    "created_at": self.now - timedelta(days=900),
                },
            )
        for key, name, is_admin, grants in content.PEOPLE:
            pid = self.rows.add(
                "people",
                {
                    "email": f"{key}@{content.DEMO_DOMAIN}",
                    "name": name,
                    "password_hash": self.password_hash(),
                    "is_active": True,
                    "is_admin": is_admin,
                    "created_at": self.now - timedelta(days=800),
                },
            )
            self.people[key] = pid
            for role, scope in grants:
                service_id, process_id = self._scope(scope)
                self.rows.add(
                    "role_assignments",
                    {
                        "person_id": pid,
                        "role_id": self.role_ids[role],
                        "service_id": service_id,
                        "process_id": process_id,
                        "created_at": self.now - timedelta(days=700),
                    },
                )

    def _scope(self, scope: str | None) -> tuple[int | None, int | None]:
        if scope is None:
            return None, None
        kind, key = scope.split(":")
        if kind == "service":
            return self.services[key], None
        return None, self.processes[key]

    # -- plans and objectives ----------------------------------------------------------------
    def add_plans(self) -> None:
        for key, kind, name, scope, description in content.PLANS:
            self._plan(key, kind, name, scope, description)

    def add_bench_plans(self) -> None:
        chosen = {"strategic", "sip_email", "pip_incident", "security", "continuity", "skills"}
        for key, kind, name, scope, description in content.PLANS:
            if key in chosen:
                self._plan(key, kind, name, scope, description)

    def _plan(self, key: str, kind: str, name: str, scope: str | None, description: str) -> None:
        service_id, process_id = self._scope(scope)
        self.plans[key] = self.rows.add(
            "plans",
            {
                "kind": kind,
                "name": name,
                "description": description,
                "owner_role_id": self.role_ids[OWNER_ROLE_BY_PLAN_KIND[PlanKind(kind)]],
                "service_id": service_id,
                "process_id": process_id,
                "confidential": kind == PlanKind.SECURITY_IMPROVEMENT,
                "created_at": self.now - timedelta(days=720),
            },
        )
        self.plan_kinds[key] = kind

    def add_objectives(self) -> None:
        for key, level, parent, title in content.OBJECTIVES:
            self.objectives_by_key[key] = self.rows.add(
                "objectives",
                {
                    "level": level,
                    "title": title,
                    "description": "",
                    "parent_id": self.objectives_by_key.get(parent) if parent else None,
                    "created_at": self.now - timedelta(days=700),
                },
            )

    # -- initiatives ---------------------------------------------------------------------------
    def add_initiatives(self, copies: int) -> None:
        for copy in range(copies):
            for spec in content.INITIATIVES:
                plan_key, title, owner, status, priority, budget, dims, chain = spec
                if copy:
                    title = f"{title} (wave {copy + 1})"
                self.initiatives_by_title[title] = self._initiative(
                    self.plans[plan_key],
                    title,
                    self.people[owner],
                    status,
                    priority,
                    budget,
                    dims,
                    chain,
                )
        portal = self.initiatives_by_title["Introduce a self-service portal"]
        by_id = {row["id"]: row for row in self.rows.tables["initiatives"]}
        for child_title in content.PORTAL_CHILDREN:
            by_id[self.initiatives_by_title[child_title]]["parent_id"] = portal
        for title, keys in content.INITIATIVE_OBJECTIVES.items():
            for key in keys:
                self.rows.add(
                    "initiative_objectives",
                    {
                        "initiative_id": self.initiatives_by_title[title],
                        "objective_id": self.objectives_by_key[key],
                    },
                )
        for title, services in content.INITIATIVE_SERVICES.items():
            for copy in range(copies):
                suffix = "" if not copy else f" (wave {copy + 1})"
                for service in services:
                    self.rows.add(
                        "initiative_services",
                        {
                            "initiative_id": self.initiatives_by_title[title + suffix],
                            "service_id": self.services[service],
                        },
                    )

    def add_bench_initiatives(self, initiatives: int, metrics_each: int, measurements_each: int):
        plan_keys = list(self.plans)
        specs = content.INITIATIVES
        owners = list(self.people.values())
        for n in range(initiatives):
            if n and n % CHUNK_INITIATIVES == 0:
                self.rows.flush()
            spec = specs[n % len(specs)]
            _, title, _, status, priority, budget, dims, chain = spec
            plan_id = self.plans[plan_keys[n % len(plan_keys)]]
            iid = self._initiative(
                plan_id,
                f"{title} #{n + 1}",
                owners[n % len(owners)],
                status,
                priority,
                budget,
                dims,
                chain,
                history=False,
            )
            for m in range(metrics_each):
                metric_spec = content.METRICS[(n * metrics_each + m) % len(content.METRICS)]
                if not metric_spec[6]:  # the benchmark measures every metric
                    metric_spec = (*metric_spec[:6], "Monitoring", *metric_spec[7:])
                metric_id = self._metric(
                    metric_spec,
                    plan_id,
                    f"{metric_spec[1]} #{n * metrics_each + m + 1}",
                    months=measurements_each,
                )
                self.rows.add("metric_initiatives", {"metric_id": metric_id, "initiative_id": iid})

    def add_portfolio(self) -> None:
        """Each service's history of portfolio decisions (how it came to stand where it
        does), the stakeholders who agreed the service levels, and a move waiting for the
        steering committee."""
        stakeholders = {row["name"]: row["id"] for row in self.rows.tables["stakeholders"]}
        for metric in self.rows.tables["metrics"]:
            agreed = content.SERVICE_LEVELS.get(metric["name"])
            if agreed is not None:
                metric["agreed_with_id"] = stakeholders[agreed]
        committee = self.people["margaret"]
        strategist = self.people["ada"]
        history = {
            "pipeline": [("charter", 200)],
            "live": [("charter", 880), ("go_live", 760)],
            "retired": [("charter", 880), ("go_live", 760), ("retire", 120)],
        }
        for key, _name, lifecycle, _description, _offerings in content.SERVICES:
            for move, days in history[lifecycle]:
                decided = self.now - timedelta(days=days)
                self.rows.add(
                    "portfolio_decisions",
                    {
                        "service_id": self.services[key], "move": move, "status": "approved",
                        "case": PORTFOLIO_CASES[move], "decision_note": "",
                        "initiative_id": (
                            self.initiatives_by_title.get("Introduce a self-service portal")
                            if key == "portal" else None
                        ),
                        "proposed_by_id": strategist, "decided_by_id": committee,
                        "created_at": decided - timedelta(days=14), "decided_at": decided,
                        "updated_at": decided, "version": 2,
                    },
                )  # fmt: skip
        for key, move, proposer, case in content.PENDING_MOVES:
            proposed = self.now - timedelta(days=3)
            self.rows.add(
                "portfolio_decisions",
                {
                    "service_id": self.services[key], "move": move, "status": "proposed",
                    "case": case, "decision_note": "", "initiative_id": None,
                    "proposed_by_id": self.people[proposer], "decided_by_id": None,
                    "created_at": proposed, "decided_at": None, "updated_at": proposed,
                    "version": 1,
                },
            )  # fmt: skip

    def add_meeting_pack(self) -> None:
        """This year's budget envelopes of the plans that set one, and the steering
        committee's last meeting, four weeks ago (the meeting pack's "what changed" runs from
        it)."""
        for key, amount in content.BUDGET_ENVELOPES:
            self.rows.add(
                "plan_budget_envelopes",
                {
                    "plan_id": self.plans[key], "year": self.today.year,
                    "amount": Decimal(amount).quantize(Decimal("0.01")), "currency": "EUR",
                    "set_by_id": self.people["margaret" if key == "strategic" else "ada"],
                    "set_at": self.now - timedelta(days=60),
                },
            )  # fmt: skip
        held = self.now - timedelta(days=28)
        meeting = self.rows.add(
            "steering_meetings",
            {
                "held_on": held.date(), "decisions": content.MEETING_DECISIONS,
                "notes": content.MEETING_NOTES, "recorded_by_id": self.people["margaret"],
                "created_at": held, "updated_at": held, "version": 1,
            },
        )  # fmt: skip
        for key in ("ada", "margaret", "tom"):
            self.rows.add(
                "steering_meeting_attendees",
                {"meeting_id": meeting, "person_id": self.people[key]},
            )

    def add_balance(self) -> None:
        """Two years of the organisation's balance a quarter at a time (content.BALANCE_HISTORY:
        a reactive organisation turning proactive), assessed by the steering committee and
        the service strategy manager, and the guidelines agreed for each tension."""
        count = len(content.BALANCE_HISTORY)
        end_of_last = date(self.today.year, 3 * ((self.today.month - 1) // 3) + 1, 1) - timedelta(
            days=1
        )
        for index, scores in enumerate(content.BALANCE_HISTORY):
            end = _add_months(end_of_last + timedelta(days=1), -3 * (count - 1 - index)) - (
                timedelta(days=1)
            )
            start = _add_months(end + timedelta(days=1), -3)
            assessed = end + timedelta(days=10)
            notes = content.BALANCE_NOTES.get(index, ("", "", "", ""))
            moment = datetime.combine(assessed, time(15, 0), tzinfo=UTC)
            assessment_id = self.rows.add(
                "balance_assessments",
                {
                    "service_id": None, "period_start": start, "period_end": end,
                    "assessed_on": assessed,
                    **dict(zip(BALANCE_COLUMNS, scores, strict=True)),
                    **{f"{name}_evidence": note
                       for name, note in zip(BALANCE_COLUMNS, notes, strict=True)},
                    "recorded_by_id": self.people["margaret"], "created_at": moment,
                    "updated_at": moment, "version": 1,
                },
            )  # fmt: skip
            for person in ("ada", "margaret", "tom"):
                self.rows.add(
                    "balance_assessors",
                    {"assessment_id": assessment_id, "person_id": self.people[person]},
                )
        for tension, owner, statement in content.BALANCE_GUIDELINES:
            self.rows.add(
                "balance_guidelines",
                {
                    "tension": tension, "statement": statement, "owner_id": self.people[owner],
                    "review_on": self.today + timedelta(days=120),
                    "created_at": self.now - timedelta(days=300),
                    "updated_at": self.now - timedelta(days=300), "version": 1,
                },
            )  # fmt: skip

    def add_governance(self) -> None:
        """The defined processes (content.PROCESS_DEFINITIONS): purpose and scope, activities
        with their RACI, policies, and a version of the whole definition after each change,
        replayed in the order the changes were made."""
        role_names = {role.slug: role.name for role in BUILTIN_ROLES}
        names = {key: name for key, name, _admin, _grants in content.PEOPLE}
        for key, (purpose, scope, activities, policies) in content.PROCESS_DEFINITIONS.items():
            process_id = self.processes[key]
            process_row = self.rows.tables["processes"][process_id - 1]
            author = content.PROCESS_AUTHORS[key]
            events: list[tuple[int, str, Callable[[], None]]] = []
            state: dict = {"purpose": "", "scope": "", "activities": [], "policies": []}

            def defined(state=state, purpose=purpose, scope=scope) -> None:
                state["purpose"], state["scope"] = purpose, scope

            events.append((content.DEFINED_DAYS_AGO, "Changed the purpose and scope", defined))
            for position, spec in enumerate(activities, start=1):
                events += self._activity_events(process_id, position, spec, state, role_names)
            for spec in policies:
                events += self._policy_events(process_id, spec, state)
            events.sort(key=lambda event: -event[0])
            for number, (days_ago, change, apply) in enumerate(events, start=1):
                apply()
                moment = self.now - timedelta(days=days_ago, hours=-number)
                self.rows.add(
                    "process_definition_versions",
                    {
                        "process_id": process_id, "number": number, "recorded_at": moment,
                        "recorded_by_id": self.people[author],
                        "recorded_by_name": names[author],
                        "change": change,
                        "definition": {
                            "purpose": state["purpose"], "scope": state["scope"],
                            "activities": [dict(a, raci=list(a["raci"]))
                                           for a in state["activities"]],
                            "policies": [dict(p) for p in state["policies"]],
                        },
                    },
                )  # fmt: skip
            process_row.update(purpose=purpose, scope=scope, definition_version=len(events))

    def _raci(self, parts: dict[str, str], role_names: dict[str, str]) -> list[dict]:
        owner = {"roleId": self.role_ids[PROCESS_OWNER], "role": PROCESS_OWNER,
                 "roleName": role_names[PROCESS_OWNER], "part": "accountable"}  # fmt: skip
        others = sorted(
            ({"roleId": self.role_ids[slug], "role": slug, "roleName": role_names[slug],
              "part": part} for slug, part in parts.items()),
            key=lambda cell: cell["roleName"],
        )  # fmt: skip
        return [owner, *others]

    def _activity_events(self, process_id, position, spec, state, role_names) -> list:
        name, inputs, outputs, handoffs, procedure, raci, added, earlier, changed = spec
        added_at = self.now - timedelta(days=added)
        activity_id = self.rows.add(
            "process_activities",
            {
                "process_id": process_id, "position": position, "name": name,
                "inputs": inputs, "outputs": outputs, "handoffs": handoffs,
                "procedure": procedure, "created_at": added_at,
                "updated_at": self.now - timedelta(days=changed) if earlier else added_at,
                "version": 2 if earlier else 1,
            },
        )  # fmt: skip
        for slug, part in raci.items():
            self.rows.add(
                "activity_responsibilities",
                {"activity_id": activity_id, "role_id": self.role_ids[slug],
                 "responsibility": part},
            )  # fmt: skip
        item = {
            "id": activity_id, "position": position, "name": name, "inputs": inputs,
            "outputs": outputs, "handoffs": handoffs, "procedure": procedure,
            "raci": self._raci(earlier or raci, role_names),
        }  # fmt: skip

        def add() -> None:
            state["activities"].append(dict(item))

        def change() -> None:
            for activity in state["activities"]:
                if activity["id"] == activity_id:
                    activity["raci"] = self._raci(raci, role_names)

        events = [(added, f"Added the activity {name!r}", add)]
        if earlier:
            events.append((changed, f"Changed who does what in the activity {name!r}", change))
        return events

    def _policy_events(self, process_id, spec, state) -> list:
        title, statement, rationale, effective, review_in, retired = spec
        effective_on = self.today - timedelta(days=effective)
        retired_on = self.today - timedelta(days=retired) if retired is not None else None
        changed_at = self.now - timedelta(days=retired if retired is not None else effective)
        policy_id = self.rows.add(
            "process_policies",
            {
                "process_id": process_id, "title": title, "statement": statement,
                "rationale": rationale, "effective_on": effective_on,
                "review_on": self.today + timedelta(days=review_in), "retired_on": retired_on,
                "created_at": self.now - timedelta(days=effective), "updated_at": changed_at,
                "version": 2 if retired is not None else 1,
            },
        )  # fmt: skip
        item = {
            "id": policy_id, "title": title, "statement": statement, "rationale": rationale,
            "effectiveOn": effective_on.isoformat(),
            "reviewOn": (self.today + timedelta(days=review_in)).isoformat(), "retiredOn": None,
        }  # fmt: skip

        def adopt() -> None:
            state["policies"].append(dict(item))

        def retire() -> None:
            for policy in state["policies"]:
                if policy["id"] == policy_id:
                    policy["retiredOn"] = retired_on.isoformat() if retired_on else None

        events = [(effective, f"Adopted the policy {title!r}", adopt)]
        if retired is not None:
            events.append((retired, f"Retired the policy {title!r}", retire))
        return events

    def add_comments(self) -> None:
        """A few conversations on running work (content.COMMENTS), with their mentions."""
        names = {key: name for key, name, _admin, _grants in content.PEOPLE}
        for title, author, days_ago, body, mentioned in content.COMMENTS:
            moment = self.now - timedelta(days=days_ago)
            comment_id = self.rows.add(
                "comments",
                {
                    "initiative_id": self.initiatives_by_title[title], "suggestion_id": None,
                    "metric_id": None, "service_review_id": None, "balance_assessment_id": None,
                    "author_id": self.people[author], "author_name": names[author],
                    "body": body, "created_at": moment, "updated_at": moment,
                    "edited_at": None, "version": 1,
                },
            )  # fmt: skip
            for key in mentioned:
                self.rows.add(
                    "comment_mentions", {"comment_id": comment_id, "person_id": self.people[key]}
                )

    def add_notifications(self) -> None:
        """What waits for a decision tells those who decide: each proposed initiative its
        plan's owners, each budget request the steering committee; and each demo comment the
        people it mentions."""
        names = {pid: row["name"] for pid, row in enumerate(self.rows.tables["people"], 1)}
        plans = dict(enumerate(self.rows.tables["plans"], 1))
        grants = self.rows.tables["role_assignments"]
        committee = {g["person_id"] for g in grants
                     if g["role_id"] == self.role_ids["steering_committee"]}  # fmt: skip

        def owners(plan: dict) -> set[int]:
            return {
                g["person_id"] for g in grants
                if g["role_id"] == plan["owner_role_id"]
                and (g["service_id"], g["process_id"]) in {
                    (None, None), (plan["service_id"], plan["process_id"])
                }
            }  # fmt: skip

        for iid, row in enumerate(self.rows.tables["initiatives"], 1):
            plan, owner = plans[row["plan_id"]], row["owner_id"]
            if row["status"] == "proposed":
                told = owners(plan)
                message = (f"{names[owner]} proposed “{row['title']}” in {plan['name']}: "
                           "approve or reject it.")  # fmt: skip
            elif row["status"] == "budget_requested":
                told = committee
                message = f"{names[owner]} asks for a budget for “{row['title']}”: decide it."
            else:
                continue
            for person in sorted(told - {owner}):
                self._notify(person, "awaiting_decision", message, owner, names,
                             row["updated_at"], initiative_id=iid)  # fmt: skip
        comments = self.rows.tables.get("comments", [])
        for mention in self.rows.tables.get("comment_mentions", []):
            comment = comments[mention["comment_id"] - 1]
            title = self.rows.tables["initiatives"][comment["initiative_id"] - 1]["title"]
            self._notify(
                mention["person_id"], "mentioned",
                f"{comment['author_name']} mentioned you on “{title}”.", comment["author_id"],
                names, comment["created_at"], initiative_id=comment["initiative_id"],
                comment_id=mention["comment_id"],
            )  # fmt: skip

    def _notify(self, person_id, kind, message, actor_id, names, at, **subject) -> None:
        columns = ("initiative_id", "suggestion_id", "metric_id", "service_review_id",
                   "balance_assessment_id", "comment_id")  # fmt: skip
        self.rows.add(
            "notifications",
            {
                "person_id": person_id, "kind": kind, "message": message,
                "actor_id": actor_id, "actor_name": names[actor_id],
                **{column: subject.get(column) for column in columns},
                "created_at": at, "read_at": None,
            },
        )  # fmt: skip

    def add_realised_benefits(self) -> None:
        """What each completed initiative achieved, frozen from its linked metrics on the day it
        completed (as completing one records it: server/domain/metrics/corrective_actions.py);
        one older piece of work has had its benefit review (the gains held)."""
        metrics = {row["id"]: row for row in self.rows.tables["metrics"]}
        links: dict[int, list[int]] = {}
        for row in self.rows.tables.get("metric_initiatives", []):
            links.setdefault(row["initiative_id"], []).append(row["metric_id"])
        oldest: tuple[date, int, int] | None = None
        for initiative in self.rows.tables["initiatives"]:
            ended = initiative.get("actual_end")
            if initiative["status"] != "completed" or ended is None:
                continue
            moment = datetime.combine(ended, time(17, 0), tzinfo=UTC)
            for metric_id in sorted(links.get(initiative["id"], [])):
                metric = metrics[metric_id]
                before = [
                    row for row in self._measurements_of(metric_id) if row["taken_at"] <= moment
                ]
                value = max(before, key=lambda row: row["taken_at"])["value"] if before else None
                self.rows.add(
                    "realised_benefits",
                    {
                        "initiative_id": initiative["id"], "metric_id": metric_id,
                        "value": value,
                        "attainment": analysis.attainment(
                            metric.get("baseline_value"), metric.get("target_value"), value,
                            Direction(metric["direction"]),
                        ),
                        "recorded_at": moment, "baseline_value": metric.get("baseline_value"),
                        "target_value": metric.get("target_value"),
                    },
                )  # fmt: skip
            if links.get(initiative["id"]) and (oldest is None or ended < oldest[0]):
                oldest = (ended, initiative["id"], initiative["owner_id"])
        if oldest is not None and oldest[0] + timedelta(days=120) <= self.today:
            ended, initiative_id, owner = oldest
            self.rows.add(
                "benefit_reviews",
                {
                    "initiative_id": initiative_id, "reviewed_on": ended + timedelta(days=95),
                    "outcome": "sustained",
                    "note": "The gains held three months on; nothing to correct.",
                    "reviewed_by_id": owner, "corrective_initiative_id": None,
                    "created_at": datetime.combine(ended + timedelta(days=95), time(11, 0),
                                                   tzinfo=UTC),
                },
            )  # fmt: skip

    def add_stakeholders(self) -> None:
        """Customers, business units, user groups, a supplier and a team, with the services
        each one uses."""
        for name, kind, contact, description, owner, services in content.STAKEHOLDERS:
            stakeholder_id = self.rows.add(
                "stakeholders",
                {
                    "name": name,
                    "kind": kind,
                    "contact": contact,
                    "description": description,
                    "relationship_owner_id": self.people[owner],
                    "created_at": self.now - timedelta(days=700),
                    "updated_at": self.now - timedelta(days=700),
                    "version": 1,
                },
            )
            for service, years, notes in services:
                self.rows.add(
                    "stakeholder_services",
                    {
                        "stakeholder_id": stakeholder_id,
                        "service_id": self.services[service],
                        "since": date(self.today.year - years, 1, 1),
                        "notes": notes,
                    },
                )

    def add_feedback(self, months: int = 24) -> None:
        """Two years of feedback on two live services, moving their satisfaction, and the
        satisfaction metric each one has, computed month by month as the feedback path
        computes it (server/domain/engagement/feedback.py)."""
        stakeholder_ids = {
            row["name"]: row["id"] for row in self.rows.tables.get("stakeholders", [])
        }
        for service, owner, givers, then, now in content.FEEDBACK_TRENDS:
            service_id = self.services[service]
            by_month: dict[date, list[int]] = {}
            for n in range(months):
                month = _month_start(self.today, months - n)
                mean = then + (now - then) * n / (months - 1)
                for k, giver in enumerate(givers):
                    score = max(1, min(5, round(mean + self.rand.gauss(0, 0.7))))
                    given_on = month + timedelta(days=3 + 7 * k)
                    self.rows.add(
                        "feedback",
                        {
                            "service_id": service_id,
                            "stakeholder_id": stakeholder_ids[giver],
                            "person_id": None,
                            "given_on": given_on,
                            "score": score,
                            "comment": content.FEEDBACK_COMMENTS[score],
                            "channel": ("survey", "service_desk", "meeting")[k % 3],
                            "recorded_by_id": self.people[owner],
                            "created_at": datetime.combine(given_on, time(16, 0), tzinfo=UTC),
                        },
                    )
                    by_month.setdefault(month, []).append(score)
            first = min(by_month)
            plan_id = next(
                row["id"]
                for row in self.rows.tables["plans"]
                if row.get("service_id") == service_id
            )
            metric_id = self.rows.add(
                "metrics",
                {
                    "name": feedback.metric_name(content_service_name(service)),
                    "description": (
                        "The average satisfaction score (1 to 5) of the stakeholder feedback "
                        "given each month, computed from the feedback recorded on the service."
                    ),
                    "unit": "of 5",
                    "direction": "up",
                    "should_measure": True,
                    "can_measure": True,
                    "data_source": "Stakeholder feedback (computed each month)",
                    "frequency": "monthly",
                    "baseline_value": feedback.average(by_month[first]),
                    "baseline_date": first,
                    "target_value": feedback.TARGET,
                    "target_date": date(self.today.year + 1, 12, 31),
                    "amber_tolerance": feedback.TOLERANCE,
                    "owner_id": self.people[owner],
                    "plan_id": plan_id,
                    "service_id": service_id,
                    "process_id": None,
                    "derived_from": feedback.DERIVED_FROM,
                    "perspective": "customer_outcome",
                    "service_level": False,
                    "agreed_with_id": None,
                    "created_at": self.now - timedelta(days=31 * months),
                },
            )
            self.rows.add(  # what satisfaction shows: being the partner people would choose
                "metric_objectives",
                {"metric_id": metric_id, "objective_id": self.objectives_by_key["vision"]},
            )
            for month, scores in sorted(by_month.items()):
                self.rows.add(
                    "measurements",
                    {
                        "metric_id": metric_id,
                        "value": feedback.average(scores),
                        "taken_at": feedback.month_of(month),
                        "source": feedback.SOURCE,
                        "recorded_by_id": None,
                        "recorded_at": feedback.month_of(month) + timedelta(days=28),
                    },
                )

    def add_reviews(self, months: int = 24) -> None:
        """Two years of reviews of each live service at its cadence, with the people and
        stakeholders who took part, the metrics and satisfaction as they stood then, and the
        findings with their outcomes (content.REVIEW_FINDINGS); all closed, but for a Service
        Desk review planned and not yet held."""
        for service, (cadence, next_in) in content.REVIEW_CADENCES.items():
            service_id = self.services[service]
            owner = self._service_owner(service_id)
            stakeholders = self._stakeholders_of(service_id)
            step = review_cadence.MONTHS[ReviewCadence(cadence)]
            due = self.today + timedelta(days=next_in)
            held_days = [_add_months_keep(due, -step * k) for k in range(months // step, 0, -1)]
            for index, held_on in enumerate(held_days):
                start = _add_months_keep(held_on, -step)
                review_id = self._review(
                    service_id, owner, stakeholders, start, held_on - timedelta(days=1), held_on
                )
                for title, description, outcome in content.REVIEW_FINDINGS.get(
                    (service, index), []
                ):
                    self._finding(review_id, service_id, owner, held_on, title, description,
                                  outcome)  # fmt: skip
            if next_in < 0:  # planned, its day passed, not held yet
                last = held_days[-1]
                self._review(service_id, owner, stakeholders, last, due - timedelta(days=1), None,
                             scheduled=due)  # fmt: skip

    def _service_owner(self, service_id: int) -> int:
        owner_role = self.role_ids["service_owner"]
        return next(
            row["person_id"]
            for row in self.rows.tables["role_assignments"]
            if row["role_id"] == owner_role and row.get("service_id") == service_id
        )

    def _stakeholders_of(self, service_id: int) -> list[int]:
        return [
            row["stakeholder_id"]
            for row in self.rows.tables.get("stakeholder_services", [])
            if row["service_id"] == service_id
        ]

    def _review(
        self, service_id: int, owner: int, stakeholders: list[int], start: date, end: date,
        held_on: date | None, scheduled: date | None = None,
    ) -> int:  # fmt: skip
        opened = datetime.combine(held_on or scheduled or end, time(9, 0), tzinfo=UTC)
        closed = opened + timedelta(days=7)
        scores = [
            row["score"]
            for row in self.rows.tables.get("feedback", [])
            if row["service_id"] == service_id and start <= row["given_on"] <= end
        ]
        review_id = self.rows.add(
            "service_reviews",
            {
                "service_id": service_id,
                "period_start": start,
                "period_end": end,
                "scheduled_on": held_on or scheduled,
                "held_on": held_on,
                "status": "closed" if held_on else "draft",
                "notes": "Quarterly look at the service with the people who use it."
                if held_on
                else "Agenda: satisfaction, the open improvements, what is next.",
                "satisfaction_average": (feedback.average(scores) if held_on and scores else None),
                "satisfaction_responses": len(scores) if held_on else None,
                "opened_by_id": owner,
                "closed_at": closed if held_on else None,
                "created_at": opened - timedelta(days=14),
                "updated_at": closed if held_on else opened - timedelta(days=14),
                "version": 3 if held_on else 1,
            },
        )
        for person_id in sorted({owner, self.people["sam"]}):
            self.rows.add("service_review_people", {"review_id": review_id, "person_id": person_id})
        for stakeholder_id in stakeholders:
            self.rows.add(
                "service_review_stakeholders",
                {"review_id": review_id, "stakeholder_id": stakeholder_id},
            )
        if held_on is not None:
            self._snapshot(review_id, service_id, held_on)
        return review_id

    def _snapshot(self, review_id: int, service_id: int, held_on: date) -> None:
        """The service's open metrics as they stood on the day (as holding a review freezes
        them: server/domain/engagement/reviews.py)."""
        confidential = {row["id"] for row in self.rows.tables["plans"] if row.get("confidential")}
        hidden_work = {
            row["id"] for row in self.rows.tables["initiatives"] if row["plan_id"] in confidential
        }
        shows_hidden = {
            row["metric_id"]
            for row in self.rows.tables.get("metric_initiatives", [])
            if row["initiative_id"] in hidden_work
        }
        metrics = sorted(
            (
                row for row in self.rows.tables["metrics"]
                if row.get("service_id") == service_id and row.get("plan_id") not in confidential
                and row["id"] not in shows_hidden
            ),
            key=lambda row: (row["name"], row["id"]),
        )  # fmt: skip
        until = datetime.combine(held_on, time(23, 59), tzinfo=UTC)
        for position, metric in enumerate(metrics, start=1):
            values = [
                row["value"]
                for row in sorted(
                    self._measurements_of(metric["id"]), key=lambda row: row["taken_at"]
                )
                if row["taken_at"] <= until
            ][-analysis.TREND_WINDOW :]
            seen = analysis.analyse(
                values=values, baseline=metric.get("baseline_value"),
                target=metric.get("target_value"), direction=Direction(metric["direction"]),
                tolerance=metric.get("amber_tolerance"), unit=metric.get("unit", ""),
                period=PERIODS.get(metric.get("frequency") or "monthly", "month"),
            )  # fmt: skip
            self.rows.add(
                "review_metric_snapshots",
                {
                    "review_id": review_id, "position": position, "metric_id": metric["id"],
                    "metric_name": metric["name"], "unit": metric.get("unit", ""),
                    "status": seen.rag.value, "reason": seen.reason,
                    "latest_value": seen.latest, "target_value": metric.get("target_value"),
                    "trend": seen.trend.value,
                },
            )  # fmt: skip

    def _measurements_of(self, metric_id: int) -> list[dict]:
        """A metric's measurement rows so far (indexed again when rows were added since)."""
        rows = self.rows.tables.get("measurements", [])
        if getattr(self, "_indexed", -1) != len(rows):
            self._by_metric: dict[int, list[dict]] = {}
            for row in rows:
                self._by_metric.setdefault(row["metric_id"], []).append(row)
            self._indexed = len(rows)
        return self._by_metric.get(metric_id, [])

    def _finding(
        self, review_id: int, service_id: int, owner: int, held_on: date, title: str,
        description: str, outcome: tuple,
    ) -> None:  # fmt: skip
        decided = datetime.combine(held_on, time(15, 0), tzinfo=UTC)
        kind = outcome[0]
        finding_id = self.rows.add(
            "review_findings",
            {
                "review_id": review_id, "title": title, "description": description,
                "outcome": kind,
                "outcome_note": outcome[1] if kind == "no_action" else "",
                "initiative_id": (
                    self.initiatives_by_title[outcome[1]] if kind == "improvement" else None
                ),
                "raised_by_id": owner, "decided_by_id": owner, "decided_at": decided,
                "created_at": decided - timedelta(hours=5),
            },
        )  # fmt: skip
        if kind != "suggestion":
            return
        _kind, plan, status, joined = outcome
        plan_row = self.rows.tables["plans"][self.plans[plan] - 1]
        decider = self.people["margaret"] if plan == "strategic" else None
        if decider is None:
            decider = self._plan_owner(plan_row)
        self.rows.add(
            "suggestions",
            {
                "plan_id": self.plans[plan], "service_id": service_id,
                "process_id": plan_row.get("process_id"), "title": title,
                "description": description, "source": "review_finding",
                "source_metric_id": None, "source_feedback_id": None,
                "source_finding_id": finding_id, "status": status, "author_id": owner,
                "triage_note": "" if status == "submitted" else "Thank you: taken up.",
                "decided_by_id": decider if status != "submitted" else None,
                "decided_at": decided + timedelta(days=9) if status != "submitted" else None,
                "initiative_id": self.initiatives_by_title[joined] if joined else None,
                "merged_into_id": None, "created_at": decided,
                "updated_at": decided + timedelta(days=9) if status != "submitted" else decided,
                "version": 1,
            },
        )  # fmt: skip

    def _plan_owner(self, plan_row: dict) -> int:
        role = self.role_ids[OWNER_ROLE_BY_PLAN_KIND[PlanKind(plan_row["kind"])]]
        return next(
            row["person_id"]
            for row in self.rows.tables["role_assignments"]
            if row["role_id"] == role
            and row.get("service_id") == plan_row.get("service_id")
            and row.get("process_id") == plan_row.get("process_id")
        )

    def add_suggestions(self) -> None:
        """The open improvement register, in every state; the first, from a person without a
        role, became the strategic plan's portal initiative."""
        by_title: dict[str, int] = {}
        initiatives = self.rows.tables["initiatives"]
        for spec in content.SUGGESTIONS:
            plan, title, description, author, status, decider, note, days, joined, fans = spec
            initiative_id = self.initiatives_by_title.get(joined) if joined else None
            merged_into = by_title.get(joined) if joined and initiative_id is None else None
            if days is None:  # submitted three weeks before the initiative it became
                created = initiatives[initiative_id - 1]["created_at"] - timedelta(days=21)
            else:
                created = self.now - timedelta(days=days, hours=3)
            decided = created + timedelta(days=6) if status not in ("submitted",) else None
            plan_row = self.rows.tables["plans"][self.plans[plan] - 1]
            suggestion_id = self.rows.add(
                "suggestions",
                {
                    "plan_id": self.plans[plan],
                    "service_id": plan_row.get("service_id"),
                    "process_id": plan_row.get("process_id"),
                    "title": title,
                    "description": description,
                    "source": "own_idea",
                    "source_metric_id": None,
                    "source_feedback_id": None,
                    "source_finding_id": None,
                    "status": status,
                    "author_id": self.people[author],
                    "triage_note": note,
                    "decided_by_id": self.people[decider] if decider else None,
                    "decided_at": decided if status != "needs_information" else None,
                    "initiative_id": initiative_id,
                    "merged_into_id": merged_into,
                    "created_at": created,
                    "updated_at": decided or created,
                    "version": 1,
                },
            )
            by_title[title] = suggestion_id
            for fan in fans:
                self.rows.add(
                    "suggestion_supports",
                    {
                        "suggestion_id": suggestion_id,
                        "person_id": self.people[fan],
                        "created_at": created + timedelta(days=1),
                    },
                )

    def _initiative(
        self, plan_id, title, owner_id, status, priority, budget, dims, chain, history: bool = True
    ) -> int:
        rand = self.rand
        steps = lifecycle_path(InitiativeStatus(status), budget)
        path = [state.value for _, state in steps]
        created = self.now - timedelta(days=rand.randint(60, 420), hours=rand.randint(0, 8))
        planned_start = (created + timedelta(days=rand.randint(14, 60))).date()
        planned_end = planned_start + timedelta(days=rand.randint(60, 360))
        started = "in_progress" in path
        approved_budget = None
        if budget is not None and "funded" in path:
            approved_budget = Decimal(budget) * Decimal("0.9") if rand.random() < 0.3 else budget
        row = {
            "plan_id": plan_id,
            "parent_id": None,
            "title": title,
            "description": f"{title}. Scoped, planned and tracked in the register.",
            "rationale": "Supports the objectives agreed in the last service review.",
            "owner_id": owner_id,
            "status": status,
            "priority": priority,
            "execution_mode": "formal_project" if budget and budget >= 50000 else "informal",
            "value_chain_activity": ValueChainActivity(chain).value,
            "planned_start": planned_start,
            "planned_end": planned_end,
            "actual_start": planned_start if started else None,
            "actual_end": min(planned_end, self.today) if status == "completed" else None,
            "currency": "EUR",
            "budget_requested": Decimal(budget).quantize(Decimal("0.01")) if budget else None,
            "budget_approved": (
                Decimal(approved_budget).quantize(Decimal("0.01")) if approved_budget else None
            ),
            "budget_spent": None,  # from its status updates, below
            "outcome": (
                rand.choice(["achieved", "achieved", "partly_achieved", "not_achieved"])
                if status == "completed"
                else None
            ),
            "outcome_note": "Reviewed at closure with the plan owner."
            if status == "completed"
            else "",
            "created_by_id": owner_id,
            "created_at": created,
            "updated_at": created,
            "version": len(path),
        }
        iid = self.rows.add("initiatives", row)
        for dim in dims:
            self.rows.add(
                "initiative_dimensions",
                {"initiative_id": iid, "dimension": FourDimension(dim).value},
            )
        for tag in _tags(title, priority, budget, dims):
            self.rows.add("initiative_tags", {"initiative_id": iid, "tag": tag})
        if history:
            self._history(iid, steps, created, owner_id, row)
        return iid

    def _history(self, iid: int, walk: Path, created: datetime, owner_id: int, row: dict):
        rand = self.rand
        at = created
        steps: list[tuple[str | None, str, datetime]] = []
        actors: list[int] = []
        previous = None
        approver = self.people["margaret"]
        for transition, state in walk:
            steps.append((previous, state.value, at))
            # the owner proposes and moves the work on; the approver decides (approve, reject,
            # fund, cancel)
            by_owner = transition is None or EDGES[transition].action is Action.EDIT
            actors.append(owner_id if by_owner else approver)
            previous = state.value
            at = at + timedelta(days=rand.randint(3, 20))
        path = [state for _, state, _ in steps]
        for (from_state, to_state, when), actor in zip(steps, actors, strict=True):
            self.rows.add(
                "initiative_events",
                {
                    "initiative_id": iid,
                    "from_status": from_state,
                    "to_status": to_state,
                    "actor_id": actor,
                    "at": min(when, self.now),
                    "reason": REASONS.get(to_state, ""),
                },
            )
        row["updated_at"] = min(steps[-1][2], self.now)
        if "budget_requested" in path:
            requested_at = next(when for _, state, when in steps if state == "budget_requested")
            decided = "funded" in path
            self.rows.add(
                "budget_requests",
                {
                    "initiative_id": iid,
                    "amount": row["budget_requested"],
                    "currency": "EUR",
                    "justification": "Costs from two supplier quotes plus internal effort.",
                    "status": "approved" if decided else "pending",
                    "requested_by_id": owner_id,
                    "requested_at": min(requested_at, self.now),
                    "approved_amount": row["budget_approved"] if decided else None,
                    "decided_by_id": self.people["tom"] if decided else None,
                    "decided_at": min(requested_at + timedelta(days=9), self.now)
                    if decided
                    else None,
                    "decision_reason": "Fits the year's improvement budget." if decided else "",
                },
            )
        if "in_progress" in path:
            start = next(when for _, state, when in steps if state == "in_progress")
            end = self.now if path[-1] != "completed" else steps[-1][2]
            row["budget_spent"] = self._status_updates(
                iid, owner_id, start, end, done=path[-1] == "completed",
                budget=row["budget_approved"],
            )  # fmt: skip

    def _status_updates(
        self,
        iid: int,
        owner_id: int,
        start: datetime,
        end: datetime,
        done: bool,
        budget: Decimal | None = None,
    ) -> Decimal | None:
        """The updates; on a funded initiative each states the spend to date, in step with its
        progress (some run over, some under), and the last one is returned."""
        rand = self.rand
        pace = Decimal("0.85") + Decimal(iid % 7) * Decimal("0.05")  # no draw: the rest stays
        spent = None
        count = max(1, min(8, (end - start).days // 30))
        stale = rand.random() < 0.25 and not done  # some owners have gone quiet
        for n in range(count):
            at = start + (end - start) * (n + 1) / (count + 1)
            if stale:
                at -= timedelta(days=45)
            percent = 100 if done and n == count - 1 else min(95, int(100 * (n + 1) / (count + 1)))
            health = rand.choices(["on_track", "at_risk", "off_track"], [6, 3, 1])[0]
            if budget:
                spent = (Decimal(budget) * percent * pace / 100).quantize(Decimal("100"))
                spent = spent.quantize(Decimal("0.01"))
            self.rows.add(
                "status_updates",
                {
                    "initiative_id": iid,
                    "health": "on_track" if done else health,
                    "percent_complete": percent,
                    "note": _NOTES[n % len(_NOTES)],
                    "spent_to_date": spent,
                    "posted_by_id": owner_id,
                    "posted_at": max(at, start),
                },
            )
        return spent

    # -- metrics -------------------------------------------------------------------------------
    def add_metrics(self, copies: int) -> None:
        for copy in range(copies):
            for spec in content.METRICS:
                name = spec[1] if not copy else f"{spec[1]} (wave {copy + 1})"
                months = 12 + (self.rows.counts.get("metrics", 0) * 7) % 13
                metric_id = self._metric(spec, self.plans[spec[0]], name, months=months)
                for key in spec[8]:
                    self.rows.add(
                        "metric_objectives",
                        {"metric_id": metric_id, "objective_id": self.objectives_by_key[key]},
                    )
                suffix = "" if not copy else f" (wave {copy + 1})"
                for title in content.METRIC_LINKS.get(spec[1], []):
                    self.rows.add(
                        "metric_initiatives",
                        {
                            "metric_id": metric_id,
                            "initiative_id": self.initiatives_by_title[title + suffix],
                        },
                    )

    def _metric(self, spec, plan_id: int, name: str, months: int) -> int:
        _, _, unit, direction, baseline, target, source, owner, _, scope = spec
        service_id, process_id = self._scope(scope)
        first = _month_start(self.today, months)
        metric_id = self.rows.add(
            "metrics",
            {
                "name": name,
                "description": "",
                "unit": unit,
                "direction": direction,
                "should_measure": True,
                "can_measure": bool(source),
                "data_source": source,
                "frequency": "monthly",
                "baseline_value": float(baseline),
                "baseline_date": first,
                "target_value": float(target),
                "target_date": date(self.today.year + 1, 12, 31),
                "amber_tolerance": round(abs(target - baseline) * 0.1, 3),
                "owner_id": self.people[owner],
                "plan_id": plan_id,
                "service_id": service_id,
                "process_id": process_id,
                "derived_from": None,
                "perspective": content.METRIC_PERSPECTIVES.get(spec[1]),
                "service_level": spec[1] in content.SERVICE_LEVELS,
                "agreed_with_id": None,  # set once the stakeholders are in (add_portfolio)
                "created_at": self.now - timedelta(days=31 * months + 5),
            },
        )
        if source:
            self._measurements(metric_id, float(baseline), float(target), months, first)
        return metric_id

    def _measurements(
        self, metric_id: int, baseline: float, target: float, months: int, first: date
    ) -> None:
        rand = self.rand
        progress_to = rand.uniform(0.2, 1.1)  # how far along each metric has come
        span = target - baseline
        for n in range(months):
            month = _add_months(first, n)
            share = progress_to * (1 - math.exp(-3 * n / max(1, months - 1)))
            noise = rand.gauss(0, abs(span) * 0.06 if span else 0.01)
            value = round(baseline + span * share + noise, 3)
            self.rows.add(
                "measurements",
                {
                    "metric_id": metric_id,
                    "value": value,
                    "taken_at": datetime.combine(month, time(0, 0), tzinfo=UTC),
                    "source": "import",
                    "recorded_by_id": None,
                    "recorded_at": datetime.combine(month, time(6, 0), tzinfo=UTC)
                    + timedelta(days=1),
                },
            )


_NOTES = [
    "Kick-off done; suppliers briefed.",
    "Design agreed with the service owner.",
    "First increment delivered to a pilot group.",
    "Pilot feedback folded in.",
    "Roll-out under way across offices.",
    "Most users migrated; stragglers being chased.",
    "Hand-over to operations prepared.",
    "Closing actions in progress.",
]


def _tags(title: str, priority: str, budget: int | None, dims: list[str]) -> list[str]:
    tags = []
    if "portal" in title.lower():
        tags.append("self-service")
    if priority in ("low", "medium") and budget is None:
        tags.append("quick-win")
    if "partners_and_suppliers" in dims:
        tags.append("supplier")
    if budget is not None and budget >= 100_000:
        tags.append("major-spend")
    return tags


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _add_months_keep(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), kept within the month's length."""
    total = day.year * 12 + day.month - 1 + months
    year, month = total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_start(today: date, months_back: int) -> date:
    return _add_months(date(today.year, today.month, 1), -months_back)


def content_service_name(key: str) -> str:
    return next(name for service_key, name, *_ in content.SERVICES if service_key == key)
