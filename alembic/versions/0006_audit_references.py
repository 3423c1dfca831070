"""Audit entries record every row they name, so an entry follows the visibility of all of them.

Revision ID: 0006_audit_references
Revises: 0005_pending_changes
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from server.domain.core.audit import names

revision: str = "0006_audit_references"
down_revision: str | None = "0005_pending_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def upgrade() -> None:
    references = op.create_table(
        "audit_references",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["audit_log.id"],
            name=op.f("fk_audit_references_entry_id_audit_log"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "entry_id", "entity_type", "entity_id", name=op.f("pk_audit_references")
        ),
    )
    op.create_index("ix_audit_references_entity", "audit_references", ["entity_type", "entity_id"])
    # Entries written before this revision: name what their before and after name.
    log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("entity_type", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
        sa.column("plan_id", sa.Integer),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(log).where(log.c.id > last).order_by(log.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            references.insert(),
            [
                {"entry_id": row.id, "entity_type": kind, "entity_id": pk}
                for row in rows
                for kind, pk in sorted(
                    names(row.entity_type, row.entity_id, row.before, row.after, row.plan_id)
                )
            ],
        )
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_audit_references_entity", table_name="audit_references")
    op.drop_table("audit_references")
