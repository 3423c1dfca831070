"""The one error a domain rule raises, naming the field, a stable code and the problem."""

from __future__ import annotations


class RuleViolation(Exception):
    """An input or action breaks a rule. `field` is a path such as `input.email`, or None."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class RuleViolations(Exception):
    """Several violations found in one input (for example, every bad row of a batch)."""

    def __init__(self, violations: list[RuleViolation]) -> None:
        super().__init__(f"{len(violations)} problems")
        self.violations = violations


NOT_FOUND = "NOT_FOUND"
INVALID = "INVALID"
DUPLICATE = "DUPLICATE"
FORBIDDEN = "FORBIDDEN"
INVALID_TRANSITION = "INVALID_TRANSITION"
CONFLICT = "CONFLICT"
