"""Process governance: each process's purpose and scope, its ordered activities (inputs, outputs,
hand-offs, a Markdown procedure) with a RACI per activity, the policies that govern it, and every
version of its definition, so it can be shown as it stood on any day.

Revision ID: 0019_governance
Revises: 0018_suggestion_from_balance
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0019_governance"
down_revision: str | None = "0018_suggestion_from_balance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "process_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("inputs", sa.Text(), server_default="", nullable=False),
        sa.Column("outputs", sa.Text(), server_default="", nullable=False),
        sa.Column("handoffs", sa.Text(), server_default="", nullable=False),
        sa.Column("procedure", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_process_activities_name_not_empty")),
        sa.CheckConstraint("position >= 1", name=op.f("ck_process_activities_position_positive")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_process_activities_version_positive")),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_process_activities_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_activities")),
        sa.UniqueConstraint(
            "process_id", "name", name=op.f("uq_process_activities_process_id_name")
        ),
    )
    with op.batch_alter_table("process_activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_process_activities_process_id_position", ["process_id", "position"], unique=False
        )

    op.create_table(
        "process_definition_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("change", sa.String(length=300), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "number >= 1", name=op.f("ck_process_definition_versions_number_positive")
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_process_definition_versions_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["people.id"],
            name=op.f("fk_process_definition_versions_recorded_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_definition_versions")),
        sa.UniqueConstraint(
            "process_id", "number", name=op.f("uq_process_definition_versions_process_id_number")
        ),
    )
    with op.batch_alter_table("process_definition_versions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_process_definition_versions_process_id_recorded_at",
            ["process_id", "recorded_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_process_definition_versions_recorded_by_id"),
            ["recorded_by_id"],
            unique=False,
        )

    op.create_table(
        "process_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), server_default="", nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "length(statement) > 0", name=op.f("ck_process_policies_statement_not_empty")
        ),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_process_policies_title_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_process_policies_version_positive")),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_process_policies_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_policies")),
        sa.UniqueConstraint(
            "process_id", "title", name=op.f("uq_process_policies_process_id_title")
        ),
    )
    with op.batch_alter_table("process_policies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_process_policies_process_id"), ["process_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_process_policies_review_on"), ["review_on"], unique=False
        )

    op.create_table(
        "activity_responsibilities",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column(
            "responsibility",
            sa.Enum(
                "accountable",
                "responsible",
                "consulted",
                "informed",
                name="responsibility",
                native_enum=False,
                create_constraint=True,
                length=11,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["process_activities.id"],
            name=op.f("fk_activity_responsibilities_activity_id_process_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_activity_responsibilities_role_id_roles"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "activity_id", "role_id", name=op.f("pk_activity_responsibilities")
        ),
    )
    with op.batch_alter_table("activity_responsibilities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_responsibilities_role_id"), ["role_id"], unique=False
        )

    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("scope", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("definition_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.drop_column("definition_version")
        batch_op.drop_column("scope")
        batch_op.drop_column("purpose")

    with op.batch_alter_table("activity_responsibilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_responsibilities_role_id"))

    op.drop_table("activity_responsibilities")
    with op.batch_alter_table("process_policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_policies_review_on"))
        batch_op.drop_index(batch_op.f("ix_process_policies_process_id"))

    op.drop_table("process_policies")
    with op.batch_alter_table("process_definition_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_definition_versions_recorded_by_id"))
        batch_op.drop_index("ix_process_definition_versions_process_id_recorded_at")

    op.drop_table("process_definition_versions")
    with op.batch_alter_table("process_activities", schema=None) as batch_op:
        batch_op.drop_index("ix_process_activities_process_id_position")

    op.drop_table("process_activities")
