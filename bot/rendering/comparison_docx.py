"""A comparison (`/vergelijk … docx`) as a Word document, with a chart of the rating medians
over the runs (or per partnership, in a region).

python-docx and matplotlib load when a document is made, not when the bot starts; the caller
runs `render_comparison_docx` in a worker thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import io
import textwrap

from bot.i18n import Translator
from bot.rendering.comparison_text import ComparisonView, change_text, median_text

__all__ = ["ratings_over_time_png", "render_comparison_docx"]

_WIDTH = 6.0  # inches, the text width of an A4 page with normal margins
_LEGEND_WIDTH = 70


def ratings_over_time_png(view: ComparisonView, t: Translator) -> bytes | None:
    """One line per rated item through the columns; None without any rating."""
    history = view.history
    if not history.rated:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    items = len(history.ratings)
    figure = Figure(figsize=(_WIDTH, 3.0 + 0.3 * items), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    columns = list(range(len(history.labels)))
    for number, trend in enumerate(history.ratings, start=1):
        points = [(x, m) for x, m in zip(columns, trend.medians, strict=True) if m is not None]
        if not points:
            continue
        label = textwrap.shorten(f"{number}. {trend.item}", _LEGEND_WIDTH, placeholder="…")
        axes.plot(
            [x for x, _ in points],
            [m for _, m in points],
            marker="o",
            linestyle="none" if view.region else "-",
            label=label,
        )
    axes.set_xticks(columns, [textwrap.fill(label, 16) for label in history.labels])
    values = [m for trend in history.ratings for m in trend.medians if m is not None]
    axes.set_ylim(min(1, min(values)) - 0.3, max(4, max(values)) + 0.3)
    axes.set_ylabel(t.plain("compare.doc.median"))
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize=7, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def render_comparison_docx(view: ComparisonView, t: Translator) -> bytes:
    from docx import Document
    from docx.shared import Inches

    history = view.history
    document = Document()
    document.core_properties.title = t.plain(
        "compare.doc.title", flow=view.flow_title, card=view.card_number, title=view.card_title
    )
    document.add_heading(document.core_properties.title, level=0)
    document.add_paragraph(view.joiner.join(history.labels))
    chart = ratings_over_time_png(view, t)
    if chart is not None:
        document.add_heading(t.plain("compare.doc.ratings"), level=1)
        document.add_picture(io.BytesIO(chart), width=Inches(_WIDTH))
        headers = [t.plain("compare.doc.item"), *history.labels]
        if not view.region:
            headers.append(t.plain("compare.doc.change"))
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
        for trend in history.ratings:
            values = [trend.item, *(median_text(m, t) for m in trend.medians)]
            if not view.region:
                values.append(change_text(trend.change, t))
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    themes = history.themes
    if view.region and any(history.themes_per_column):
        document.add_heading(t.plain("compare.doc.themes"), level=1)
        for label, phrases in zip(history.labels, history.themes_per_column, strict=True):
            document.add_paragraph(f"{label}: {', '.join(phrases) or '–'}", style="List Bullet")
    elif themes.persisted or themes.appeared or themes.vanished:
        document.add_heading(t.plain("compare.doc.themes"), level=1)
        for key, phrases in (
            ("compare.themes_persisted", themes.persisted),
            ("compare.themes_appeared", themes.appeared),
            ("compare.themes_vanished", themes.vanished),
        ):
            shown = ", ".join(phrases) or t.plain("compare.none")
            document.add_paragraph(_plain(t.plain(key, themes=shown)), style="List Bullet")
    choices = view.decided_choices
    if choices:
        document.add_heading(t.plain("compare.doc.choices"), level=1)
        for choice in choices:
            outcomes = view.choice_outcomes(choice, t)
            document.add_paragraph(
                f"{choice.question}: {view.joiner.join(outcomes)}", style="List Bullet"
            )
    if view.closed_since:
        document.add_heading(t.plain("compare.doc.closed"), level=1)
        for text in view.closed_since:
            document.add_paragraph(text, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plain(text: str) -> str:
    """A translated line without its HTML tags, for Word."""
    import re

    return re.sub(r"<[^>]+>", "", text)
