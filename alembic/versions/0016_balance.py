"""Balance in service operation: assessments of the four tensions, who assessed, the
guidelines for resolving each; a metric's perspective (customer outcome, quality, cost,
component).

Revision ID: 0016_balance
Revises: 0015_benefit_reviews
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0016_balance"
down_revision: str | None = "0015_benefit_reviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCORES = ("internal_external", "stability_responsiveness", "quality_cost", "reactive_proactive")
PERSPECTIVES = ("customer_outcome", "quality", "cost", "component")


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name=name, native_enum=False, create_constraint=True,
        length=max(len(value) for value in values),
    )  # fmt: skip


def _stamps() -> list[sa.Column]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "balance_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        *(sa.Column(name, sa.SmallInteger(), nullable=False) for name in SCORES),
        *(
            sa.Column(f"{name}_evidence", sa.Text(), server_default="", nullable=False)
            for name in SCORES
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.CheckConstraint(
            "period_start <= period_end", name=op.f("ck_balance_assessments_period_in_order")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_balance_assessments_version_positive")),
        *(
            sa.CheckConstraint(
                f"{name} BETWEEN -3 AND 3", name=op.f(f"ck_balance_assessments_{name}_in_range")
            )
            for name in SCORES
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"],
            name=op.f("fk_balance_assessments_service_id_services"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["people.id"],
            name=op.f("fk_balance_assessments_recorded_by_id_people"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_assessments")),
    )  # fmt: skip
    with op.batch_alter_table("balance_assessments") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_balance_assessments_recorded_by_id"), ["recorded_by_id"]
        )
        batch_op.create_index(
            "ix_balance_assessments_service_id_assessed_on", ["service_id", "assessed_on"]
        )
    op.create_table(
        "balance_assessors",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["balance_assessments.id"],
            name=op.f("fk_balance_assessors_assessment_id_balance_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_balance_assessors_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "person_id", name=op.f("pk_balance_assessors")),
    )  # fmt: skip
    with op.batch_alter_table("balance_assessors") as batch_op:
        batch_op.create_index(batch_op.f("ix_balance_assessors_person_id"), ["person_id"])
    op.create_table(
        "balance_guidelines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tension", _enum("tension", SCORES), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=False),
        *_stamps(),
        sa.CheckConstraint(
            "length(statement) > 0", name=op.f("ck_balance_guidelines_statement_not_empty")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_balance_guidelines_version_positive")),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_balance_guidelines_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_guidelines")),
    )  # fmt: skip
    with op.batch_alter_table("balance_guidelines") as batch_op:
        batch_op.create_index(batch_op.f("ix_balance_guidelines_tension"), ["tension"])
        batch_op.create_index(batch_op.f("ix_balance_guidelines_owner_id"), ["owner_id"])
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.add_column(
            sa.Column("perspective", _enum("perspective", PERSPECTIVES), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.drop_constraint(op.f("ck_metrics_perspective"), type_="check")
        batch_op.drop_column("perspective")
    op.drop_table("balance_guidelines")
    op.drop_table("balance_assessors")
    op.drop_table("balance_assessments")
