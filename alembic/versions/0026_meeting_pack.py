"""The steering meeting pack: each plan's yearly budget envelope, the spend reported on status
updates (and the latest one kept on the initiative), and the committee's meetings with their
attendees. The new amounts are kept non-negative by the rules that write them, not by a check
constraint: adding one to an existing table would rebuild it on SQLite.

Revision ID: 0026_meeting_pack
Revises: 0025_preferences
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0026_meeting_pack"
down_revision: str | None = "0025_preferences"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "steering_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("decisions", sa.Text(), server_default="", nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_steering_meetings_version_positive")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["people.id"],
            name=op.f("fk_steering_meetings_recorded_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steering_meetings")),
        sa.UniqueConstraint("held_on", name=op.f("uq_steering_meetings_held_on")),
    )
    with op.batch_alter_table("steering_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_steering_meetings_recorded_by_id"), ["recorded_by_id"], unique=False
        )

    op.create_table(
        "plan_budget_envelopes",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount >= 0", name=op.f("ck_plan_budget_envelopes_amount_not_negative")
        ),
        sa.CheckConstraint(
            "length(currency) = 3 AND currency = upper(currency)",
            name=op.f("ck_plan_budget_envelopes_currency_code"),
        ),
        sa.CheckConstraint(
            "year BETWEEN 2000 AND 2100", name=op.f("ck_plan_budget_envelopes_year_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_budget_envelopes_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["people.id"],
            name=op.f("fk_plan_budget_envelopes_set_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("plan_id", "year", name=op.f("pk_plan_budget_envelopes")),
    )
    with op.batch_alter_table("plan_budget_envelopes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_budget_envelopes_set_by_id"), ["set_by_id"], unique=False
        )

    op.create_table(
        "steering_meeting_attendees",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["steering_meetings.id"],
            name=op.f("fk_steering_meeting_attendees_meeting_id_steering_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_steering_meeting_attendees_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "meeting_id", "person_id", name=op.f("pk_steering_meeting_attendees")
        ),
    )
    with op.batch_alter_table("steering_meeting_attendees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_steering_meeting_attendees_person_id"), ["person_id"], unique=False
        )

    with op.batch_alter_table("initiatives", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("budget_spent", sa.Numeric(precision=14, scale=2), nullable=True)
        )

    with op.batch_alter_table("status_updates", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("spent_to_date", sa.Numeric(precision=14, scale=2), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("status_updates", recreate="never") as batch_op:
        batch_op.drop_column("spent_to_date")

    with op.batch_alter_table("initiatives", recreate="never") as batch_op:
        batch_op.drop_column("budget_spent")

    with op.batch_alter_table("steering_meeting_attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steering_meeting_attendees_person_id"))

    op.drop_table("steering_meeting_attendees")
    with op.batch_alter_table("plan_budget_envelopes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_budget_envelopes_set_by_id"))

    op.drop_table("plan_budget_envelopes")
    with op.batch_alter_table("steering_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_steering_meetings_recorded_by_id"))

    op.drop_table("steering_meetings")
