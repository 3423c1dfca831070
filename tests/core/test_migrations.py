"""The migrations build exactly the models' schema, both ways, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from alembic import command
from server.cli import alembic_config
from server.db import include_object, make_sync_engine
from server.domain.core.roles import BUILTIN_ROLES
from server.models import Base, Role


def test_upgrade_head_matches_the_models(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True,
                  "include_object": include_object},  # the search index: made by hand
        )  # fmt: skip
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(database_url):
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    engine = make_sync_engine(database_url, pooled=False)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_builtin_roles_exist_after_migrating(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Role.slug, Role.name, Role.description, Role.is_builtin).order_by(Role.id)
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (role.slug, role.name, role.description, True) for role in BUILTIN_ROLES
    ]
    assert len(rows) == 10


def test_every_foreign_key_leads_an_index(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    inspector = inspect(engine)
    missing = []
    for table in Base.metadata.sorted_tables:
        leading = {tuple(index["column_names"][:1]) for index in inspector.get_indexes(table.name)}
        leading |= {
            tuple(u["column_names"][:1]) for u in inspector.get_unique_constraints(table.name)
        }
        primary = inspector.get_pk_constraint(table.name)["constrained_columns"]
        leading.add(tuple(primary[:1]))
        for foreign_key in inspector.get_foreign_keys(table.name):
            columns = tuple(foreign_key["constrained_columns"][:1])
            if columns not in leading:
                missing.append(f"{table.name}.{columns[0]}")
    engine.dispose()
    assert missing == []


def test_the_indexes_real_queries_need_exist(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    inspector = inspect(engine)
    initiative_indexes = {tuple(i["column_names"]) for i in inspector.get_indexes("initiatives")}
    measurement_indexes = {tuple(i["column_names"]) for i in inspector.get_indexes("measurements")}
    engine.dispose()
    assert ("plan_id", "status") in initiative_indexes
    assert ("metric_id", "taken_at") in measurement_indexes


def test_a_database_from_before_gains_the_new_role_and_keeps_one_made_by_hand(database_url):
    """An organisation that had made its own "Business relationship manager" role, and given it
    to someone, keeps the assignment: the migration takes the role over as the built-in one."""
    from sqlalchemy import text

    config = alembic_config(database_url)
    command.downgrade(config, "0009_suggestions")
    engine = make_sync_engine(database_url, pooled=False)
    with engine.begin() as connection:
        left = "SELECT is_builtin FROM roles WHERE slug = 'business_relationship_manager'"
        assert not connection.execute(text(left)).scalar()  # kept, as one made by hand
        connection.execute(text("DELETE FROM roles WHERE slug = 'business_relationship_manager'"))
        connection.execute(
            text(
                "INSERT INTO roles (slug, name, description, is_builtin) "
                "VALUES ('brm', 'Business relationship manager', 'ours', false)"
            )
        )
        connection.execute(
            text("INSERT INTO people (email, name) VALUES ('kim@example.org', 'Kim')")
        )
        connection.execute(
            text(
                "INSERT INTO role_assignments (person_id, role_id) SELECT p.id, r.id "
                "FROM people p, roles r WHERE p.email = 'kim@example.org' AND r.slug = 'brm'"
            )
        )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        role = connection.execute(
            text("SELECT id, slug, is_builtin FROM roles WHERE name LIKE 'Business relationship%'")
        ).one()
        held = connection.execute(
            text("SELECT count(*) FROM role_assignments WHERE role_id = :id"), {"id": role.id}
        ).scalar()
    engine.dispose()
    assert (role.slug, bool(role.is_builtin)) == ("business_relationship_manager", True)
    assert held == 1
