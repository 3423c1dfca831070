"""The engagement area of the API: suggestions to the plans (the open improvement register)."""
