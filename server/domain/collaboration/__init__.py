"""Working together on the register: comments with mentions."""
