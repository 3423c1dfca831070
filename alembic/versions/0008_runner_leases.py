"""Leases on background work: one process per database runs each kind of it.

Revision ID: 0008_runner_leases
Revises: 0007_sessions_and_throttle
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008_runner_leases"
down_revision: str | None = "0007_sessions_and_throttle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "runner_leases",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_runner_leases")),
    )


def downgrade() -> None:
    op.drop_table("runner_leases")
