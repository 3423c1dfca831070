"""Leases on background work, so one process per database runs each kind of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime


class RunnerLease(Base):
    """Who runs a kind of background work (the measurement imports, ...) until when. A holder
    renews it while it works; when it stops renewing (its process died), another takes over."""

    __tablename__ = "runner_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
