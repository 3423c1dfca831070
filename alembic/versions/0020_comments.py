"""Comments on initiatives, suggestions, metrics, service reviews and balance assessments, in
Markdown, with the people each one mentions.

Revision ID: 0020_comments
Revises: 0019_governance
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0020_comments"
down_revision: str | None = "0019_governance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUBJECTS = (
    "initiative_id", "suggestion_id", "metric_id", "service_review_id", "balance_assessment_id",
)  # fmt: skip
ONE_SUBJECT = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in SUBJECTS) + " = 1"


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("service_review_id", sa.Integer(), nullable=True),
        sa.Column("balance_assessment_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            ONE_SUBJECT,
            name=op.f("ck_comments_one_subject"),
        ),
        sa.CheckConstraint("length(body) > 0", name=op.f("ck_comments_body_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_comments_version_positive")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_comments_author_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["balance_assessment_id"],
            ["balance_assessments.id"],
            name=op.f("fk_comments_balance_assessment_id_balance_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_comments_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_comments_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_review_id"],
            ["service_reviews.id"],
            name=op.f("fk_comments_service_review_id_service_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_comments_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comments_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_comments_balance_assessment_id_created_at",
            ["balance_assessment_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_comments_initiative_id_created_at", ["initiative_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_comments_metric_id_created_at", ["metric_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_comments_service_review_id_created_at",
            ["service_review_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_comments_suggestion_id_created_at", ["suggestion_id", "created_at"], unique=False
        )

    op.create_table(
        "comment_mentions",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_comment_mentions_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_comment_mentions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", "person_id", name=op.f("pk_comment_mentions")),
    )
    with op.batch_alter_table("comment_mentions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comment_mentions_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("comment_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_mentions_person_id"))

    op.drop_table("comment_mentions")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index("ix_comments_suggestion_id_created_at")
        batch_op.drop_index("ix_comments_service_review_id_created_at")
        batch_op.drop_index("ix_comments_metric_id_created_at")
        batch_op.drop_index("ix_comments_initiative_id_created_at")
        batch_op.drop_index("ix_comments_balance_assessment_id_created_at")
        batch_op.drop_index(batch_op.f("ix_comments_author_id"))

    op.drop_table("comments")
