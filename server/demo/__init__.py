"""The demo organisation, Harbour IT: a believable provider to explore Steward with."""
