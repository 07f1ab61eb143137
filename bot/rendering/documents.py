"""Outcome cards and whole runs as Markdown and as standalone HTML pages (for `/export`).

Templates: `outcome/card.md.j2`, `outcome/run.md.j2`, `outcome/card.html.j2`,
`outcome/run.html.j2` (the HTML ones share `outcome/_card.html.j2`). An HTML page carries its
rating charts inside it, as `data:` URIs, so the one file is the whole report, also offline.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

import jinja2

from bot.rendering.charts import rating_chart_png
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
    return _render(env, "outcome/card.html.j2", outcome=outcome, charts=_charts([outcome]))


def render_run_markdown(report: RunReport, env: jinja2.Environment | None = None) -> str:
    return _render(env, "outcome/run.md.j2", report=report)


def render_run_html(report: RunReport, env: jinja2.Environment | None = None) -> str:
    return _render(env, "outcome/run.html.j2", report=report, charts=_charts(report.outcomes))


def _charts(outcomes: Iterable[OutcomeCard]) -> dict[tuple[str, int], str]:
    """Each card's rating chart as a data URI, by (flow, card number)."""
    charts = {}
    for outcome in outcomes:
        png = rating_chart_png(outcome)
        if png:
            encoded = base64.b64encode(png).decode("ascii")
            charts[(outcome.flow_id, outcome.card_number)] = f"data:image/png;base64,{encoded}"
    return charts


def _render(env: jinja2.Environment | None, name: str, **context: object) -> str:
    text = (env or default_environment()).get_template(name).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
