"""Relay global ids: an opaque, URL-safe encoding of a type name and a database id (one place for
the API, the pages and the links in mails).

Every id the API, the pages and the CSV import are sent is decoded here; anything that is not
one of ours (a number in other digits than ASCII, one above the INTEGER id columns) is None,
which every caller reports as "not found" or names the field.
"""

from __future__ import annotations

import base64
import binascii

from server.domain.core.validation import database_id

_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def to_global_id(type_name: str, pk: int) -> str:
    encoded = binascii.b2a_base64(f"{type_name}:{pk}".encode(), newline=False)
    return encoded.translate(_URL_SAFE).rstrip(b"=").decode()


def from_global_id(global_id: str) -> tuple[str, int] | None:
    """(type name, database id), or None when the id is not one of ours."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    number = database_id(pk)
    if not type_name or number is None:
        return None
    return type_name, number
