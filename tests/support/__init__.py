"""What the tests share, in one place; test files import helpers from here, never from each other.

- `databases`: clean databases per test (SQLite copies, PostgreSQL templates) and whether
  PostgreSQL is there.
- `clients`: the app's settings for a test, `ApiClient` (GraphQL as a demo person, checked
  against the stock executor), `StatementCounter` and `statements`, `run_async`.
- `demo`: the demo organisation as the tests know it: people, passwords and global ids.
- `pages`: reading and sending pages: CSRF tokens, signing in, fields in error, text as read.
- `initiatives`, `lifecycle`, `permissions`, `people`, `imports`: helpers of one area, and the
  hand-written tables (the lifecycle diagram, who may do what) the tests check the code against.
- `cli`, `processes`: running `steward` commands and real server processes.
- `browser`: the Chromium fixtures (a pytest plugin, registered in tests/conftest.py) and
  helpers; `vendor/` holds axe-core for the accessibility test.
"""
