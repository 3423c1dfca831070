"""The initiatives area of the schema (see area.py)."""
