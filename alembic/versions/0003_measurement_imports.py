"""Measurement imports: an uploaded CSV file kept between its preview and its commit.

Revision ID: 0003_measurement_imports
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003_measurement_imports"
down_revision: str | None = "0002_realised_benefit_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = ("validated", "queued", "running", "done", "failed")


def upgrade() -> None:
    op.create_table(
        "measurement_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "uploaded_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(*STATES, name="state", native_enum=False, create_constraint=True, length=9),
            nullable=False,
        ),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["people.id"],
            name=op.f("fk_measurement_imports_uploaded_by_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_imports")),
    )
    with op.batch_alter_table("measurement_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measurement_imports_uploaded_by_id"), ["uploaded_by_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("measurement_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurement_imports_uploaded_by_id"))
    op.drop_table("measurement_imports")
