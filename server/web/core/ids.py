"""Global ids in addresses and query strings: a value names an object of the expected type, or
it is treated as naming nothing (a path: 404; a filter: dropped)."""

from __future__ import annotations

from server.web.core.schema_api import from_global_id


def is_global_id(value: str, type_name: str) -> bool:
    """True when `value` is a well-formed global id of a `type_name`."""
    decoded = from_global_id(value) if value else None
    return decoded is not None and decoded[0] == type_name


def id_number(value: str) -> int | None:
    """The number inside a well-formed global id, or None."""
    decoded = from_global_id(value) if value else None
    return decoded[1] if decoded is not None else None
