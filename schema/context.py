"""The per-request context every resolver sees, built the same way for /graphql and the pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncSession

from server.domain.viewer import Viewer


@dataclass
class Context:
    viewer: Viewer | None
    session: AsyncSession
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise GraphQLError("Sign in, or send an API token as `Authorization: Bearer <token>`.")
        return self.viewer
