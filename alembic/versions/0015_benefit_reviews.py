"""Benefit reviews: whether a completed initiative's gains held, some months on.

Revision ID: 0015_benefit_reviews
Revises: 0014_service_reviews
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0015_benefit_reviews"
down_revision: str | None = "0014_service_reviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = ("sustained", "slipped")


def upgrade() -> None:
    op.create_table(
        "benefit_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(*OUTCOMES, name="outcome", native_enum=False, create_constraint=True, length=9),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("corrective_initiative_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "outcome = 'slipped' OR corrective_initiative_id IS NULL",
            name=op.f("ck_benefit_reviews_corrective_when_slipped"),
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiatives.id"],
            name=op.f("fk_benefit_reviews_initiative_id_initiatives"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["people.id"],
            name=op.f("fk_benefit_reviews_reviewed_by_id_people"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["corrective_initiative_id"], ["initiatives.id"],
            name=op.f("fk_benefit_reviews_corrective_initiative_id_initiatives"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_reviews")),
        sa.UniqueConstraint("initiative_id", name=op.f("uq_benefit_reviews_initiative_id")),
    )  # fmt: skip
    with op.batch_alter_table("benefit_reviews") as batch_op:
        batch_op.create_index(batch_op.f("ix_benefit_reviews_reviewed_by_id"), ["reviewed_by_id"])
        batch_op.create_index(
            batch_op.f("ix_benefit_reviews_corrective_initiative_id"), ["corrective_initiative_id"]
        )


def downgrade() -> None:
    op.drop_table("benefit_reviews")
