"""People: accounts, passwords, API tokens, sign-in sessions and throttling, roles and their
administration.
"""
