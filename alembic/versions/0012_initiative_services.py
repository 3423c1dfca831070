"""The services an initiative affects, whatever plan it is in.

Revision ID: 0012_initiative_services
Revises: 0011_feedback
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012_initiative_services"
down_revision: str | None = "0011_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "initiative_services",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_services_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_initiative_services_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "service_id", name=op.f("pk_initiative_services")),
    )
    with op.batch_alter_table("initiative_services") as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_services_service_id"), ["service_id"])


def downgrade() -> None:
    op.drop_table("initiative_services")
