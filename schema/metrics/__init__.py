"""The metrics area of the schema: metrics, measurements, gaps, corrective actions, target
and budget changes (see area.py)."""
