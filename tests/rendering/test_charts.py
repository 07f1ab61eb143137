"""The ratings chart: a small PNG of the distribution per item, bespreekpunten highlighted."""

from __future__ import annotations

import io
from dataclasses import replace

from bot.rendering import rating_chart_png
from bot.rendering.charts import MAX_BYTES
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


def test_bespreekpunt_labels_are_marked_and_long_labels_wrap_instead_of_being_cut():
    from dataclasses import replace

    from bot.rendering.charts import _LABEL_WIDTH, _lines

    items = waarborg1().ratings[0].items
    flagged = next(item for item in items if item.bespreekpunt)
    assert _lines(flagged)[0].startswith("⚠ ")
    assert not _lines(items[0])[0].startswith("⚠")
    long = replace(items[0], text="Beeld, visie en uitgangspunten worden gedragen " * 4)
    lines = _lines(long)
    assert len(lines) > 2
    assert all(len(line) <= _LABEL_WIDTH for line in lines)
    assert " ".join(lines).split() == long.text.split()  # nothing cut


def test_the_chart_fits_a_phone_screen():
    from PIL import Image

    png = rating_chart_png(waarborg1())
    with Image.open(io.BytesIO(png)) as image:
        assert image.width <= 720
