"""How a card's outcome changed across runs: medians, themes and choices."""

from flows.ledger import compare
from flows.schema import OutcomeSection
from flows.synthesis import (
    ChoiceTally,
    OptionCount,
    OutcomeCard,
    RatingItemOutcome,
    RatingProfile,
    Theme,
)


def card(medians: dict[str, float | None], themes: list[str], winner: str | None) -> OutcomeCard:
    items = tuple(
        RatingItemOutcome(item, f"Onderdeel {item}", 2, (), median, 0, False)
        for item, median in medians.items()
    )
    options = (OptionCount("a", "Alles", 2), OptionCount("b", "Beperkt", 1))
    return OutcomeCard(
        flow_id="kwaliteitskader",
        flow_title="Kwaliteitskader",
        card_number=2,
        card_title="Lerende leraar",
        title="Kaartje 2",
        sections=(OutcomeSection.RATINGS, OutcomeSection.CHOICES, OutcomeSection.THEMES),
        ratings=(RatingProfile("zicht", "Zichtbaar?", (), 2, items, None, 0),),
        choices=(ChoiceTally("keuze", "Welke?", False, 3, options, winner, winner is None),),
        themes=tuple(Theme(phrase, 2, True) for phrase in themes),
    )


def test_medians_change_themes_persist_appear_vanish_and_choices_change():
    history = compare(
        [
            ("2023", card({"x": 1.5, "y": 3.0}, ["opleidingsplan", "visie"], "a")),
            ("2027", card({"x": 3.0, "y": None}, ["visie", "werkplekbegeleiders"], "b")),
        ]
    )
    assert history.labels == ("2023", "2027")
    x, y = history.ratings
    assert x.medians == (1.5, 3.0) and x.change == 1.5
    assert y.change is None, "no median this time: no change to tell"
    assert history.themes.persisted == ("visie",)
    assert history.themes.appeared == ("werkplekbegeleiders",)
    assert history.themes.vanished == ("opleidingsplan",)
    (choice,) = history.choices
    assert choice.outcomes == ("Alles", "Beperkt") and choice.changed


def test_a_tie_is_no_outcome_and_one_run_compares_nothing():
    history = compare([("2027", card({"x": 2.0}, ["visie"], None))])
    assert history.choices[0].outcomes == (None,)
    assert not history.choices[0].changed
    assert history.themes.appeared == () and history.ratings[0].change is None
