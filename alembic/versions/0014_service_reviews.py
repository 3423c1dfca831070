"""Service reviews: participants, the metrics frozen when held, the satisfaction of the period,
notes and findings; a suggestion may come from a finding.

Revision ID: 0014_service_reviews
Revises: 0013_review_cadence
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0014_service_reviews"
down_revision: str | None = "0013_review_cadence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("draft", "held", "closed")
OUTCOMES = ("improvement", "suggestion", "no_action")
SOURCES_BEFORE = ("own_idea", "metric", "feedback")
SOURCES = (*SOURCES_BEFORE, "review_finding")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(value) for value in values),
    )


def _foreign_key(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _created_at() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "service_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("status", _enum("status", STATUSES), nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("satisfaction_average", sa.Float(), nullable=True),
        sa.Column("satisfaction_responses", sa.Integer(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "period_start <= period_end", name=op.f("ck_service_reviews_period_in_order")
        ),
        sa.CheckConstraint(
            "status = 'draft' OR held_on IS NOT NULL",
            name=op.f("ck_service_reviews_held_on_when_held"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_service_reviews_version_positive")),
        _foreign_key("service_reviews", "service_id", "services", "CASCADE"),
        _foreign_key("service_reviews", "opened_by_id", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_reviews")),
    )
    with op.batch_alter_table("service_reviews") as batch_op:
        batch_op.create_index(batch_op.f("ix_service_reviews_opened_by_id"), ["opened_by_id"])
        batch_op.create_index(
            "ix_service_reviews_service_id_scheduled_on", ["service_id", "scheduled_on"]
        )
    for table, column, target in (
        ("service_review_people", "person_id", "people"),
        ("service_review_stakeholders", "stakeholder_id", "stakeholders"),
    ):
        op.create_table(
            table,
            sa.Column("review_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.Integer(), nullable=False),
            _foreign_key(table, "review_id", "service_reviews", "CASCADE"),
            _foreign_key(table, column, target, "CASCADE"),
            sa.PrimaryKeyConstraint("review_id", column, name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column])
    op.create_table(
        "review_metric_snapshots",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("metric_name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), server_default="", nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("latest_value", sa.Float(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("trend", sa.String(length=10), nullable=False),
        _foreign_key("review_metric_snapshots", "review_id", "service_reviews", "CASCADE"),
        _foreign_key("review_metric_snapshots", "metric_id", "metrics", "SET NULL"),
        sa.PrimaryKeyConstraint("review_id", "position", name=op.f("pk_review_metric_snapshots")),
    )
    with op.batch_alter_table("review_metric_snapshots") as batch_op:
        batch_op.create_index(batch_op.f("ix_review_metric_snapshots_metric_id"), ["metric_id"])
    op.create_table(
        "review_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("outcome", _enum("outcome", OUTCOMES), nullable=True),
        sa.Column("outcome_note", sa.Text(), server_default="", nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_review_findings_title_not_empty")),
        sa.CheckConstraint(
            "outcome = 'improvement' OR initiative_id IS NULL",
            name=op.f("ck_review_findings_initiative_when_improvement"),
        ),
        _foreign_key("review_findings", "review_id", "service_reviews", "CASCADE"),
        _foreign_key("review_findings", "initiative_id", "initiatives", "SET NULL"),
        _foreign_key("review_findings", "raised_by_id", "people", "SET NULL"),
        _foreign_key("review_findings", "decided_by_id", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_findings")),
    )
    with op.batch_alter_table("review_findings") as batch_op:
        for column in ("review_id", "initiative_id", "raised_by_id", "decided_by_id"):
            batch_op.create_index(batch_op.f(f"ix_review_findings_{column}"), [column])
    with op.batch_alter_table("suggestions") as batch_op:
        batch_op.alter_column(
            "source",
            existing_type=sa.String(length=8),
            type_=sa.String(length=14),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column("source_finding_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_suggestions_source_finding_id"), ["source_finding_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_suggestions_source_finding_id_review_findings"),
            "review_findings",
            ["source_finding_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_constraint(op.f("ck_suggestions_source"), type_="check")
        batch_op.create_check_constraint("source", _in("source", SOURCES))
        batch_op.create_check_constraint(
            "finding_source_named", "source = 'review_finding' OR source_finding_id IS NULL"
        )


def downgrade() -> None:
    op.execute("UPDATE suggestions SET source = 'own_idea' WHERE source = 'review_finding'")
    with op.batch_alter_table("suggestions") as batch_op:
        batch_op.drop_constraint(op.f("ck_suggestions_finding_source_named"), type_="check")
        batch_op.drop_constraint(op.f("ck_suggestions_source"), type_="check")
        batch_op.create_check_constraint("source", _in("source", SOURCES_BEFORE))
        batch_op.drop_constraint(
            op.f("fk_suggestions_source_finding_id_review_findings"), type_="foreignkey"
        )
        batch_op.drop_index("ix_suggestions_source_finding_id")
        batch_op.drop_column("source_finding_id")
        batch_op.alter_column(
            "source",
            existing_type=sa.String(length=14),
            type_=sa.String(length=8),
            existing_nullable=False,
        )
    op.drop_table("review_findings")
    op.drop_table("review_metric_snapshots")
    op.drop_table("service_review_stakeholders")
    op.drop_table("service_review_people")
    op.drop_table("service_reviews")
