"""Pending changes: an approved budget or a linked metric's target changed after approval,
waiting for the approver.

Revision ID: 0005_pending_changes
Revises: 0004_import_heartbeat
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005_pending_changes"
down_revision: str | None = "0004_import_heartbeat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXED = ("decided_by_id", "initiative_id", "metric_id", "requested_by_id")


def upgrade() -> None:
    op.create_table(
        "pending_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "budget", "target", name="kind", native_enum=False, create_constraint=True, length=6
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "rejected",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("budget_before", sa.Numeric(14, 2), nullable=True),
        sa.Column("budget_after", sa.Numeric(14, 2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("target_before", sa.Float(), nullable=True),
        sa.Column("target_after", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "(kind = 'budget' AND initiative_id IS NOT NULL AND budget_after IS NOT NULL)"
            " OR (kind = 'target' AND metric_id IS NOT NULL)",
            name=op.f("ck_pending_changes_what_changes"),
        ),
        sa.CheckConstraint(
            "budget_after IS NULL OR budget_after > 0",
            name=op.f("ck_pending_changes_budget_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["people.id"],
            name=op.f("fk_pending_changes_decided_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_pending_changes_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_pending_changes_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["people.id"],
            name=op.f("fk_pending_changes_requested_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_changes")),
    )
    with op.batch_alter_table("pending_changes", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_pending_changes_{column}"), [column])


def downgrade() -> None:
    with op.batch_alter_table("pending_changes", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.drop_index(batch_op.f(f"ix_pending_changes_{column}"))
    op.drop_table("pending_changes")
