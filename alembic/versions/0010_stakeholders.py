"""Stakeholders and the services they use, and the built-in role of business relationship
manager (a data migration: existing databases gain the role; a role someone already made with
its slug or name becomes the built-in one).

Revision ID: 0010_stakeholders
Revises: 0009_suggestions
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0010_stakeholders"
down_revision: str | None = "0009_suggestions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The role as it was when this revision was written (a migration never imports application
# code that may change later).
SLUG = "business_relationship_manager"
NAME = "Business relationship manager"
DESCRIPTION = (
    "Keeps the relationships with customers and other stakeholders, and takes part in the "
    "service reviews of the services they use."
)
KINDS = ("customer", "business_unit", "user_group", "supplier", "internal_team")

ROLES = sa.table(
    "roles",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("is_builtin", sa.Boolean),
)


def upgrade() -> None:
    op.create_table(
        "stakeholders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="kind", native_enum=False, create_constraint=True, length=13),
            nullable=False,
        ),
        sa.Column("contact", sa.String(length=300), server_default="", nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("relationship_owner_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_stakeholders_name_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_stakeholders_version_positive")),
        sa.ForeignKeyConstraint(
            ["relationship_owner_id"],
            ["people.id"],
            name=op.f("fk_stakeholders_relationship_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholders")),
        sa.UniqueConstraint("name", name=op.f("uq_stakeholders_name")),
    )
    with op.batch_alter_table("stakeholders") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stakeholders_relationship_owner_id"), ["relationship_owner_id"]
        )
    op.create_table(
        "stakeholder_services",
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_stakeholder_services_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholders.id"],
            name=op.f("fk_stakeholder_services_stakeholder_id_stakeholders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "stakeholder_id", "service_id", name=op.f("pk_stakeholder_services")
        ),
    )
    with op.batch_alter_table("stakeholder_services") as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_services_service_id"), ["service_id"])
    add_the_role()


def add_the_role() -> None:
    """The built-in role reaches every database; one already made by hand with its slug or its
    name is taken over (its assignments stay) rather than clashing with it."""
    connection = op.get_bind()
    found = connection.execute(
        sa.select(ROLES.c.id).where(sa.or_(ROLES.c.slug == SLUG, ROLES.c.name == NAME))
    ).first()
    values = {"slug": SLUG, "name": NAME, "description": DESCRIPTION, "is_builtin": True}
    if found is None:
        connection.execute(ROLES.insert().values(**values))
    else:
        connection.execute(ROLES.update().where(ROLES.c.id == found.id).values(**values))


def downgrade() -> None:
    op.drop_table("stakeholder_services")
    op.drop_table("stakeholders")
    connection = op.get_bind()
    connection.execute(
        ROLES.update().where(ROLES.c.slug == SLUG).values(is_builtin=False)
    )  # the role stays, with its assignments, as one made by hand
