"""Working together in the API: comments with mentions."""
