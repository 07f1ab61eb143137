"""Outcome cards and whole runs as Markdown and as standalone HTML pages (for `/export`).

Templates: `outcome/card.md.j2`, `outcome/run.md.j2`, `outcome/card.html.j2`,
`outcome/run.html.j2` (the HTML ones share `outcome/_card.html.j2`). An HTML page carries its
rating charts inside it, as `data:` URIs, so the one file is the whole report, also offline.
A report's fixed words are in its language.

A card's Markdown is also kept beside the stored card (`card_markdown`), made when the card is
made, so a Markdown export joins it instead of rendering every answer again. It is marked with
its `markdown_edition`: the language, and a fingerprint of the templates and filters that
made it. Kept Markdown of another edition is not used; the card is rendered again.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import cache

import jinja2

from bot import templating
from bot.rendering.charts import rating_chart_png
from bot.rendering.telegram_html import default_environment, phrases_for
from flows.synthesis import OutcomeCard, RunReport

__all__ = [
    "card_markdown",
    "markdown_edition",
    "render_outcome_html",
    "render_outcome_markdown",
    "render_run_html",
    "render_run_markdown",
]

CARD_MARKDOWN = "outcome/card.md.j2"
# The heading level of a card in a run's Markdown export of one flow (run.md.j2).
RUN_CARD_LEVEL = 2


def render_outcome_markdown(outcome: OutcomeCard, env: jinja2.Environment | None = None) -> str:
    return _render(env, CARD_MARKDOWN, outcome=outcome)


def card_markdown(
    outcome: OutcomeCard, language: str = "nl", env: jinja2.Environment | None = None
) -> str:
    """The card as it stands in its run's Markdown export, to keep beside the stored card."""
    return _render(
        env, CARD_MARKDOWN, outcome=outcome, level=RUN_CARD_LEVEL, phrases=phrases_for(language)
    )


def markdown_edition(language: str = "nl", env: jinja2.Environment | None = None) -> str:
    """ "nl:3f2a…": which `card_markdown` a kept text is — its language, and a fingerprint of
    the card template, the phrases and the Markdown filters (`bot.templating`)."""
    return _edition(env or default_environment(), language)


@cache
def _edition(env: jinja2.Environment, language: str) -> str:
    digest = hashlib.sha256()
    for name in (CARD_MARKDOWN, phrases_for(language)):
        source, _, _ = env.loader.get_source(env, name)
        digest.update(source.encode())
    with open(templating.__file__, "rb") as filters:
        digest.update(filters.read())
    return f"{language}:{digest.hexdigest()[:16]}"


def render_outcome_html(outcome: OutcomeCard, env: jinja2.Environment | None = None) -> str:
    return _render(env, "outcome/card.html.j2", outcome=outcome, charts=_charts([outcome]))


def render_run_markdown(report: RunReport, env: jinja2.Environment | None = None) -> str:
    """The run in Markdown; a card whose Markdown was kept (`report.card_markdown`, of this
    edition) is joined as it is, the others are rendered."""
    kept = report.card_markdown[: len(report.outcomes)]
    kept += (None,) * (len(report.outcomes) - len(kept))
    return _render(
        env, "outcome/run.md.j2", report=report, kept=kept, phrases=phrases_for(report.language)
    )


def render_run_html(report: RunReport, env: jinja2.Environment | None = None) -> str:
    return _render(
        env,
        "outcome/run.html.j2",
        report=report,
        charts=_charts(report.outcomes),
        phrases=phrases_for(report.language),
    )


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
