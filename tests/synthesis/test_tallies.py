"""Choices and ratings: tallies, winners, "nog geen overeenstemming", medians, bespreekpunten."""

from __future__ import annotations

import pytest

from flows.responses import Responses
from flows.schema import Question
from flows.synthesis.tallies import genuinely_differ, median, rating_profile, tally
from tests.synthesis.fixtures import (
    ANNA,
    BRAM,
    CARLA,
    DAAN,
    EVA,
    FATIMA,
    GIJS,
    TEAM,
    ZICHTBAAR,
    choose,
    rate,
)

CHOICE = Question.model_validate(
    {
        "id": "keuze",
        "type": "choice",
        "text": "Tot welke keuze leidt dit?",
        "options": [
            {"id": "meerdere", "label": "Meerdere visies op het beroep"},
            {"id": "gezamenlijk", "label": "Een gezamenlijke visie voor alle sectoren"},
            {"id": "per_sector", "label": "Een visie per sector"},
            {"id": "eigen", "label": "Een eigen keuze"},
        ],
    }
)
MULTI = Question.model_validate({**CHOICE.model_dump(), "id": "functies", "type": "multi"})


def votes(*pairs):
    return Responses.of(votes=[choose(1, "keuze", member, option) for member, option in pairs])


def test_every_option_is_listed_with_its_label_even_without_votes():
    result = tally(
        CHOICE, votes((ANNA, "gezamenlijk"), (BRAM, "gezamenlijk"), (CARLA, "gezamenlijk"))
    )
    assert [(o.label, o.count) for o in result.options] == [
        ("Meerdere visies op het beroep", 0),
        ("Een gezamenlijke visie voor alle sectoren", 3),
        ("Een visie per sector", 0),
        ("Een eigen keuze", 0),
    ]
    assert result.voters == 3
    assert result.winner == "gezamenlijk"
    assert result.winner_label == "Een gezamenlijke visie voor alle sectoren"
    assert not result.no_agreement


def test_a_tie_is_not_yet_agreement():
    result = tally(
        CHOICE,
        votes((ANNA, "meerdere"), (BRAM, "per_sector"), (CARLA, "meerdere"), (DAAN, "per_sector")),
    )
    assert result.winner is None
    assert result.no_agreement


def test_three_of_five_is_a_majority_of_sixty_percent():
    result = tally(
        CHOICE,
        votes(
            (ANNA, "eigen"),
            (BRAM, "eigen"),
            (CARLA, "eigen"),
            (DAAN, "meerdere"),
            (EVA, "per_sector"),
        ),
    )
    assert result.winner == "eigen"
    assert not result.no_agreement


def test_four_of_seven_is_a_narrow_majority_and_not_yet_agreement():
    members = [ANNA, BRAM, CARLA, DAAN, EVA, FATIMA, GIJS]
    options = ["eigen"] * 4 + ["meerdere"] * 3
    result = tally(CHOICE, votes(*zip(members, options, strict=True)))
    assert result.winner == "eigen"
    assert result.no_agreement


def test_a_changed_vote_counts_once_the_last_one():
    result = tally(CHOICE, votes((ANNA, "meerdere"), (ANNA, "eigen"), (BRAM, "eigen")))
    assert result.voters == 2
    assert {o.option_id: o.count for o in result.options}["eigen"] == 2
    assert {o.option_id: o.count for o in result.options}["meerdere"] == 0


def test_voters_are_named_unless_the_question_is_anonymous():
    named = tally(CHOICE, votes((BRAM, "eigen"), (ANNA, "eigen")))
    assert named.options[3].names == ("Anna", "Bram")
    anonymous = tally(
        CHOICE.model_copy(update={"anonymous": True}), votes((BRAM, "eigen"), (ANNA, "eigen"))
    )
    assert all(option.names == () for option in anonymous.options)


def test_multi_counts_each_chosen_option_and_the_share_of_voters():
    responses = Responses.of(
        votes=[
            choose(1, "functies", ANNA, "meerdere", "eigen"),
            choose(1, "functies", BRAM, "eigen"),
            choose(1, "functies", CARLA, "per_sector", "eigen"),
        ]
    )
    result = tally(MULTI, responses)
    assert result.multiple
    assert result.voters == 3
    assert {o.option_id: o.count for o in result.options} == {
        "meerdere": 1,
        "gezamenlijk": 0,
        "per_sector": 1,
        "eigen": 3,
    }
    assert result.winner == "eigen"
    assert not result.no_agreement


def test_a_vote_for_an_option_no_longer_in_the_flow_is_kept():
    result = tally(CHOICE, votes((ANNA, "vervallen"), (BRAM, "eigen")))
    assert result.options[-1].option_id == "vervallen"
    assert result.options[-1].count == 1


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3], 3.0), ([1, 3, 2], 2.0), ([2, 3], 2.5), ([1, 2, 4, 4], 3.0), ([], None)],
)
def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values(values, expected):
    assert median(values) == expected


RATING = Question.model_validate(
    {
        "id": "zichtbaar",
        "type": "rating",
        "text": "In welke mate is dit zichtbaar?",
        "scale": ZICHTBAAR,
        "items": [
            {"id": "overleg", "text": "Er is een overleg-, beslis- en afsprakenstructuur."},
            {"id": "rollen", "text": "Verantwoordelijkheden en competenties zijn vastgesteld."},
        ],
    }
)


def test_rating_shows_the_whole_scale_the_median_and_flags_two_against_two():
    responses = Responses.of(
        votes=[
            *(rate(1, "zichtbaar", m, v, "overleg") for m, v in zip(TEAM, (3, 3, 4), strict=False)),
            *(
                rate(1, "zichtbaar", m, v, "rollen")
                for m, v in zip(TEAM, (1, 3, 1, 3), strict=False)
            ),
        ]
    )
    profile = rating_profile(RATING, responses)
    overleg, rollen = profile.items
    assert [(p.label, p.count) for p in overleg.distribution] == [
        ("niet zichtbaar", 0),
        ("beperkt zichtbaar", 0),
        ("grotendeels zichtbaar", 2),
        ("volledig zichtbaar", 1),
    ]
    assert overleg.median == 3.0
    assert not overleg.bespreekpunt
    assert rollen.median == 2.0
    assert rollen.spread == 2
    assert rollen.bespreekpunt
    assert profile.median == 2.5
    assert profile.bespreekpunten == 1
    assert profile.voters == 4


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        ((2, 3, 3, 3, 3, 4), False),  # one outlier on each side: no disagreement
        ((1, 3, 3, 3, 3, 3), False),
        ((2, 2, 3, 4, 4), True),
        ((1, 1, 3, 3), True),
        ((2, 2, 2, 3, 3, 3), False),
        ((2, 4), True),  # two members, two points apart
        ((3, 3, 4), False),
    ],
)
def test_a_bespreekpunt_needs_two_members_on_each_side_of_a_two_point_gap(values, flagged):
    assert genuinely_differ(values) is flagged


def test_a_rating_without_items_rates_the_question_itself():
    question = RATING.model_copy(update={"items": []})
    responses = Responses.of(
        votes=[rate(1, "zichtbaar", ANNA, 4, "zichtbaar"), rate(1, "zichtbaar", BRAM, 2)]
    )
    profile = rating_profile(question, responses)
    assert len(profile.items) == 1
    assert profile.items[0].votes == 2
    assert profile.items[0].median == 3.0
    assert profile.items[0].bespreekpunt
