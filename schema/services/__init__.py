"""The services area of the schema: services, offerings, processes (see area.py)."""
