"""Outcome cards and whole runs as Markdown and as standalone HTML pages (for `/export`).

Templates: `outcome/card.md.j2`, `outcome/run.md.j2`, `outcome/card.html.j2`,
`outcome/run.html.j2` (the HTML ones share `outcome/_card.html.j2`).
"""

from __future__ import annotations

import re

import jinja2

from bot.rendering.telegram_html import default_environment
from flows.synthesis import OutcomeCard, RunReport

__all__ = [
    "render_outcome_html",
    "render_outcome_markdown",
    "render_run_html",
    "render_run_markdown",
]


def render_outcome_markdown(outcome: OutcomeCard, env: jinja2.Environment | None = None) -> str:
    return _render(env, "outcome/card.md.j2", outcome=outcome)


def render_outcome_html(outcome: OutcomeCard, env: jinja2.Environment | None = None) -> str:
    return _render(env, "outcome/card.html.j2", outcome=outcome)


def render_run_markdown(report: RunReport, env: jinja2.Environment | None = None) -> str:
    return _render(env, "outcome/run.md.j2", report=report)


def render_run_html(report: RunReport, env: jinja2.Environment | None = None) -> str:
    return _render(env, "outcome/run.html.j2", report=report)


def _render(env: jinja2.Environment | None, name: str, **context: object) -> str:
    text = (env or default_environment()).get_template(name).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
