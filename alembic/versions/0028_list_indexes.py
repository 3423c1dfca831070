"""Indexes for lists read in order one page at a time, so a page costs the same on a large
register: initiatives by title (the children a strategic initiative may link, a plan sorted by
title) and a plan's metrics by name.

Revision ID: 0028_list_indexes
Revises: 0027_saved_views
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0028_list_indexes"
down_revision: str | None = "0027_saved_views"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_initiatives_title_id", "initiatives", ["title", "id"])
    op.create_index("ix_metrics_plan_id_name_id", "metrics", ["plan_id", "name", "id"])


def downgrade() -> None:
    op.drop_index("ix_metrics_plan_id_name_id", table_name="metrics")
    op.drop_index("ix_initiatives_title_id", table_name="initiatives")
