"""Counts in words ("1 stemmer", "3 stemmers"), times in the chat's language, and the command a
near miss was meant to be."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.commands import closest_command
from bot.i18n import LANGUAGES, translator
from bot.presenting.questions import card_text, closing_time
from flows.catalog import load_catalog

_DIR = Path(__file__).resolve().parents[2] / "bot" / "i18n"
CATALOGS = {
    language: yaml.safe_load((_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    for language in LANGUAGES
}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PLURAL_KEYS = sorted(
    {key.rsplit(".", 1)[0] for c in CATALOGS.values() for key in c if key.endswith(".one")}
)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("nl", 0, "0 stemmers tot nu toe"),
        ("nl", 1, "1 stemmer tot nu toe"),
        ("nl", 3, "3 stemmers tot nu toe"),
        ("en", 1, "1 voter so far"),
        ("en", 2, "2 voters so far"),
    ],
)
def test_a_tally_counts_its_voters_in_words(language, count, expected):
    assert translator(language)("tally.voters", count=count) == f"<i>{expected}</i>"


def test_an_export_caption_says_one_card_or_several():
    t = translator("nl")
    assert t("export.caption", flow="Visie", count=1) == "Visie: 1 uitkomstenkaartje"
    assert t("export.caption", flow="Visie", count=2) == "Visie: 2 uitkomstenkaartjes"


def test_counts_inside_a_sentence_are_each_in_their_own_number():
    t = translator("nl")
    answers = t.plain("count.answers", count=1)
    votes = t.plain("count.votes", count=2)
    assert t("mydata.caption", answers=answers, votes=votes) == (
        "Wat samenbot over jou bewaart: 1 antwoord en 2 stemmen."
    )
    assert translator("en").plain("forget.redrawn", count=1) == (
        "1 outcome card was drawn up again without your contribution."
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_hedges_its_number_with_brackets(language):
    hedged = {
        key: text
        for key, text in CATALOGS[language].items()
        if re.search(r"\w\((s|en|men|n)\)", text)
    }
    assert not hedged, f"say '1 stemmer' / '3 stemmers', not 'stemmer(s)': {hedged}"


@pytest.mark.parametrize("key", PLURAL_KEYS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_counted_text_has_the_singular_and_the_plural_with_its_count(language, key):
    for form in ("one", "other"):
        assert "{count}" in CATALOGS[language].get(f"{key}.{form}", ""), f"{key}.{form}"


def test_a_closing_time_is_said_in_the_chats_language_and_amsterdam_time():
    moment = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    assert closing_time(moment, AMSTERDAM, translator("nl")) == "maandag 30 november om 11:00"
    assert closing_time(moment, AMSTERDAM, translator("en")) == "Monday 30 November at 11:00"


def test_a_card_in_tempo_mode_says_when_it_closes():
    flow = load_catalog().get("kwaliteitskader")
    card = flow.card(1)
    t = translator("nl")
    closes = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    text = card_text(flow, card, t, closes_at=closes)
    assert text.endswith(
        "⏳ Deze kaart staat open tot maandag 30 november om 11:00; "
        "dan gaat het gesprek vanzelf verder."
    )
    assert "open tot" not in card_text(flow, card, t), "a live card has no deadline"


@pytest.mark.parametrize(
    ("typed", "language", "meant"),
    [
        ("volgnde", "nl", "volgende"),
        ("samenvating", "nl", "samenvatting"),
        ("stpo", "nl", "stop"),
        ("kaarte", "nl", "kaarten"),
        ("nxet", "en", "next"),
        ("volgnde", "en", "next"),
        ("sumary", "nl", "samenvatting"),
        ("hlep", "nl", "help"),
        ("stats", "nl", "status"),
        ("vliegen", "nl", None),
        ("report", "nl", None),
    ],
)
def test_a_near_miss_is_taken_for_the_command_it_resembles(typed, language, meant):
    assert closest_command(typed, language) == meant
