"""One search box across the register (index.py)."""
