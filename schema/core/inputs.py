"""What the areas' input objects share."""

from __future__ import annotations

from typing import Any

import strawberry

UNCHANGED = "; null or left out: unchanged."


def input_field(description: str, default: Any = None) -> Any:
    """An optional input field: left out, it takes `default`."""
    return strawberry.field(default=default, description=description)
