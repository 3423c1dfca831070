"""People and roles as the API shows them."""

from __future__ import annotations

import strawberry


@strawberry.type(description="A named responsibility, such as service owner.")
class Role:
    id: strawberry.ID
    slug: str
    name: str


@strawberry.type(description="The person making the request.")
class Viewer:
    id: strawberry.ID
    name: str
    email: str
    is_admin: bool
    roles: list[str] = strawberry.field(
        description="Each role held, with its scope where it has one, e.g. 'service_owner'."
    )
