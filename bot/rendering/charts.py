"""A picture of a card's ratings: per item a horizontal bar stacked by scale point.

Drawn with matplotlib's object API on the Agg canvas — no pyplot, no global figure state, no
display needed, safe from any thread. Bespreekpunten are in bold with a ⚠ before the label. The
PNG stays small enough to send and embed: at most `MAX_BYTES`, a palette image, the resolution
lowered for a card with very many items.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

from bot.rendering.telegram_html import default_environment
from flows.synthesis import OutcomeCard, RatingItemOutcome, RatingProfile

__all__ = ["MAX_BYTES", "rating_chart_png"]

MAX_BYTES = 200_000
_DPI = 110
_MIN_DPI = 40
_MAX_PIXELS = 2_000_000
_WIDTH = 8.0  # inches
_LABEL_WIDTH = 42  # characters per line of an item label
_BESPREEKPUNT_COLOUR = "#a04000"


def rating_chart_png(outcome: OutcomeCard) -> bytes | None:
    """The card's ratings as a PNG, or None when the card has no ratings."""
    ratings = [rating for rating in outcome.ratings if rating.items]
    if not ratings:
        return None
    say = default_environment().get_template("outcome/_phrases.txt.j2").module
    figure = _figure(ratings, say)
    FigureCanvasAgg(figure)  # attaches the Agg canvas: no GUI backend is ever chosen
    width, height = figure.get_size_inches()
    dpi = min(_DPI, int((_MAX_PIXELS / (width * height)) ** 0.5))
    png = _png(figure, dpi)
    while len(png) > MAX_BYTES and dpi > _MIN_DPI:
        dpi = max(_MIN_DPI, int(dpi * 0.75))
        png = _png(figure, dpi)
    return png


def _png(figure: Figure, dpi: int) -> bytes:
    """The figure as PNG; as a 64-colour palette image when that is smaller (it nearly always
    is: a bar chart has few colours, anti-aliased text adds the rest)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    buffer.seek(0)
    with Image.open(buffer) as image:
        palette = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        small = io.BytesIO()
        palette.save(small, format="PNG", optimize=True)
    return min(buffer.getvalue(), small.getvalue(), key=len)


def _figure(ratings: list[RatingProfile], say: Any) -> Figure:
    heights = [0.5 * len(rating.items) + 1.4 for rating in ratings]
    figure = Figure(figsize=(_WIDTH, sum(heights) + 0.3), layout="constrained")
    axes_list = figure.subplots(len(ratings), 1, squeeze=False, height_ratios=heights)
    for axes, rating in zip((row[0] for row in axes_list), ratings, strict=True):
        _draw(axes, rating, say)
    return figure


def _draw(axes: Axes, rating: RatingProfile, say: Any) -> None:
    colours = colormaps["RdYlGn"]
    points = len(rating.scale)
    rows = list(reversed(rating.items))  # the first item on top
    lefts = [0] * len(rows)
    for index, point in enumerate(rating.scale):
        counts = [item.distribution[index].count for item in rows]
        colour = colours(0.1 + 0.8 * index / max(points - 1, 1))
        bars = axes.barh(
            range(len(rows)),
            counts,
            left=lefts,
            color=colour,
            edgecolor="white",
            label=f"{point.value} {point.label}",
        )
        axes.bar_label(
            bars, labels=[str(c) if c else "" for c in counts], label_type="center", fontsize=8
        )
        lefts = [left + count for left, count in zip(lefts, counts, strict=True)]
    single = len(rows) == 1 and rows[0].item_id == rating.question_id
    axes.set_yticks(range(len(rows)), labels=["" if single else _label(item) for item in rows])
    for tick, item in zip(axes.get_yticklabels(), rows, strict=True):
        if item.bespreekpunt:
            tick.set_fontweight("bold")
            tick.set_color(_BESPREEKPUNT_COLOUR)
            if single:
                tick.set_text("⚠")
    axes.set_xlim(0, max(max(lefts, default=0), 1))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    xlabel = str(say.chart_axis())
    if any(item.bespreekpunt for item in rows):
        xlabel += f"  ·  {say.chart_bespreekpunt()}"
    axes.set_xlabel(xlabel, fontsize=8)
    axes.set_title(textwrap.shorten(rating.question, 110), fontsize=10, loc="left")
    axes.tick_params(axis="y", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    longest = max(len(point.label) for point in rating.scale)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.22 if len(rows) > 2 else -0.45),
        ncols=min(points, 4 if longest < 16 else 2),
        fontsize=7,
        frameon=False,
    )


def _label(item: RatingItemOutcome) -> str:
    text = textwrap.shorten(item.text, _LABEL_WIDTH * 3, placeholder="…")
    wrapped = textwrap.fill(text, _LABEL_WIDTH)
    return f"⚠ {wrapped}" if item.bespreekpunt else wrapped
