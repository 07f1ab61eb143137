"""The ratings chart: a small PNG of the distribution per item, bespreekpunten highlighted."""

from __future__ import annotations

from dataclasses import replace

from bot.rendering import rating_chart_png
from bot.rendering.charts import MAX_BYTES
from flows.synthesis import RatingItemOutcome
from tests.synthesis.fixtures import visie_card2, waarborg1

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_card_without_ratings_has_no_chart():
    assert rating_chart_png(visie_card2()) is None


def test_a_card_with_ratings_gets_a_small_png():
    png = rating_chart_png(waarborg1())
    assert png is not None
    assert png.startswith(PNG)
    assert len(png) <= MAX_BYTES


def test_even_many_long_items_stay_within_the_size_bound():
    outcome = waarborg1()
    rating = outcome.ratings[0]
    item = rating.items[1]
    many = tuple(
        replace(item, item_id=f"item{n}", text=f"{n}. " + item.text * 3) for n in range(24)
    )
    png = rating_chart_png(replace(outcome, ratings=(replace(rating, items=many),)))
    assert png is not None
    assert len(png) <= MAX_BYTES


def test_bespreekpunt_labels_are_marked():
    from bot.rendering.charts import _label

    flagged = waarborg1().ratings[0].items[1]
    assert isinstance(flagged, RatingItemOutcome) and flagged.bespreekpunt
    assert _label(flagged).startswith("⚠ ")
    assert not _label(waarborg1().ratings[0].items[0]).startswith("⚠")
