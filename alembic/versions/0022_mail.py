"""E-mail: each person's choice of mail per kind of notification, their daily digest's hour and
time zone, and the outbox the sender delivers from.

Revision ID: 0022_mail
Revises: 0021_notifications
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0022_mail"
down_revision: str | None = "0021_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("awaiting_decision", "decided", "mentioned", "commented", "changed", "reminder")


def _enum(name: str, values: Sequence[str]) -> sa.Enum:
    return sa.Enum(
        *values, name=name, native_enum=False, create_constraint=True,
        length=max(len(v) for v in values),
    )  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "mail_preferences",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("kind", KINDS), nullable=False),
        sa.Column("delivery", _enum("delivery", ("immediate", "digest", "off")), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_mail_preferences_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "kind", name=op.f("pk_mail_preferences")),
    )
    op.create_table(
        "mail_schedules",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("digest_hour", sa.Integer(), server_default="8", nullable=False),
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "digest_hour >= 0 AND digest_hour <= 23",
            name=op.f("ck_mail_schedules_digest_hour_range"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_mail_schedules_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_mail_schedules")),
    )
    op.create_table(
        "outbox_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_outbox_mails_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_mails")),
    )
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_mails_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_outbox_mails_waiting", ["sent_at", "failed_at", "next_attempt_at"], unique=False
        )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "awaits_digest", sa.Boolean(), server_default=sa.text("false"), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("awaits_digest")
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_mails_waiting")
        batch_op.drop_index(batch_op.f("ix_outbox_mails_person_id"))
    op.drop_table("outbox_mails")
    op.drop_table("mail_schedules")
    op.drop_table("mail_preferences")
