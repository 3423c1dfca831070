"""The objectives area of the schema (see area.py)."""
