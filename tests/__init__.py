import pytest

# The helpers in tests/support assert too: give them pytest's detailed messages, as the tests get.
pytest.register_assert_rewrite("tests.support")
