"""People, roles, who holds which role (optionally scoped), and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column
from server.models.enums import TokenScope


class Person(Base):
    """Someone who signs in on the web or calls the API with a token."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = created_at_column()
    # Set when too many wrong passwords were tried: no sign-in until then, or until unlocked.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("email = lower(email) AND email LIKE '%_@_%'", name="email_format"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )


class Role(Base):
    """A named responsibility; the nine from DOMAIN.md are built in, administrators add more."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    is_builtin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    __table_args__ = (
        CheckConstraint("length(slug) > 0 AND slug = lower(slug)", name="slug_format"),
    )


class RoleAssignment(Base):
    """A person holds a role, either everywhere or scoped to one service or one process."""

    __tablename__ = "role_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="RESTRICT"), index=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        CheckConstraint("service_id IS NULL OR process_id IS NULL", name="at_most_one_scope"),
        Index(
            "uq_role_assignments_unscoped",
            "person_id",
            "role_id",
            unique=True,
            sqlite_where=text("service_id IS NULL AND process_id IS NULL"),
            postgresql_where=text("service_id IS NULL AND process_id IS NULL"),
        ),
        Index(
            "uq_role_assignments_service",
            "person_id",
            "role_id",
            "service_id",
            unique=True,
            sqlite_where=text("service_id IS NOT NULL"),
            postgresql_where=text("service_id IS NOT NULL"),
        ),
        Index(
            "uq_role_assignments_process",
            "person_id",
            "role_id",
            "process_id",
            unique=True,
            sqlite_where=text("process_id IS NOT NULL"),
            postgresql_where=text("process_id IS NOT NULL"),
        ),
    )


class ApiToken(Base):
    """A reporting tool's credential: only a hash of the secret is kept, beside a visible prefix."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope, "scope"))
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (CheckConstraint("length(secret_hash) = 64", name="secret_hash_sha256"),)
