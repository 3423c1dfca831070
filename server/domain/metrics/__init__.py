"""Metrics: their definitions, measurements, analysis against targets, corrective actions and
target changes.
"""
