"""Outcome cards stored by earlier versions (their `to_dict` JSON in the database) still load."""

from __future__ import annotations

import json
from pathlib import Path

from flows.schema import OutcomeSection
from flows.synthesis import OutcomeCard
from tests.synthesis.fixtures import waarborg1

# Written by samenbot 0.1 (before question order, themes by noun phrase, the bespreekpunt rule).
STORED = json.loads(
    (Path(__file__).parent / "outcomes_stored_by_0_1.json").read_text(encoding="utf-8")
)


def test_cards_stored_by_the_previous_version_load_with_everything_they_held():
    waarborg, visie, region = (OutcomeCard.from_dict(data) for data in STORED)
    assert waarborg.title == STORED[0]["title"]
    assert waarborg.sections[0] is OutcomeSection(STORED[0]["sections"][0])
    rating = waarborg.ratings[0]
    assert rating.items[0].distribution[2].label == "grotendeels zichtbaar"
    assert isinstance(rating.median, float)
    assert waarborg.choices[0].options[0].names == tuple(
        STORED[0]["choices"][0]["options"][0]["names"]
    )
    assert visie.lists[0].general[0].text == STORED[1]["lists"][0]["general"][0]["text"]
    assert visie.themes and visie.order == ()
    assert region.comparison is not None
    assert (
        region.comparison.partnerships[0].name == STORED[2]["comparison"]["partnerships"][0]["name"]
    )
    # and they round-trip as they are
    assert OutcomeCard.from_dict(json.loads(json.dumps(waarborg.to_dict()))) == waarborg


def test_keys_a_later_version_added_are_ignored():
    data = dict(STORED[0], mood="optimistic")
    assert OutcomeCard.from_dict(data).title == STORED[0]["title"]


def test_a_new_card_round_trips():
    card = waarborg1()
    assert OutcomeCard.from_dict(json.loads(json.dumps(card.to_dict()))) == card
