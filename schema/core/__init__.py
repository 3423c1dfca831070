"""The machinery every area of the schema shares; it imports no area."""
