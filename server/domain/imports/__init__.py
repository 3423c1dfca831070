"""Measurement imports: the CSV reader, the checker, the import records, and the worker that runs
them with its progress.
"""
