"""The Jinja environment: templates, globals for every page, and block rendering for htmx."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments.starlette import Jinja2Blocks
from markupsafe import Markup
from starlette.requests import Request

from server.domain.core.markdown import to_html
from server.settings import PROJECT_ROOT
from server.web.core import charts, formatting
from server.web.core.csrf import CSRF_FIELD, csrf_token
from server.web.core.exports import EXPORT_CAP
from server.web.core.flash import take_flash
from server.web.core.static_files import asset
from server.web.core.theme import page_theme

TEMPLATE_DIR = PROJECT_ROOT / "templates"

PLAN_KIND_LABELS = {
    "STRATEGIC": "Strategic",
    "SERVICE_IMPROVEMENT": "Service improvement",
    "PROCESS_IMPROVEMENT": "Process improvement",
    "SECURITY_IMPROVEMENT": "Security improvement",
    "CONTINUITY_IMPROVEMENT": "Continuity improvement",
    "SKILL_DEVELOPMENT": "Skill development",
}

SUGGESTION_STATES = {
    "SUBMITTED": "Waiting for triage",
    "NEEDS_INFORMATION": "Needs information",
    "ACCEPTED": "Accepted",
    "DECLINED": "Declined",
    "MERGED": "Merged",
    "WITHDRAWN": "Withdrawn",
}


def label(value: str) -> str:
    """An API enum value as words: AT_RISK reads "At risk"."""
    return value.replace("_", " ").capitalize() if value else ""


def explorer_link(request: Request) -> str | None:
    """GraphiQL opened on the document (and variables) this page ran, or None for a page that
    ran none: a reporting-tool author can start from any page."""
    page_query = getattr(request.state, "page_query", None)
    if page_query is None:
        return None
    from server.web.core.documents import document  # documents imports this module

    name, variables = page_query
    params = {"query": document(name)}
    if variables:
        params["variables"] = json.dumps(variables, indent=2)
    return "/graphql?" + urlencode(params)


# What a dict answers to as an attribute (`items`, `get`, `count` ...).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    """The pages' answers are dicts, and a template reads `initiative.title` as Jinja does: an
    attribute first, else the key. A dict has no attribute by that name unless it is one of
    its own methods, so the key is read straight away in every other case: the same result
    without raising and catching an AttributeError per lookup (thousands on a long list)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_templates() -> Jinja2Blocks:
    env = PageEnvironment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["csrf_token"] = csrf_token
    env.globals["asset"] = asset
    env.globals["csrf_field"] = CSRF_FIELD
    env.globals["explorer_link"] = explorer_link
    env.globals["page_theme"] = page_theme
    env.globals["take_flash"] = take_flash
    env.filters.update(formatting.FILTERS)
    env.globals["export_cap"] = EXPORT_CAP
    env.globals["label"] = label
    env.globals["suggestion_states"] = SUGGESTION_STATES
    env.filters["plan_kind"] = lambda value: PLAN_KIND_LABELS.get(str(value), str(value))
    env.globals["metric_chart"] = charts.metric_chart
    env.globals["sparkline"] = charts.sparkline
    env.globals["status_update_chart"] = charts.status_update_chart
    env.globals["balance_chart"] = charts.balance_chart
    # Markdown people wrote, as sanitised HTML (server/domain/core/markdown.py).
    env.filters["markdown"] = lambda text: Markup(to_html(text or ""))
    return Jinja2Blocks(env=env)
