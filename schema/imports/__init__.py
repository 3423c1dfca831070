"""The imports area of the schema: measurement imports (see area.py)."""
