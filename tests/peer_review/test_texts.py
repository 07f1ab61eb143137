"""The reminder texts: Dutch dates, the agreed vraagstukken, what the bot offers."""

from __future__ import annotations

from datetime import date

import pytest

from flows.peer_review import (
    NONE_RECORDED,
    Milestone,
    dutch_date,
    fill_text,
    load_timeline,
    offer_line,
)

TIMELINE = load_timeline()
VISIT = date(2026, 6, 9)


def reminder(milestone_id: str, vraagstukken: list[str]) -> str:
    return fill_text(TIMELINE.milestone(milestone_id), VISIT, vraagstukken)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 9), "dinsdag 9 juni 2026"),
        (date(2026, 3, 1), "zondag 1 maart 2026"),
        (date(2027, 1, 4), "maandag 4 januari 2027"),
        (date(2028, 2, 29), "dinsdag 29 februari 2028"),
        (date(2026, 12, 31), "donderdag 31 december 2026"),
        (date(2026, 10, 17), "zaterdag 17 oktober 2026"),
    ],
)
def test_dates_are_written_the_dutch_way_whatever_the_computers_language(day, expected):
    assert dutch_date(day) == expected


def test_a_date_can_be_written_without_the_weekday():
    assert dutch_date(VISIT, weekday=False) == "9 juni 2026"


def test_the_visit_date_is_filled_in():
    assert reminder("kritische-reflectie", []).startswith(
        "Over twaalf weken, op dinsdag 9 juni 2026, is de ontwikkelingsgerichte peer review."
    )


def test_the_day_before_the_visit_lists_the_agreed_vraagstukken():
    text = reminder(
        "bezoek-morgen",
        ["Hoe betrekken we de werkplekbegeleiders?", "Wat doen we met de inductie?"],
    )
    assert "Morgen, dinsdag 9 juni 2026, is de peer review." in text
    assert (
        "De vraagstukken:\n• Hoe betrekken we de werkplekbegeleiders?\n"
        "• Wat doen we met de inductie?\n"
    ) in text
    assert NONE_RECORDED not in text


def test_without_vraagstukken_the_reminder_says_none_are_recorded_and_how_to_record_them():
    text = reminder("bezoek-over-een-week", [])
    assert NONE_RECORDED in text
    assert "/gesprek peer-review-voorbereiding" in text


def test_blank_vraagstukken_count_as_none_and_long_ones_stay_on_one_line():
    assert NONE_RECORDED in reminder("bezoek-morgen", ["", "   "])
    text = reminder("bezoek-morgen", ["Hoe houden we\n  de kwaliteit vast?"])
    assert "• Hoe houden we de kwaliteit vast?" in text


def test_braces_in_a_vraagstuk_are_shown_as_written():
    text = reminder("bezoek-morgen", ["Wat betekent {datum} voor ons?"])
    assert "• Wat betekent {datum} voor ons?" in text


def test_the_next_cycle_names_both_visit_dates():
    text = reminder("volgende-cyclus", [])
    assert "De vorige was op dinsdag 9 juni 2026" in text
    assert "de volgende valt rond zondag 9 juni 2030" in text


def test_no_reminder_keeps_an_unfilled_placeholder():
    for milestone in TIMELINE.milestones:
        for vraagstukken in ([], ["Een vraagstuk"]):
            text = fill_text(milestone, VISIT, vraagstukken)
            assert "{" not in text and "}" not in text, milestone.id


def test_literal_braces_in_a_regions_reminder_survive_filling():
    milestone = Milestone.model_validate(
        {"id": "x", "offset": {}, "title": "X", "reminder": "Zie {{bijlage}} bij {datum}."}
    )
    assert fill_text(milestone, VISIT, []) == "Zie {bijlage} bij dinsdag 9 juni 2026."


def test_the_start_of_the_reflection_offers_the_quality_framework_conversation():
    assert offer_line(TIMELINE.milestone("kritische-reflectie")) == (
        "Start het gesprek met /gesprek kwaliteitskader."
    )


def test_an_export_offer_names_the_format_and_who_receives_it():
    milestone = Milestone.model_validate(
        {
            "id": "stukken",
            "offset": {"weeks": -3},
            "title": "Stukken",
            "reminder": "Stuur de stukken.",
            "offers_export": {"format": "docx", "flow": "kwaliteitskader", "to": "het panel"},
        }
    )
    assert offer_line(milestone) == (
        "Maak het verslag van het gesprek kwaliteitskader als document met /export docx"
        " en stuur het naar het panel."
    )


def test_a_plain_reminder_offers_nothing():
    assert offer_line(TIMELINE.milestone("programma")) is None
