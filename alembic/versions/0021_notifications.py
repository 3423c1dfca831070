"""Notifications, and who watches what: the register tells people of what waits for their
decision, of decisions on their things, of mentions, of comments and changes on what they
watch, and reminds them of what is overdue (each reminder once per occurrence).

Revision ID: 0021_notifications
Revises: 0020_comments
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0021_notifications"
down_revision: str | None = "0020_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUBJECTS = (
    "initiative_id", "suggestion_id", "metric_id", "service_review_id", "balance_assessment_id",
)  # fmt: skip
ONE_SUBJECT = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in SUBJECTS) + " = 1"


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("service_review_id", sa.Integer(), nullable=True),
        sa.Column("balance_assessment_id", sa.Integer(), nullable=True),
        sa.Column("watching", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(ONE_SUBJECT, name=op.f("ck_watches_one_subject")),
        sa.ForeignKeyConstraint(
            ["balance_assessment_id"],
            ["balance_assessments.id"],
            name=op.f("fk_watches_balance_assessment_id_balance_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_watches_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_watches_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_watches_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_review_id"],
            ["service_reviews.id"],
            name=op.f("fk_watches_service_review_id_service_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_watches_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watches")),
    )
    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watches_balance_assessment_id"), ["balance_assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_watches_initiative_id"), ["initiative_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_watches_metric_id"), ["metric_id"], unique=False)
        batch_op.create_index("ix_watches_person_id", ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_watches_service_review_id"), ["service_review_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_watches_suggestion_id"), ["suggestion_id"], unique=False
        )

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "awaiting_decision",
                "decided",
                "mentioned",
                "commented",
                "changed",
                "reminder",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("message", sa.String(length=400), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("service_review_id", sa.Integer(), nullable=True),
        sa.Column("balance_assessment_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["people.id"],
            name=op.f("fk_notifications_actor_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["balance_assessment_id"],
            ["balance_assessments.id"],
            name=op.f("fk_notifications_balance_assessment_id_balance_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_notifications_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_notifications_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metrics.id"],
            name=op.f("fk_notifications_metric_id_metrics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_notifications_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_review_id"],
            ["service_reviews.id"],
            name=op.f("fk_notifications_service_review_id_service_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_notifications_suggestion_id_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_notifications_balance_assessment_id"),
            ["balance_assessment_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_comment_id"), ["comment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_initiative_id"), ["initiative_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_notifications_metric_id"), ["metric_id"], unique=False)
        batch_op.create_index(
            "ix_notifications_person_id_created_at", ["person_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_notifications_person_id_read_at", ["person_id", "read_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_service_review_id"), ["service_review_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_suggestion_id"), ["suggestion_id"], unique=False
        )
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("occurrence", sa.String(length=40), nullable=False),
        sa.Column(
            "sent_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders_sent")),
        sa.UniqueConstraint("key", "occurrence", name=op.f("uq_reminders_sent_key_occurrence")),
    )


def downgrade() -> None:
    op.drop_table("reminders_sent")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_service_review_id"))
        batch_op.drop_index("ix_notifications_person_id_read_at")
        batch_op.drop_index("ix_notifications_person_id_created_at")
        batch_op.drop_index(batch_op.f("ix_notifications_metric_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_initiative_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_comment_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_balance_assessment_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_actor_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watches_suggestion_id"))
        batch_op.drop_index(batch_op.f("ix_watches_service_review_id"))
        batch_op.drop_index("ix_watches_person_id")
        batch_op.drop_index(batch_op.f("ix_watches_metric_id"))
        batch_op.drop_index(batch_op.f("ix_watches_initiative_id"))
        batch_op.drop_index(batch_op.f("ix_watches_balance_assessment_id"))

    op.drop_table("watches")
