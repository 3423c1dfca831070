"""Stakeholder feedback on services; metrics derived from it (a service's satisfaction); a
suggestion may come from a feedback item.

Revision ID: 0011_feedback
Revises: 0010_stakeholders
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011_feedback"
down_revision: str | None = "0010_stakeholders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNELS = ("review", "survey", "service_desk", "meeting")
SOURCES_BEFORE = ("own_idea", "metric")
SOURCES = (*SOURCES_BEFORE, "feedback")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _foreign_key(column: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_feedback_{column}_{table}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                *CHANNELS, name="channel", native_enum=False, create_constraint=True, length=12
            ),
            nullable=False,
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_feedback_score_one_to_five")),
        _foreign_key("service_id", "services", "CASCADE"),
        _foreign_key("stakeholder_id", "stakeholders", "SET NULL"),
        _foreign_key("person_id", "people", "SET NULL"),
        _foreign_key("recorded_by_id", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback") as batch_op:
        for column in ("stakeholder_id", "person_id", "recorded_by_id"):
            batch_op.create_index(batch_op.f(f"ix_feedback_{column}"), [column])
        batch_op.create_index("ix_feedback_service_id_given_on", ["service_id", "given_on"])
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.add_column(sa.Column("derived_from", sa.String(length=20), nullable=True))
    with op.batch_alter_table("suggestions") as batch_op:
        batch_op.add_column(sa.Column("source_feedback_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_suggestions_source_feedback_id"), ["source_feedback_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_suggestions_source_feedback_id_feedback"),
            "feedback",
            ["source_feedback_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_constraint(op.f("ck_suggestions_source"), type_="check")
        batch_op.create_check_constraint("source", _in("source", SOURCES))
        batch_op.create_check_constraint(
            "feedback_source_named", "source = 'feedback' OR source_feedback_id IS NULL"
        )


def downgrade() -> None:
    op.execute("UPDATE suggestions SET source = 'own_idea' WHERE source = 'feedback'")
    with op.batch_alter_table("suggestions") as batch_op:
        batch_op.drop_constraint(op.f("ck_suggestions_feedback_source_named"), type_="check")
        batch_op.drop_constraint(op.f("ck_suggestions_source"), type_="check")
        batch_op.create_check_constraint("source", _in("source", SOURCES_BEFORE))
        batch_op.drop_constraint(
            op.f("fk_suggestions_source_feedback_id_feedback"), type_="foreignkey"
        )
        batch_op.drop_index("ix_suggestions_source_feedback_id")
        batch_op.drop_column("source_feedback_id")
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.drop_column("derived_from")
    op.drop_table("feedback")
