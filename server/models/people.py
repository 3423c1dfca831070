"""People, roles, who holds which role (optionally scoped) and API tokens; signed-in sessions and
the failed attempts the throttle counts; the audit log of who changed what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.models.base import Base, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import AuditAction, FailureKind, Theme, TokenScope


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


class PersonPreference(Base):
    """How the pages look to one person; a person without a row sees the defaults."""

    __tablename__ = "person_preferences"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[Theme] = mapped_column(
        enum_column(Theme, "theme"), default=Theme.SYSTEM, server_default=Theme.SYSTEM.value
    )
    # How money, numbers and dates are written (a Babel locale such as en_GB); None: as the
    # browser asks (Accept-Language).
    locale: Mapped[str | None] = mapped_column(String(16))


class SavedView(Base):
    """A list page's filters and order kept under a name: the person's own, or shared with
    everyone who may open the page (`path`, e.g. /plans/UGxhbjox; `query`, its query string)."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(Text, default="", server_default="")
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        UniqueConstraint("owner_id", "path", "name"),
        Index("ix_saved_views_path", "path"),
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


class WebSession(Base):
    """A browser signed in as a person. The cookie holds a random key; only its SHA-256 hash is
    kept here, so a copy of the table signs nobody in. Deleting the row ends the session."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(String(300), default="", server_default="")
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")

    __table_args__ = (CheckConstraint("length(key_hash) = 64", name="key_hash_sha256"),)


class AuthFailure(Base):
    """One failed attempt: a wrong password (for an e-mail address, from a client address) or
    an invalid API token (from a client address). Kept only as long as the throttle looks back."""

    __tablename__ = "auth_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FailureKind] = mapped_column(enum_column(FailureKind, "kind"))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    __table_args__ = (
        Index("ix_auth_failures_email_at", "email", "at"),
        Index("ix_auth_failures_address_kind_at", "address", "kind", "at"),
    )


class AuditEntry(Base):
    """One change to one row. Names are frozen as text so history still reads after deletes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(200))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int] = mapped_column()
    entity_label: Mapped[str] = mapped_column(String(300), default="", server_default="")
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "action"))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(40))
    # The plan the changed row belongs to, so entries follow the plan's visibility. Not a foreign
    # key: history outlives the rows it describes.
    plan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Entries about people, roles and tokens are for administrators only.
    admin_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    references: Mapped[list[AuditReference]] = relationship(
        cascade="all, delete-orphan", lazy="raise"
    )

    __table_args__ = (
        Index("ix_audit_log_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_audit_log_at", "at"),
    )


class AuditReference(Base):
    """Something an audit entry names: the changed row itself, and every row its before and
    after refer to (linked initiatives, the metric a change concerns, ...). An entry is shown
    only to those who may see everything it names, so history cannot reveal hidden work."""

    __tablename__ = "audit_references"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("audit_log.id", ondelete="CASCADE"), primary_key=True
    )
    entity_type: Mapped[str] = mapped_column(String(60), primary_key=True)
    entity_id: Mapped[int] = mapped_column(primary_key=True)

    __table_args__ = (Index("ix_audit_references_entity", "entity_type", "entity_id"),)
