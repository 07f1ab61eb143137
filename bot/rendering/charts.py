"""A picture of a card's ratings: per item a horizontal bar stacked by scale point.

Drawn with matplotlib's object API on the Agg canvas — no pyplot, no global figure state, no
display needed, safe from any thread; matplotlib is imported when a chart is drawn, not when the
bot starts. Sized for a phone: 5.6 inches wide (about 620 pixels), item labels wrapped, never
cut, above their bar, so the bars keep the full width. Bespreekpunten are in bold with a ⚠
before the label. The PNG stays small enough to send and embed: at most `MAX_BYTES`, a palette
image, the resolution lowered for a card with very many items.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

from bot.rendering.telegram_html import default_environment
from flows.synthesis import OutcomeCard, RatingItemOutcome, RatingProfile

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MAX_BYTES", "rating_chart_png"]

MAX_BYTES = 200_000
_DPI = 110
_MIN_DPI = 40
_MAX_PIXELS = 2_000_000
_WIDTH = 5.6  # inches: fits a phone screen at Telegram's photo size
_LABEL_WIDTH = 60  # characters per line of an item label, written above its bar
_TITLE_WIDTH = 60
_BESPREEKPUNT_COLOUR = "#a04000"


def rating_chart_png(outcome: OutcomeCard) -> bytes | None:
    """The card's ratings as a PNG, or None when the card has no ratings."""
    ratings = [rating for rating in outcome.ratings if rating.items]
    if not ratings:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg

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
    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    buffer.seek(0)
    with Image.open(buffer) as image:
        palette = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        small = io.BytesIO()
        palette.save(small, format="PNG", optimize=True)
    return min(buffer.getvalue(), small.getvalue(), key=len)


def _figure(ratings: list[RatingProfile], say: Any) -> Figure:
    from matplotlib.figure import Figure

    heights = [_height(rating) for rating in ratings]
    figure = Figure(figsize=(_WIDTH, sum(heights) + 0.2), layout="constrained")
    axes_list = figure.subplots(len(ratings), 1, squeeze=False, height_ratios=heights)
    for axes, rating in zip((row[0] for row in axes_list), ratings, strict=True):
        _draw(axes, rating, say)
    return figure


def _lines(item: RatingItemOutcome) -> list[str]:
    return textwrap.wrap(("⚠ " if item.bespreekpunt else "") + item.text, _LABEL_WIDTH) or [""]


def _single(rating: RatingProfile) -> bool:
    """A rating without items: one bar for the question itself, no item label."""
    return len(rating.items) == 1 and rating.items[0].item_id == rating.question_id


def _height(rating: RatingProfile) -> float:
    """Inches: per item its label lines and a bar; the title above, the legend below."""
    title = len(textwrap.wrap(rating.question, _TITLE_WIDTH))
    labels = 0 if _single(rating) else sum(len(_lines(item)) for item in rating.items)
    legend_rows = -(-len(rating.scale) // 2) + 1
    return 0.15 * labels + 0.3 * len(rating.items) + 0.18 * (title + legend_rows) + 0.3


def _draw(axes: Axes, rating: RatingProfile, say: Any) -> None:
    from matplotlib import colormaps

    colours = colormaps["RdYlGn"]
    points = len(rating.scale)
    rows = list(reversed(rating.items))  # the first item on top
    single = _single(rating)
    # Each item takes its label's lines above its bar: positions in "line" units.
    positions, top = [], 0.0
    for item in rows:
        positions.append(top + 0.5)
        top += 1.0 + (0 if single else 0.55 * len(_lines(item)))
    lefts = [0] * len(rows)
    for index, point in enumerate(rating.scale):
        counts = [item.distribution[index].count for item in rows]
        colour = colours(0.1 + 0.8 * index / max(points - 1, 1))
        bars = axes.barh(
            positions,
            counts,
            height=0.8,
            left=lefts,
            color=colour,
            edgecolor="white",
            label=f"{point.value} {point.label}",
        )
        axes.bar_label(
            bars, labels=[str(c) if c else "" for c in counts], label_type="center", fontsize=8
        )
        lefts = [left + count for left, count in zip(lefts, counts, strict=True)]
    width = max(max(lefts, default=0), 1)
    if not single:
        for item, position in zip(rows, positions, strict=True):
            axes.text(
                0,
                position + 0.45,
                "\n".join(_lines(item)),
                va="bottom",
                ha="left",
                fontsize=8,
                fontweight="bold" if item.bespreekpunt else "normal",
                color=_BESPREEKPUNT_COLOUR if item.bespreekpunt else "#1d1d1f",
            )
    # The counts stand in the bars: no x axis, so the legend sits right below the bars.
    axes.set_yticks([])
    axes.set_xticks([])
    axes.set_ylim(0, top)
    axes.set_xlim(0, width)
    axes.spines[["top", "right", "left", "bottom"]].set_visible(False)
    title = "\n".join(textwrap.wrap(rating.question, _TITLE_WIDTH))
    if single and rows[0].bespreekpunt:
        title = f"⚠ {title}"
    axes.set_title(title, fontsize=9, loc="left")
    note = str(say.chart_axis())
    if any(item.bespreekpunt for item in rows):
        note += f"  ·  {say.chart_bespreekpunt()}"
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=min(points, 2),
        fontsize=7,
        title=note,
        title_fontsize=7,
        frameon=False,
    )
