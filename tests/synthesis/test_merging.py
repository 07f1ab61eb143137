"""Merging near-duplicate answers: the same thing said twice is one answer with two names."""

from __future__ import annotations

import random

from flows.responses import Member
from flows.synthesis.merging import Said, merge, same_meaning
from tests.synthesis.fixtures import ANNA, BRAM, CARLA, DAAN, EVA


def test_the_same_words_with_other_case_punctuation_and_accents_are_one_answer():
    merged = merge(
        [
            Said(ANNA, "Onderzoekende houding"),
            Said(BRAM, "onderzoekende houding!"),
            Said(CARLA, "Een onderzoekende HOUDING."),
            Said(DAAN, "Onderzoekendé houding"),
        ]
    )
    assert len(merged) == 1
    assert merged[0].names == ("Anna", "Bram", "Carla", "Daan")
    assert merged[0].members == 4


def test_other_word_forms_are_the_same_answer():
    assert same_meaning("Eigenaarschap van studenten", "eigenaarschap van de student")
    assert same_meaning("Leraren als rolmodel", "De leraar als rolmodel")


def test_a_word_more_or_less_in_a_long_answer_still_merges_but_a_short_one_does_not_swallow():
    assert same_meaning(
        "Visie bespreken in het eerstvolgende teamoverleg met alle opleiders en schoolleiders",
        "visie bespreken in eerstvolgend teamoverleg met alle opleiders",
    )
    assert not same_meaning("Samen opleiden", "Samen opleiden vraagt tijd en ruimte op school")


def test_different_ideas_stay_apart():
    merged = merge([Said(ANNA, "Pedagogisch vakmanschap"), Said(BRAM, "Samenwerking met de wijk")])
    assert [m.text for m in merged] == ["Pedagogisch vakmanschap", "Samenwerking met de wijk"]


def test_the_most_complete_wording_is_kept_and_the_others_are_listed_as_variants():
    merged = merge(
        [
            Said(ANNA, "onderzoekende houding"),
            Said(BRAM, "Onderzoekende houding van leraar en opleider"),
            Said(CARLA, "Een onderzoekende houding van leraar en opleider!"),
        ]
    )
    by_text = {m.text: m for m in merged}
    assert "Onderzoekende houding van leraar en opleider" in by_text
    assert by_text["Onderzoekende houding van leraar en opleider"].variants == (
        "Een onderzoekende houding van leraar en opleider!",
    )


def test_a_member_saying_the_same_twice_counts_once():
    merged = merge([Said(ANNA, "Burgerschap"), Said(ANNA, "burgerschap"), Said(EVA, "Burgerschap")])
    assert merged[0].members == 2
    assert merged[0].names == ("Anna", "Eva")


def test_anonymous_answers_are_merged_without_names():
    merged = merge([Said(ANNA, "Meer tijd"), Said(BRAM, "meer tijd")], anonymous=True)
    assert merged[0].members == 2
    assert merged[0].names == ()


def test_the_order_answers_came_in_does_not_change_what_is_merged():
    said = [
        Said(ANNA, "Onderzoekende houding"),
        Said(BRAM, "Eigenaarschap van de student"),
        Said(CARLA, "onderzoekende houding"),
        Said(DAAN, "eigenaarschap van studenten"),
        Said(EVA, "Pedagogisch vakmanschap"),
    ]
    expected = set(merge(said))
    shuffled = list(said)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert set(merge(shuffled)) == expected


def test_most_often_said_comes_first_then_in_the_order_it_was_said():
    merged = merge(
        [
            Said(ANNA, "Zorg voor elkaar"),
            Said(BRAM, "De pabo heeft de visie geschreven."),
            Said(CARLA, "Kansengelijkheid"),
            Said(DAAN, "kansengelijkheid"),
            Said(EVA, "Klopt, de pabo was leidend."),
        ]
    )
    assert [m.text for m in merged] == [
        "Kansengelijkheid",
        "Zorg voor elkaar",
        "De pabo heeft de visie geschreven.",
        "Klopt, de pabo was leidend.",
    ]


def test_numbered_lines_that_differ_only_in_their_number_stay_apart():
    merged = merge(
        [
            Said(ANNA, "groep 3 leest elke dag voor"),
            Said(BRAM, "groep 4 leest elke dag voor"),
            Said(CARLA, "Groep 3 leest elke dag voor!"),
        ]
    )
    assert [(m.text, m.members) for m in merged] == [
        ("Groep 3 leest elke dag voor!", 2),
        ("groep 4 leest elke dag voor", 1),
    ]


def test_action_points_that_name_the_same_things_are_one_action():
    training = [
        Said(ANNA, "Training over de visie voor werkplekbegeleiders organiseren"),
        Said(BRAM, "Werkplekbegeleiders krijgen een korte training over de visie"),
        Said(CARLA, "Het beoordelingsformulier herzien voor de zomer"),
    ]
    actions = merge(training, actions=True)
    assert [m.members for m in actions] == [2, 1]
    assert actions[0].names == ("Anna", "Bram")
    # Open answers keep different sentences apart: only actions merge on what they are about.
    assert len(merge(training)) == 3


def test_five_hundred_answers_merge_without_comparing_every_pair_in_python():
    said = [
        Said(Member(index, f"Lid{index}"), f"Antwoord {index % 40} over thema {index % 7}")
        for index in range(500)
    ]
    merged = merge(said)
    assert sum(m.members for m in merged) == 500


def test_empty_answers_are_ignored():
    assert merge([Said(ANNA, "   "), Said(BRAM, "")]) == ()
