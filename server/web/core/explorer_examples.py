"""The API guide's example queries (docs/api.md), as the tabs the GraphQL explorer opens with
when it is opened directly: a reporting-tool author starts from documents that work (the suite
runs every one of them)."""

from __future__ import annotations

import json
import re
from functools import cache

from server.settings import PROJECT_ROOT

GUIDE = PROJECT_ROOT / "docs" / "api.md"
MAX_TABS = 8
_BLOCK = re.compile(r"```graphql\n(.*?)```(?:\s*```json\n(.*?)```)?", re.S)


@cache
def example_tabs() -> list[dict[str, str]]:
    """Up to MAX_TABS of the guide's read queries that need no particular viewer, each with its
    variables: [{"query": ..., "variables": ...}], in the guide's order."""
    try:
        text = GUIDE.read_text(encoding="utf-8")
    except OSError:
        return []
    tabs: list[dict[str, str]] = []
    for document, variables in _BLOCK.findall(text):
        lines = document.splitlines()
        comments = [line for line in lines if line.startswith("#")]
        body = "\n".join(line for line in lines if not line.startswith("#")).strip()
        if not body.startswith("query ") or any("expect-error" in c for c in comments):
            continue
        if "@mutation" in (variables or ""):
            continue
        tab = {"query": body + "\n"}
        if variables and variables.strip():
            tab["variables"] = json.dumps(json.loads(variables), indent=2)
        tabs.append(tab)
        if len(tabs) == MAX_TABS:
            break
    return tabs
