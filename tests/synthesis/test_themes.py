"""Themes: recurring key phrases, Dutch-aware, the shared ones first."""

from __future__ import annotations

from flows.synthesis.merging import Said
from flows.synthesis.themes import MAX_THEMES, themes
from flows.synthesis.words import stop_words, tokens
from tests.synthesis.fixtures import ANNA, BRAM, CARLA, DAAN, EVA, TEAM


def test_a_phrase_two_members_used_in_different_word_forms_is_shared():
    found = themes(
        [
            Said(ANNA, "Een onderzoekende houding van de werkplekbegeleider"),
            Said(BRAM, "Werkplekbegeleiders met een onderzoekende houding"),
            Said(CARLA, "Samenwerking met de wijk"),
        ]
    )
    assert [(t.phrase, t.members, t.names) for t in found] == [
        ("onderzoekende houding", 2, ("Anna", "Bram")),
        ("werkplekbegeleider", 2, ("Anna", "Bram")),
    ]


def test_noise_is_no_theme_verb_fragments_names_dates_and_the_question_itself():
    found = themes(
        [
            Said(
                ANNA,
                "Eerlijk gezegd gebruiken we de visie nauwelijks; Bram zet het in maart op de agenda.",
            ),
            Said(
                BRAM,
                "Eerlijk gezegd staat het beroepsbeeld nergens; in maart plannen we een sessie.",
            ),
            Said(CARLA, "Bram zet de visie op papier, maar de leraar staat er niet in."),
            Said(DAAN, "Instituutsopleiders spreken over de leraar als norm."),
        ],
        exclude=["Hoe gebruiken jullie de visie op de leraar?"],
    )
    assert found == ()


def test_a_theme_one_member_named_is_no_theme():
    assert themes([Said(ANNA, "Werkplekleren"), Said(BRAM, "Inductie")]) == ()


def test_shared_themes_come_first_most_widely_shared_first():
    found = themes(
        [
            Said(ANNA, "Kansengelijkheid voor alle leerlingen"),
            Said(BRAM, "kansengelijkheid in de regio"),
            Said(CARLA, "Kansengelijkheid en burgerschap"),
            Said(DAAN, "Eigenaarschap bij studenten"),
            Said(EVA, "eigenaarschap van de student"),
            Said(ANNA, "Praktijkgericht onderzoek"),
        ]
    )
    assert all(theme.gedeeld for theme in found)
    assert [(t.phrase, t.members) for t in found] == [
        ("kansengelijkheid", 3),
        ("eigenaarschap", 2),
        ("studenten", 2),
    ]


def test_stop_words_and_single_letters_are_never_a_theme():
    found = themes(
        [
            Said(ANNA, "Wij vinden dat het ook zo is, a b c"),
            Said(BRAM, "Dat is het, en wij vinden het ook"),
            Said(CARLA, "x y z en het is zo"),
        ]
    )
    for theme in found:
        words = tokens(theme.phrase)
        assert any(word not in stop_words() for word in words), theme
        assert len(theme.phrase) > 1


TOPICS = """
Burgerschap Meertaligheid Kansengelijkheid Eigenaarschap Reflectie Vakmanschap Begeleiding
Inductie Professionalisering Werkplekleren Diversiteit Inclusie
"""


def test_themes_are_capped():
    topics = TOPICS.split()
    said = [
        Said(member, f"{topic} in de praktijk") for member, topic in zip(TEAM, topics, strict=True)
    ]
    assert len(themes(said)) <= MAX_THEMES


def test_whoever_said_it_only_anonymously_is_not_named():
    found = themes(
        [
            Said(ANNA, "Meer tijd voor begeleiding"),
            Said(BRAM, "Tijd voor begeleiding ontbreekt", anonymous=True),
        ]
    )
    begeleiding = next(theme for theme in found if "begeleiding" in theme.phrase)
    assert begeleiding.members == 2
    assert begeleiding.gedeeld
    assert begeleiding.names == ("Anna",)


def test_no_answers_no_themes():
    assert themes([]) == ()
