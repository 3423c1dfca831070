"""How the pages look to each person: their theme (as the system is set, light or dark) and
the locale money, numbers and dates are written in (none: as the browser asks).

Revision ID: 0025_preferences
Revises: 0024_webhooks
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0025_preferences"
down_revision: str | None = "0024_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_preferences",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "theme",
            sa.Enum(
                "system",
                "light",
                "dark",
                name="theme",
                native_enum=False,
                create_constraint=True,
                length=6,
            ),
            server_default="system",
            nullable=False,
        ),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_preferences_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_preferences")),
    )


def downgrade() -> None:
    op.drop_table("person_preferences")
