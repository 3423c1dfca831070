"""The plans area of the schema (see area.py)."""
