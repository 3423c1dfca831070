"""The balance area: assessments of the four tensions of service operation, their evidence
and drift, and the guidelines for resolving them."""
