"""Realised benefits keep the metric's baseline and target as they were at completion, so the
attainment frozen then reads right beside them after a target changes.

Revision ID: 0002_realised_benefit_baseline
Revises: 0001
Create Date: 2026-11-22 05:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002_realised_benefit_baseline"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("realised_benefits") as batch:
        batch.add_column(sa.Column("baseline_value", sa.Float(), nullable=True))
        batch.add_column(sa.Column("target_value", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("realised_benefits") as batch:
        batch.drop_column("target_value")
        batch.drop_column("baseline_value")
