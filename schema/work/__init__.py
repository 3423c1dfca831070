"""The work area of the schema: what awaits the viewer (see area.py)."""
