"""My work: what waits for a person, derived from the register."""
