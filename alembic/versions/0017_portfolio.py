"""The service portfolio: decisions that move a service (charter, go live, retire), each
service's annual cost and value statement, metrics flagged as service levels with the
stakeholder who agreed them. Every existing service gets a first decision in its history.

Revision ID: 0017_portfolio
Revises: 0016_balance
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0017_portfolio"
down_revision: str | None = "0016_balance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOVES = ("charter", "go_live", "retire")
STATUSES = ("proposed", "approved", "rejected")
# The move that would have brought a service to its lifecycle state.
FIRST_MOVE = {"pipeline": "charter", "live": "go_live", "retired": "retire"}
FIRST_CASE = "Recorded when portfolio decisions were introduced: the service stood here then."


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name=name, native_enum=False, create_constraint=True,
        length=max(len(value) for value in values),
    )  # fmt: skip


def _foreign_key(column: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_portfolio_decisions_{column}_{table}"),
        ondelete=ondelete,
    )  # fmt: skip


def upgrade() -> None:
    decisions = op.create_table(
        "portfolio_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("move", _enum("move", MOVES), nullable=False),
        sa.Column("status", _enum("status", STATUSES), nullable=False),
        sa.Column("case", sa.Text(), server_default="", nullable=False),
        sa.Column("decision_note", sa.Text(), server_default="", nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(status = 'proposed') = (decided_at IS NULL)",
            name=op.f("ck_portfolio_decisions_decided_has_time"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_portfolio_decisions_version_positive")),
        _foreign_key("service_id", "services", "CASCADE"),
        _foreign_key("initiative_id", "initiatives", "SET NULL"),
        _foreign_key("proposed_by_id", "people", "SET NULL"),
        _foreign_key("decided_by_id", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio_decisions")),
    )
    with op.batch_alter_table("portfolio_decisions") as batch_op:
        for column in ("initiative_id", "proposed_by_id", "decided_by_id"):
            batch_op.create_index(batch_op.f(f"ix_portfolio_decisions_{column}"), [column])
        batch_op.create_index(
            "ix_portfolio_decisions_service_id_created_at", ["service_id", "created_at"]
        )
    with op.batch_alter_table("services") as batch_op:
        batch_op.add_column(sa.Column("annual_cost", sa.Numeric(14, 2), nullable=True))
        batch_op.add_column(
            sa.Column("cost_currency", sa.String(length=3), server_default="EUR", nullable=False)
        )
        batch_op.add_column(
            sa.Column("value_statement", sa.Text(), server_default="", nullable=False)
        )
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.add_column(
            sa.Column("service_level", sa.Boolean(), server_default=sa.text("false"),
                      nullable=False)
        )  # fmt: skip
        batch_op.add_column(sa.Column("agreed_with_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_metrics_agreed_with_id"), ["agreed_with_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_metrics_agreed_with_id_stakeholders"), "stakeholders",
            ["agreed_with_id"], ["id"], ondelete="SET NULL",
        )  # fmt: skip
    # Each service's first decision: the move that brought it where it stands.
    connection = op.get_bind()
    services = connection.execute(
        sa.text("SELECT id, lifecycle, created_at FROM services ORDER BY id")
    ).all()
    if services:
        op.bulk_insert(
            decisions,
            [
                {
                    "service_id": row.id, "move": FIRST_MOVE[row.lifecycle],
                    "status": "approved", "case": FIRST_CASE, "decision_note": "",
                    "created_at": row.created_at, "decided_at": row.created_at,
                    "updated_at": row.created_at, "version": 1,
                }
                for row in services
            ],
        )  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.drop_constraint(op.f("fk_metrics_agreed_with_id_stakeholders"), type_="foreignkey")
        batch_op.drop_index("ix_metrics_agreed_with_id")
        batch_op.drop_column("agreed_with_id")
        batch_op.drop_column("service_level")
    with op.batch_alter_table("services") as batch_op:
        batch_op.drop_column("value_statement")
        batch_op.drop_column("cost_currency")
        batch_op.drop_column("annual_cost")
    op.drop_table("portfolio_decisions")
