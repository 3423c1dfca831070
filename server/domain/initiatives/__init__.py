"""Initiatives: proposing and editing them, their lifecycle and transitions, parent and child
links, and budget changes.
"""
