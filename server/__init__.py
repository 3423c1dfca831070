"""Steward: the register for IT service management improvement work."""
