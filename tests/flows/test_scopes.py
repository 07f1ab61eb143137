"""Which kind of group plays which cards: `scope: partnership | region | any`."""

from flows.catalog import load_catalog
from flows.engine import playable_cards
from flows.schema import Scope

CATALOG = load_catalog()

# Seed 003: "De ontvangende Onderwijsregio en haar partnerschappen zijn eigenaar van het proces".
QUALITY_FRAMEWORK = [
    "kwaliteitskader",
    "peer-review-voorbereiding",
    "peer-review-afronding",
    "begeleiden-professionaliseren",
]


def test_the_quality_framework_conversations_are_held_by_a_region_group_as_by_a_partnership():
    for flow_id in QUALITY_FRAMEWORK:
        flow = CATALOG.get(flow_id)
        assert playable_cards(flow, Scope.PARTNERSHIP) == [card.number for card in flow.cards]
        assert playable_cards(flow, Scope.REGION), flow_id


def test_the_visiting_panels_own_lessons_stay_with_the_partnership_group():
    afronding = CATALOG.get("peer-review-afronding")
    assert playable_cards(afronding, Scope.REGION) == [1, 2, 3]
    assert playable_cards(afronding, Scope.PARTNERSHIP, from_card=3) == [3, 4]


def test_visie_op_beroep_keeps_its_region_cards_in_the_region_group():
    visie = CATALOG.get("visie-op-beroep")
    assert playable_cards(visie, Scope.REGION) == [3, 5]
    assert playable_cards(visie, Scope.PARTNERSHIP) == [1, 2, 4, 6]


def test_an_unnumbered_card_is_named_by_its_title_alone():
    visie = CATALOG.get("visie-op-beroep")
    assert visie.card(6).label == "Tot slot"
    assert visie.card(2).label.startswith("Kaart 2. ")
