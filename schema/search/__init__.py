"""The search area: one query across the register's things."""
