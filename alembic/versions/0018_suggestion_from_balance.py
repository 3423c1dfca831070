"""A suggestion may come from a balance assessment.

Revision ID: 0018_suggestion_from_balance
Revises: 0017_portfolio
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0018_suggestion_from_balance"
down_revision: str | None = "0017_portfolio"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES_BEFORE = ("own_idea", "metric", "feedback", "review_finding")
SOURCES = (*SOURCES_BEFORE, "balance_assessment")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    with op.batch_alter_table("suggestions") as batch_op:
        batch_op.alter_column(
            "source", existing_type=sa.String(length=14), type_=sa.String(length=18),
            existing_nullable=False,
        )  # fmt: skip
        batch_op.add_column(sa.Column("source_assessment_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_suggestions_source_assessment_id"), ["source_assessment_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_suggestions_source_assessment_id_balance_assessments"),
            "balance_assessments", ["source_assessment_id"], ["id"], ondelete="SET NULL",
        )  # fmt: skip
        batch_op.drop_constraint(op.f("ck_suggestions_source"), type_="check")
        batch_op.create_check_constraint("source", _in("source", SOURCES))
        batch_op.create_check_constraint(
            "assessment_source_named",
            "source = 'balance_assessment' OR source_assessment_id IS NULL",
        )


def downgrade() -> None:
    op.execute("UPDATE suggestions SET source = 'own_idea' WHERE source = 'balance_assessment'")
    with op.batch_alter_table("suggestions") as batch_op:
        batch_op.drop_constraint(op.f("ck_suggestions_assessment_source_named"), type_="check")
        batch_op.drop_constraint(op.f("ck_suggestions_source"), type_="check")
        batch_op.create_check_constraint("source", _in("source", SOURCES_BEFORE))
        batch_op.drop_constraint(
            op.f("fk_suggestions_source_assessment_id_balance_assessments"), type_="foreignkey"
        )
        batch_op.drop_index("ix_suggestions_source_assessment_id")
        batch_op.drop_column("source_assessment_id")
        batch_op.alter_column(
            "source", existing_type=sa.String(length=18), type_=sa.String(length=14),
            existing_nullable=False,
        )  # fmt: skip
