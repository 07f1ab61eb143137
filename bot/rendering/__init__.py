"""Outcome cards for people: Telegram messages, Markdown, HTML, Word, a chart.

The synthesis (`flows.synthesis`) decides what an outcome card says; this package only decides
how it looks. The wording lives in the Jinja templates under `bot/templates/outcome/`.
"""

from bot.rendering.charts import rating_chart_png
from bot.rendering.documents import (
    card_markdown,
    markdown_edition,
    render_outcome_html,
    render_outcome_markdown,
    render_run_html,
    render_run_markdown,
)
from bot.rendering.docx_export import render_run_docx
from bot.rendering.splitting import TELEGRAM_LIMIT, split_html, visible_length
from bot.rendering.telegram_html import render_outcome_telegram

__all__ = [
    "TELEGRAM_LIMIT",
    "card_markdown",
    "markdown_edition",
    "rating_chart_png",
    "render_outcome_html",
    "render_outcome_markdown",
    "render_outcome_telegram",
    "render_run_docx",
    "render_run_html",
    "render_run_markdown",
    "split_html",
    "visible_length",
]
