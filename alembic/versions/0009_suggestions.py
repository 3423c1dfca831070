"""Suggestions: the open improvement register, and who supports each suggestion.

Revision ID: 0009_suggestions
Revises: 0008_runner_leases
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009_suggestions"
down_revision: str | None = "0008_runner_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXED = (
    "author_id",
    "decided_by_id",
    "initiative_id",
    "merged_into_id",
    "process_id",
    "service_id",
    "source_metric_id",
)
STATUSES = ("submitted", "needs_information", "accepted", "declined", "merged", "withdrawn")


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(value) for value in values),
    )


def _foreign_key(column: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_suggestions_{column}_{table}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("process_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("source", _enum("source", ("own_idea", "metric")), nullable=False),
        sa.Column("source_metric_id", sa.Integer(), nullable=True),
        sa.Column("status", _enum("status", STATUSES), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("triage_note", sa.Text(), server_default="", nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "source = 'metric' OR source_metric_id IS NULL",
            name=op.f("ck_suggestions_metric_source_named"),
        ),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_suggestions_title_not_empty")),
        sa.CheckConstraint(
            "merged_into_id IS NULL OR merged_into_id <> id",
            name=op.f("ck_suggestions_not_own_merge"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_suggestions_version_positive")),
        _foreign_key("author_id", "people", "SET NULL"),
        _foreign_key("decided_by_id", "people", "SET NULL"),
        _foreign_key("initiative_id", "initiatives", "SET NULL"),
        _foreign_key("merged_into_id", "suggestions", "SET NULL"),
        _foreign_key("plan_id", "plans", "RESTRICT"),
        _foreign_key("process_id", "processes", "SET NULL"),
        _foreign_key("service_id", "services", "SET NULL"),
        _foreign_key("source_metric_id", "metrics", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
    )
    with op.batch_alter_table("suggestions") as batch_op:
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_suggestions_{column}"), [column])
        batch_op.create_index("ix_suggestions_plan_id_status", ["plan_id", "status"])

    op.create_table(
        "suggestion_supports",
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_suggestion_supports_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_suggestion_supports_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("suggestion_id", "person_id", name=op.f("pk_suggestion_supports")),
    )
    with op.batch_alter_table("suggestion_supports") as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_supports_person_id"), ["person_id"])


def downgrade() -> None:
    op.drop_table("suggestion_supports")
    op.drop_table("suggestions")
