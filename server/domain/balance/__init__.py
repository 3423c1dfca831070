"""Balance in service operation: assessments, their evidence, drift and guidelines."""
