"""Objectives: the tree of goals and its links to metrics and initiatives."""
