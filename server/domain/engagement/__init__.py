"""Engage: suggestions to the plans (the open improvement register)."""
