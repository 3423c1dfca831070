"""The people area of the schema: people, roles, tokens, accounts, audit (see area.py)."""
