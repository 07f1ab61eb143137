"""The region card: partnerships side by side, what they share and what is their own."""

from __future__ import annotations

from flows.synthesis import Comparison
from flows.synthesis.comparison import compare
from tests.synthesis.fixtures import partnership_outcomes, region_card3

EEMLAND = "Samen Opleiden Eemland"
RIVIERENLAND = "Opleidingsschool Rivierenland"
GOOI = "Partnerschap Gooi & Vecht"


def comparison() -> Comparison:
    found = region_card3().comparison
    assert found is not None
    return found


def test_each_partnership_is_shown_with_all_its_elements():
    columns = {column.name: column for column in comparison().partnerships}
    assert list(columns) == [RIVIERENLAND, GOOI, EEMLAND]
    assert {element.text for element in columns[EEMLAND].elements} == {
        "Onderzoekende houding",
        "Eigenaarschap van de student",
        "Aandacht voor meertaligheid",
        "Pedagogisch vakmanschap",
        "Ruimte voor praktijkonderzoek in de school",
    }


def test_elements_shared_by_two_partnerships_name_both():
    shared = {element.text: element.partnerships for element in comparison().shared}
    assert shared == {
        "Onderzoekende houding": (RIVIERENLAND, EEMLAND),
        "Pedagogisch vakmanschap": (RIVIERENLAND, EEMLAND),
        "Eigenaarschap bij studenten": (GOOI, EEMLAND),
    }


def test_the_other_wordings_of_a_shared_element_are_kept():
    shared = {element.text: element for element in comparison().shared}
    assert shared["Onderzoekende houding"].wordings == (
        "Een onderzoekende houding bij leraar en opleider",
    )


def test_what_only_one_partnership_names_is_particular_with_its_specific_mark():
    particular = {
        column.name: {(e.text, e.specific) for e in column.particular}
        for column in comparison().partnerships
    }
    assert particular[EEMLAND] == {
        ("Aandacht voor meertaligheid", True),
        ("Ruimte voor praktijkonderzoek in de school", False),
    }
    assert particular[RIVIERENLAND] == {
        ("Samen leren in de school", False),
        ("Verbinding met het platteland", True),
    }
    assert ("Burgerschap", True) in particular[GOOI]


def test_a_theme_that_recurs_across_partnerships_in_other_words_is_shared():
    themes = {theme.text: theme.partnerships for theme in comparison().shared_themes}
    assert themes == {"praktijkonderzoek": (GOOI, EEMLAND)}


def test_nothing_is_both_shared_and_particular():
    found = comparison()
    shared_texts = {w for s in found.shared for w in (s.text, *s.wordings)}
    for column in found.partnerships:
        assert not shared_texts & {e.text for e in column.particular}


def test_an_element_all_partnerships_share_is_marked_as_such():
    outcomes = partnership_outcomes()[:2]  # Eemland and Rivierenland
    found = compare(outcomes)
    assert all(found.shared_by_all(element) for element in found.shared)


def test_without_partnership_outcomes_the_comparison_is_empty():
    assert compare([]) == Comparison(partnerships=(), shared=(), shared_themes=())


def test_the_order_partnerships_arrive_in_does_not_matter():
    outcomes = partnership_outcomes()
    assert compare(outcomes) == compare(list(reversed(outcomes)))
