"""One search box: a full-text index over initiatives, suggestions, metrics, services, processes,
objectives, stakeholders and people, kept current by triggers, and filled with what exists.

SQLite: an FTS5 table (tokenizer unicode61, diacritics removed), each row's rowid the object's
id * 16 + its kind's code. PostgreSQL: a table with a weighted tsvector (title A, the rest B,
configuration `simple`, accents removed by `search_fold`, which uses the unaccent extension
when the server has it) and a GIN index. server/domain/search/index.py reads both.

A later migration that rebuilds one of these tables on SQLite (batch mode copies and drops it)
drops its triggers with it: call `create_triggers` for it again (tests/search checks each table
is indexed on both databases).

Revision ID: 0023_search
Revises: 0022_mail
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023_search"
down_revision: str | None = "0022_mail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# kind code, table, title column, the other columns searched (as of this revision)
INDEXED = (
    (1, "initiatives", "title", ("description",)),
    (2, "suggestions", "title", ("description",)),
    (3, "metrics", "name", ("description",)),
    (4, "services", "name", ("description",)),
    (5, "processes", "name", ("description", "purpose", "scope")),
    (6, "objectives", "title", ("description",)),
    (7, "stakeholders", "name", ("description", "contact")),
    (8, "people", "name", ("email",)),
)


def _body(row: str, columns: Sequence[str]) -> str:
    return " || ' ' || ".join(f"coalesce({row}.{c}, '')" for c in columns)


def _sqlite_triggers(code: int, table: str, title: str, others: Sequence[str]) -> list[str]:
    watched = ", ".join((title, *others))
    insert = (
        f"INSERT INTO search_index (rowid, title, body) "
        f"VALUES (NEW.id * 16 + {code}, NEW.{title}, {_body('NEW', others)});"
    )
    remove = f"DELETE FROM search_index WHERE rowid = OLD.id * 16 + {code};"
    return [
        f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {watched} ON {table} "
        f"BEGIN {remove} {insert} END",
        f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {remove} END",
    ]


def _postgres_triggers(code: int, table: str, title: str, others: Sequence[str]) -> list[str]:
    watched = ", ".join((title, *others))
    return [
        f"""CREATE FUNCTION search_{table}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_index WHERE kind = {code} AND object_id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO search_index (kind, object_id, title, body)
  VALUES ({code}, NEW.id, NEW.{title}, {_body("NEW", others)})
  ON CONFLICT (kind, object_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body;
  RETURN NEW;
END $$""",
        f"CREATE TRIGGER search_{table}_sync AFTER INSERT OR UPDATE OF {watched} OR DELETE "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}_sync()",
    ]


def create_triggers(table: str) -> None:
    """(Re)create the triggers that keep one table's rows in the index."""
    code, _, title, others = next(spec for spec in INDEXED if spec[1] == table)
    dialect = op.get_bind().dialect.name
    build = _postgres_triggers if dialect == "postgresql" else _sqlite_triggers
    for statement in build(code, table, title, others):
        op.execute(statement)


def _create_fold() -> None:
    """`search_fold(text)`: the text without accents (unaccent), so PostgreSQL compares letters
    as SQLite's remove_diacritics does; the text as it is where the extension is missing."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # not installed on this server, or not allowed: letters keep accents
        pass
    schema = bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    ).scalar()
    body = (
        f"SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1)" if schema
        else "SELECT $1"
    )  # fmt: skip
    op.execute(
        f"CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        f"STRICT AS $$ {body} $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _create_fold()
        op.execute(
            """CREATE TABLE search_index (
  kind smallint NOT NULL,
  object_id integer NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', search_fold(title)), 'A')
    || setweight(to_tsvector('simple', search_fold(body)), 'B')
  ) STORED,
  PRIMARY KEY (kind, object_id)
)"""
        )
        op.execute("CREATE INDEX ix_search_index_document ON search_index USING gin (document)")
        fill = "INSERT INTO search_index (kind, object_id, title, body) SELECT {code}, id, {title}, {body} FROM {table}"  # noqa: E501
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        fill = "INSERT INTO search_index (rowid, title, body) SELECT id * 16 + {code}, {title}, {body} FROM {table}"  # noqa: E501
    for code, table, title, others in INDEXED:
        op.execute(fill.format(code=code, title=title, body=_body(table, others), table=table))
        create_triggers(table)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for _, table, _, _ in INDEXED:
        if postgres:
            op.execute(f"DROP TRIGGER search_{table}_sync ON {table}")
            op.execute(f"DROP FUNCTION search_{table}_sync()")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER search_{table}_{event}")
    op.execute("DROP TABLE search_index")
    if postgres:
        op.execute("DROP FUNCTION search_fold(text)")
