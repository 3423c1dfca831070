"""How often each service is reviewed with its stakeholders, and when the next review is due.

Revision ID: 0013_review_cadence
Revises: 0012_initiative_services
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0013_review_cadence"
down_revision: str | None = "0012_initiative_services"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CADENCES = ("monthly", "quarterly", "half_yearly", "yearly")


def upgrade() -> None:
    with op.batch_alter_table("services") as batch_op:
        batch_op.add_column(
            sa.Column(
                "review_cadence",
                sa.Enum(
                    *CADENCES,
                    name="review_cadence",
                    native_enum=False,
                    create_constraint=True,
                    length=11,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("next_review_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("services") as batch_op:
        batch_op.drop_constraint(op.f("ck_services_review_cadence"), type_="check")
        batch_op.drop_column("next_review_on")
        batch_op.drop_column("review_cadence")
