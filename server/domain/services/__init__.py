"""Services, their offerings, and processes: the scope improvement work applies to."""
