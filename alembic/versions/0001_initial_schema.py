"""The initial schema: every table of the domain, and the nine built-in roles.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 02:45:32.616973
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The built-in roles as they were when this revision was written (a migration never imports
# application code that may change later; a test checks this list against server.domain.core.roles).
BUILTIN_ROLES = (
    (
        "steering_committee",
        "Steering committee",
        "Owns the strategic plan, approves strategic initiatives and decides budget requests.",
    ),
    (
        "service_strategy_manager",
        "Service strategy manager",
        "Maintains the strategic plan on behalf of the steering committee.",
    ),
    (
        "service_owner",
        "Service owner",
        "Accountable for one service and owner of its service improvement plan.",
    ),
    (
        "process_owner",
        "Process owner",
        "Accountable for one process and owner of its process improvement plan.",
    ),
    ("process_manager", "Process manager", "Runs a process day to day."),
    ("process_practitioner", "Process practitioner", "Carries out the activities of a process."),
    ("security_manager", "Security manager", "Owns the confidential security improvement plan."),
    (
        "service_continuity_manager",
        "Service continuity manager",
        "Owns the continuity improvement plan.",
    ),
    ("human_resources_manager", "Human resources manager", "Owns the skill development plan."),
)


def upgrade() -> None:

    op.create_table(
        "objectives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "vision",
                "strategy",
                "tactical",
                "operational",
                name="level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "(level = 'vision') = (parent_id IS NULL)",
            name=op.f("ck_objectives_only_vision_is_root"),
        ),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_objectives_title_not_empty")),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_objectives_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["objectives.id"],
            name=op.f("fk_objectives_parent_id_objectives"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objectives")),
    )
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objectives_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("is_admin", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "email = lower(email) AND email LIKE '%_@_%'", name=op.f("ck_people_email_format")
        ),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_people_name_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email", name=op.f("uq_people_email")),
    )
    op.create_table(
        "processes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_processes_name_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processes")),
        sa.UniqueConstraint("name", name=op.f("uq_processes_name")),
    )
    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("is_builtin", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.CheckConstraint(
            "length(slug) > 0 AND slug = lower(slug)", name=op.f("ck_roles_slug_format")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_roles_slug")),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "lifecycle",
            sa.Enum(
                "pipeline",
                "live",
                "retired",
                name="lifecycle",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_services_name_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
        sa.UniqueConstraint("name", name=op.f("uq_services_name")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "scope",
            sa.Enum("read", "read_write", name="scope", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "length(secret_hash) = 64", name=op.f("ck_api_tokens_secret_hash_sha256")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_api_tokens_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_tokens_prefix")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_person_id"), ["person_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("entity_label", sa.String(length=300), server_default="", nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "create",
                "update",
                "delete",
                "transition",
                name="action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("request_id", sa.String(length=40), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("admin_only", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["people.id"],
            name=op.f("fk_audit_log_actor_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            "ix_audit_log_entity_type_entity_id", ["entity_type", "entity_id"], unique=False
        )

    op.create_table(
        "offerings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "goods",
                "access_to_resources",
                "service_action",
                name="kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_offerings_name_not_empty")),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_offerings_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offerings")),
        sa.UniqueConstraint("service_id", "name", name=op.f("uq_offerings_service_id_name")),
    )
    with op.batch_alter_table("offerings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offerings_service_id"), ["service_id"], unique=False)

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "strategic",
                "service_improvement",
                "process_improvement",
                "security_improvement",
                "continuity_improvement",
                "skill_development",
                name="kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("owner_role_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("process_id", sa.Integer(), nullable=True),
        sa.Column("confidential", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "(kind = 'process_improvement') = (process_id IS NOT NULL)",
            name=op.f("ck_plans_process_scope"),
        ),
        sa.CheckConstraint(
            "(kind = 'service_improvement') = (service_id IS NOT NULL)",
            name=op.f("ck_plans_service_scope"),
        ),
        sa.CheckConstraint(
            "kind <> 'security_improvement' OR confidential",
            name=op.f("ck_plans_security_is_confidential"),
        ),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_plans_name_not_empty")),
        sa.ForeignKeyConstraint(
            ["owner_role_id"],
            ["roles.id"],
            name=op.f("fk_plans_owner_role_id_roles"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_plans_process_id_processes"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_plans_service_id_services"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("name", name=op.f("uq_plans_name")),
        sa.UniqueConstraint("process_id", name=op.f("uq_plans_process_id")),
        sa.UniqueConstraint("service_id", name=op.f("uq_plans_service_id")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plans_owner_role_id"), ["owner_role_id"], unique=False)

    op.create_table(
        "role_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("process_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "service_id IS NULL OR process_id IS NULL",
            name=op.f("ck_role_assignments_at_most_one_scope"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_role_assignments_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_role_assignments_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_role_assignments_role_id_roles"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_role_assignments_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_assignments")),
    )
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_assignments_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_assignments_process_id"), ["process_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_role_assignments_role_id"), ["role_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_role_assignments_service_id"), ["service_id"], unique=False
        )
        batch_op.create_index(
            "uq_role_assignments_process",
            ["person_id", "role_id", "process_id"],
            unique=True,
            sqlite_where=sa.text("process_id IS NOT NULL"),
            postgresql_where=sa.text("process_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_role_assignments_service",
            ["person_id", "role_id", "service_id"],
            unique=True,
            sqlite_where=sa.text("service_id IS NOT NULL"),
            postgresql_where=sa.text("service_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_role_assignments_unscoped",
            ["person_id", "role_id"],
            unique=True,
            sqlite_where=sa.text("service_id IS NULL AND process_id IS NULL"),
            postgresql_where=sa.text("service_id IS NULL AND process_id IS NULL"),
        )

    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("unit", sa.String(length=40), server_default="", nullable=False),
        sa.Column(
            "direction",
            sa.Enum("up", "down", name="direction", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("should_measure", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("can_measure", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("data_source", sa.String(length=300), server_default="", nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "daily",
                "weekly",
                "monthly",
                "quarterly",
                name="frequency",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("amber_tolerance", sa.Float(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("process_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "NOT can_measure OR length(data_source) > 0",
            name=op.f("ck_metrics_measurable_has_source"),
        ),
        sa.CheckConstraint(
            "amber_tolerance IS NULL OR amber_tolerance >= 0", name=op.f("ck_metrics_tolerance")
        ),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_metrics_name_not_empty")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_metrics_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_metrics_plan_id_plans"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_metrics_process_id_processes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_metrics_service_id_services"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metrics")),
    )
    with op.batch_alter_table("metrics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_metrics_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_metrics_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_metrics_process_id"), ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_metrics_service_id"), ["service_id"], unique=False)

    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("rationale", sa.Text(), server_default="", nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "approved",
                "rejected",
                "budget_requested",
                "funded",
                "in_progress",
                "on_hold",
                "completed",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "priority",
            sa.Enum(
                "low",
                "medium",
                "high",
                "critical",
                name="priority",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "execution_mode",
            sa.Enum(
                "formal_project",
                "informal",
                name="execution_mode",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "value_chain_activity",
            sa.Enum(
                "plan",
                "improve",
                "engage",
                "design_and_transition",
                "obtain_build",
                "deliver_and_support",
                name="value_chain_activity",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="EUR", nullable=False),
        sa.Column("budget_requested", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("budget_approved", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "achieved",
                "partly_achieved",
                "not_achieved",
                name="outcome",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("outcome_note", sa.Text(), server_default="", nullable=False),
        sa.Column("raised_from_metric_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(outcome IS NULL) OR status = 'completed'",
            name=op.f("ck_initiatives_outcome_only_when_completed"),
        ),
        sa.CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            name=op.f("ck_initiatives_actual_dates_ordered"),
        ),
        sa.CheckConstraint(
            "budget_approved >= 0", name=op.f("ck_initiatives_budget_approved_not_negative")
        ),
        sa.CheckConstraint(
            "budget_requested >= 0", name=op.f("ck_initiatives_budget_requested_not_negative")
        ),
        sa.CheckConstraint(
            "length(currency) = 3 AND currency = upper(currency)",
            name=op.f("ck_initiatives_currency_code"),
        ),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_initiatives_title_not_empty")),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_initiatives_not_own_parent")
        ),
        sa.CheckConstraint(
            "planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start",
            name=op.f("ck_initiatives_planned_dates_ordered"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_initiatives_version_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["people.id"],
            name=op.f("fk_initiatives_created_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_initiatives_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["initiatives.id"],
            name=op.f("fk_initiatives_parent_id_initiatives"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_initiatives_plan_id_plans"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["raised_from_metric_id"],
            ["metrics.id"],
            name=op.f("fk_initiatives_raised_from_metric_id_metrics"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
    )
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiatives_created_by_id"), ["created_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_initiatives_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index("ix_initiatives_plan_id_status", ["plan_id", "status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_initiatives_raised_from_metric_id"),
            ["raised_from_metric_id"],
            unique=False,
        )

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=120), server_default="manual", nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_measurements_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["people.id"],
            name=op.f("fk_measurements_recorded_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
    )
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measurements_metric_id_taken_at", ["metric_id", "taken_at"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_measurements_recorded_by_id"), ["recorded_by_id"], unique=False
        )

    op.create_table(
        "metric_objectives",
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_metric_objectives_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_metric_objectives_objective_id_objectives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("metric_id", "objective_id", name=op.f("pk_metric_objectives")),
    )
    with op.batch_alter_table("metric_objectives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metric_objectives_objective_id"), ["objective_id"], unique=False
        )

    op.create_table(
        "budget_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "(status = 'approved') = (approved_amount IS NOT NULL)",
            name=op.f("ck_budget_requests_approved_has_amount"),
        ),
        sa.CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)",
            name=op.f("ck_budget_requests_decided_has_time"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_budget_requests_amount_positive")),
        sa.CheckConstraint(
            "approved_amount IS NULL OR (approved_amount >= 0 AND approved_amount <= amount)",
            name=op.f("ck_budget_requests_approved_within_request"),
        ),
        sa.CheckConstraint(
            "length(currency) = 3 AND currency = upper(currency)",
            name=op.f("ck_budget_requests_currency_code"),
        ),
        sa.CheckConstraint(
            "length(justification) > 0", name=op.f("ck_budget_requests_justification_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["people.id"],
            name=op.f("fk_budget_requests_decided_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_budget_requests_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["people.id"],
            name=op.f("fk_budget_requests_requested_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_requests")),
    )
    with op.batch_alter_table("budget_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_requests_decided_by_id"), ["decided_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_budget_requests_initiative_id"), ["initiative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_budget_requests_requested_by_id"), ["requested_by_id"], unique=False
        )

    op.create_table(
        "initiative_dimensions",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "dimension",
            sa.Enum(
                "organizations_and_people",
                "information_and_technology",
                "partners_and_suppliers",
                "value_streams_and_processes",
                name="dimension",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_dimensions_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "initiative_id", "dimension", name=op.f("pk_initiative_dimensions")
        ),
    )
    with op.batch_alter_table("initiative_dimensions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_dimensions_dimension"), ["dimension"], unique=False
        )

    op.create_table(
        "initiative_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "proposed",
                "approved",
                "rejected",
                "budget_requested",
                "funded",
                "in_progress",
                "on_hold",
                "completed",
                "cancelled",
                name="from_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "proposed",
                "approved",
                "rejected",
                "budget_requested",
                "funded",
                "in_progress",
                "on_hold",
                "completed",
                "cancelled",
                name="to_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["people.id"],
            name=op.f("fk_initiative_events_actor_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_events_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_events")),
    )
    with op.batch_alter_table("initiative_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_events_actor_id"), ["actor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_initiative_events_initiative_id"), ["initiative_id"], unique=False
        )

    op.create_table(
        "initiative_objectives",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_objectives_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_initiative_objectives_objective_id_objectives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "initiative_id", "objective_id", name=op.f("pk_initiative_objectives")
        ),
    )
    with op.batch_alter_table("initiative_objectives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_objectives_objective_id"), ["objective_id"], unique=False
        )

    op.create_table(
        "initiative_tags",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.CheckConstraint("length(tag) > 0", name=op.f("ck_initiative_tags_tag_not_empty")),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_tags_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "tag", name=op.f("pk_initiative_tags")),
    )
    with op.batch_alter_table("initiative_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_tags_tag"), ["tag"], unique=False)

    op.create_table(
        "metric_initiatives",
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_metric_initiatives_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_metric_initiatives_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("metric_id", "initiative_id", name=op.f("pk_metric_initiatives")),
    )
    with op.batch_alter_table("metric_initiatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metric_initiatives_initiative_id"), ["initiative_id"], unique=False
        )

    op.create_table(
        "realised_benefits",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("attainment", sa.Float(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_realised_benefits_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_realised_benefits_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "metric_id", name=op.f("pk_realised_benefits")),
    )
    with op.batch_alter_table("realised_benefits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_realised_benefits_metric_id"), ["metric_id"], unique=False
        )

    op.create_table(
        "status_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "health",
            sa.Enum(
                "on_track",
                "at_risk",
                "off_track",
                name="health",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("percent_complete", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("posted_by_id", sa.Integer(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "percent_complete BETWEEN 0 AND 100", name=op.f("ck_status_updates_percent_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_status_updates_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["posted_by_id"],
            ["people.id"],
            name=op.f("fk_status_updates_posted_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_updates")),
    )
    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_updates_initiative_id_posted_at",
            ["initiative_id", "posted_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_status_updates_posted_by_id"), ["posted_by_id"], unique=False
        )

    roles = sa.table(
        "roles",
        sa.column("slug", sa.String),
        sa.column("name", sa.String),
        sa.column("description", sa.Text),
        sa.column("is_builtin", sa.Boolean),
    )
    op.bulk_insert(
        roles,
        [
            {"slug": slug, "name": name, "description": description, "is_builtin": True}
            for slug, name, description in BUILTIN_ROLES
        ],
    )


def downgrade() -> None:

    with op.batch_alter_table("status_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_updates_posted_by_id"))
        batch_op.drop_index("ix_status_updates_initiative_id_posted_at")

    op.drop_table("status_updates")
    with op.batch_alter_table("realised_benefits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realised_benefits_metric_id"))

    op.drop_table("realised_benefits")
    with op.batch_alter_table("metric_initiatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metric_initiatives_initiative_id"))

    op.drop_table("metric_initiatives")
    with op.batch_alter_table("initiative_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_tags_tag"))

    op.drop_table("initiative_tags")
    with op.batch_alter_table("initiative_objectives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_objectives_objective_id"))

    op.drop_table("initiative_objectives")
    with op.batch_alter_table("initiative_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_events_initiative_id"))
        batch_op.drop_index(batch_op.f("ix_initiative_events_actor_id"))

    op.drop_table("initiative_events")
    with op.batch_alter_table("initiative_dimensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_dimensions_dimension"))

    op.drop_table("initiative_dimensions")
    with op.batch_alter_table("budget_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_requests_requested_by_id"))
        batch_op.drop_index(batch_op.f("ix_budget_requests_initiative_id"))
        batch_op.drop_index(batch_op.f("ix_budget_requests_decided_by_id"))

    op.drop_table("budget_requests")
    with op.batch_alter_table("metric_objectives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metric_objectives_objective_id"))

    op.drop_table("metric_objectives")
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurements_recorded_by_id"))
        batch_op.drop_index("ix_measurements_metric_id_taken_at")

    op.drop_table("measurements")
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiatives_raised_from_metric_id"))
        batch_op.drop_index("ix_initiatives_plan_id_status")
        batch_op.drop_index(batch_op.f("ix_initiatives_parent_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_owner_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_created_by_id"))

    op.drop_table("initiatives")
    with op.batch_alter_table("metrics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metrics_service_id"))
        batch_op.drop_index(batch_op.f("ix_metrics_process_id"))
        batch_op.drop_index(batch_op.f("ix_metrics_plan_id"))
        batch_op.drop_index(batch_op.f("ix_metrics_owner_id"))

    op.drop_table("metrics")
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_role_assignments_unscoped",
            sqlite_where=sa.text("service_id IS NULL AND process_id IS NULL"),
            postgresql_where=sa.text("service_id IS NULL AND process_id IS NULL"),
        )
        batch_op.drop_index(
            "uq_role_assignments_service",
            sqlite_where=sa.text("service_id IS NOT NULL"),
            postgresql_where=sa.text("service_id IS NOT NULL"),
        )
        batch_op.drop_index(
            "uq_role_assignments_process",
            sqlite_where=sa.text("process_id IS NOT NULL"),
            postgresql_where=sa.text("process_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_role_assignments_service_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_role_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_process_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_person_id"))

    op.drop_table("role_assignments")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_owner_role_id"))

    op.drop_table("plans")
    with op.batch_alter_table("offerings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offerings_service_id"))

    op.drop_table("offerings")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity_type_entity_id")
        batch_op.drop_index(batch_op.f("ix_audit_log_plan_id"))
        batch_op.drop_index("ix_audit_log_at")
        batch_op.drop_index(batch_op.f("ix_audit_log_actor_id"))

    op.drop_table("audit_log")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_person_id"))

    op.drop_table("api_tokens")
    op.drop_table("services")
    op.drop_table("roles")
    op.drop_table("processes")
    op.drop_table("people")
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objectives_parent_id"))

    op.drop_table("objectives")
