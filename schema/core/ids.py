"""Relay global ids, as the API and the pages send and read them (server/domain/core/global_ids.py
holds the encoding, which links in mails use too)."""

from server.domain.core.global_ids import from_global_id, to_global_id

__all__ = ["from_global_id", "to_global_id"]
