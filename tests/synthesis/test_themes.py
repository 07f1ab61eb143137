"""Themes: recurring key phrases, Dutch-aware, the shared ones first."""

from __future__ import annotations

from flows.synthesis.merging import Said
from flows.synthesis.themes import MAX_THEMES, themes
from flows.synthesis.words import stop_words, tokens
from tests.synthesis.fixtures import ANNA, BRAM, CARLA, DAAN, EVA, TEAM


def test_a_phrase_two_members_used_in_different_word_forms_is_shared():
    found = themes(
        [
            Said(ANNA, "Een onderzoekende houding van leraar en opleider"),
            Said(BRAM, "Wij willen dat de leraar onderzoekend en nieuwsgierig is"),
            Said(CARLA, "Samenwerking met de wijk"),
        ]
    )
    shared = [theme for theme in found if theme.gedeeld]
    assert shared, found
    assert any("onderzoekend" in theme.phrase for theme in shared)
    theme = next(theme for theme in shared if "onderzoekend" in theme.phrase)
    assert theme.members == 2
    assert theme.names == ("Anna", "Bram")


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
    flags = [theme.gedeeld for theme in found]
    assert flags == sorted(flags, reverse=True)
    assert found[0].phrase == "kansengelijkheid"
    assert found[0].members == 3
    assert found[1].phrase.startswith("eigenaarschap")


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
