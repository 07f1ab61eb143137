"""Golden tests: whole cards from realistic answer sets to outcome cards."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from flows.responses import Responses
from flows.schema import OutcomeSection
from flows.synthesis import OutcomeCard, card_answer_texts, synthesize
from flows.synthesis.merging import same_meaning
from flows.synthesis.synthesize import list_items
from tests.synthesis.fixtures import (
    CARD1_ANSWERS,
    CARD1_VOTES,
    CARD2_ANSWERS,
    W1_ANSWERS,
    W1_VOTES,
    card,
    region_card3,
    visie_card1,
    visie_card2,
    visie_flow,
    waarborg1,
)


def shown_texts(outcome: OutcomeCard) -> list[str]:
    """Every wording an outcome card keeps: the merged texts and their variants."""
    merged = [
        *(a for q in outcome.answers for a in q.answers),
        *(i for q in outcome.lists for i in q.items),
        *(i for q in outcome.actions for i in q.items),
    ]
    return [w for m in merged for w in (m.text, *m.variants)]


def test_the_card_heading_names_and_order_come_from_the_flow():
    outcome = visie_card2()
    assert outcome.flow_id == "visie-op-beroep"
    assert outcome.card_number == 2
    assert outcome.title == "Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten"
    assert outcome.sections == (
        OutcomeSection.LISTS,
        OutcomeSection.ANSWERS,
        OutcomeSection.THEMES,
    )
    assert outcome.participants == (
        "Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ivo", "Joost"
    )  # fmt: skip


def test_no_answer_is_lost_every_item_is_shown_or_merged_into_one_that_is():
    outcome = visie_card2()
    shown = shown_texts(outcome)
    for answer in CARD2_ANSWERS:
        for item, _ in list_items(answer.text, mark_specific=True):
            if answer.question_id == "kernelementen":
                assert item in shown, item
    for answer in CARD2_ANSWERS:
        if answer.question_id != "kernelementen":
            assert answer.text in shown or any(same_meaning(answer.text, s) for s in shown)


def test_kernelementen_are_one_list_with_the_partnership_specific_ones_apart():
    (kernelementen,) = visie_card2().lists
    assert kernelementen.respondents == 6
    general = {item.text: item.names for item in kernelementen.general}
    specific = {item.text: item.names for item in kernelementen.specific}
    assert general["Onderzoekende houding"] == ("Anna", "Bram", "Carla", "Daan")
    assert general["Pedagogisch vakmanschap"] == ("Carla", "Daan", "Eva")
    assert general["Eigenaarschap van de student"] == ("Anna", "Carla")
    assert specific == {
        "Aandacht voor meertaligheid": ("Anna", "Daan"),
        # Bram marked it specific, Eva did not: marked by anyone counts
        "Samenwerking met de wijk": ("Bram", "Eva"),
    }
    assert kernelementen.general[0].text == "Onderzoekende houding"


def test_open_answers_count_the_members_who_answered():
    outcome = visie_card2()
    by_id = {q.question_id: q for q in outcome.answers}
    assert by_id["totstandkoming"].respondents == 3
    assert len(by_id["totstandkoming"].answers) == 3


def test_an_anonymous_question_shows_no_names_anywhere_in_its_section():
    outcome = visie_card2()
    inzichten = next(q for q in outcome.answers if q.question_id == "inzichten")
    assert inzichten.anonymous
    assert all(answer.names == () for answer in inzichten.answers)
    assert "Ivo" not in json.dumps(inzichten.to_dict())
    assert "Joost" not in json.dumps(inzichten.to_dict())
    # Ivo and Joost answered only the anonymous question: no theme names them either
    for theme in outcome.themes:
        assert "Ivo" not in theme.names and "Joost" not in theme.names


def test_shared_themes_are_found_across_word_forms_and_listed_first():
    outcome = visie_card2()
    assert outcome.themes[0].gedeeld
    phrases = {theme.phrase: theme for theme in outcome.themes}
    assert phrases["onderzoekende houding"].members == 4
    # "student" (Anna, Carla) and "studenten" (Hanna) are one theme
    assert phrases["student"].names == ("Anna", "Carla", "Hanna")
    flags = [theme.gedeeld for theme in outcome.themes]
    assert flags == sorted(flags, reverse=True)


def test_actions_list_who_proposed_them_and_merge_the_same_action():
    outcome = visie_card1()
    (actions,) = outcome.actions
    assert actions.kind == "actions"
    proposed = {item.text: item.names for item in actions.items}
    assert proposed == {
        "Visie bespreken in het eerstvolgende teamoverleg": ("Anna", "Bram"),
        "Werkgroep HR vragen": ("Bram",),
        "Werkgroep visie starten met HR en de schoolleiders": ("Daan",),
    }
    # an action is not repeated among the open answers
    assert [q.question_id for q in outcome.answers] == ["waarom"]


def test_card_one_choice_is_tallied_anonymously():
    (choice,) = visie_card1().choices
    assert choice.voters == 5
    assert [(o.option_id, o.count, o.names) for o in choice.options] == [
        ("leraar", 3, ()),
        ("alle", 2, ()),
    ]
    assert choice.winner == "leraar"
    assert not choice.no_agreement


def test_waarborg_ratings_have_medians_and_bespreekpunten_and_a_profile():
    outcome = waarborg1()
    zichtbaar, algemeen = outcome.ratings
    medians = {item.item_id: item.median for item in zichtbaar.items}
    assert medians == {"beeld": 3.0, "visie_leren": 2.5, "uitgangspunten": 2.0, "gedragen": 2.0}
    flagged = [item.item_id for item in zichtbaar.items if item.bespreekpunt]
    assert flagged == ["visie_leren"]
    assert zichtbaar.median == 2.25
    assert zichtbaar.bespreekpunten == 1
    assert algemeen.items[0].median == 2.5
    assert [(p.value, p.count) for p in zichtbaar.scale] == [(1, 4), (2, 9), (3, 7), (4, 4)]


def test_waarborg_choice_tie_is_no_agreement_and_decisions_are_collected():
    outcome = waarborg1()
    vraagstuk, bronnen = outcome.choices
    assert vraagstuk.no_agreement
    assert vraagstuk.winner is None
    assert bronnen.winner == "visiedocument"
    (besluiten,) = outcome.actions
    assert besluiten.kind == "decisions"
    assert {i.text for i in besluiten.items} == {
        "Visie op leren expliciet maken in het opleidingsplan",
        "Jaarlijks de visie bespreken met alle lagen",
    }


def test_answers_of_other_cards_are_ignored():
    flow = visie_flow()
    everything = Responses.of([*CARD1_ANSWERS, *CARD2_ANSWERS], CARD1_VOTES)
    assert synthesize(flow, card(flow, 2), everything) == visie_card2()


def test_the_same_input_in_any_order_gives_the_same_groups_and_themes():
    flow = visie_flow()
    answers = list(CARD2_ANSWERS)
    expected = visie_card2()
    for seed in range(4):
        random.Random(seed).shuffle(answers)
        found = synthesize(flow, card(flow, 2), Responses.of(answers))
        assert {t.phrase for t in found.themes} == {t.phrase for t in expected.themes}
        for mine, theirs in zip(
            found.lists + found.answers, expected.lists + expected.answers, strict=True
        ):
            assert sorted(a.text for a in _merged(mine)) == sorted(a.text for a in _merged(theirs))


def _merged(question):
    return question.items if hasattr(question, "general") else question.answers


def test_outcome_cards_survive_a_json_round_trip():
    for outcome in (visie_card1(), visie_card2(), waarborg1(), region_card3()):
        data = json.loads(json.dumps(outcome.to_dict()))
        assert OutcomeCard.from_dict(data) == outcome


def test_a_card_nobody_answered_is_an_empty_outcome():
    flow = visie_flow()
    outcome = synthesize(flow, card(flow, 1), Responses())
    assert outcome.is_empty
    assert outcome.participants == ()
    assert outcome.themes == ()


def test_the_region_card_compares_only_when_its_outcome_asks_for_it():
    assert region_card3().comparison is not None
    assert visie_card2().comparison is None


def test_the_narrative_slot_is_empty_until_the_bot_fills_it():
    outcome = region_card3()
    assert outcome.narrative is None
    filled = outcome.with_narrative("De partnerschappen delen een onderzoekende houding.")
    assert filled.narrative is not None
    assert OutcomeCard.from_dict(filled.to_dict()) == filled


def test_the_narrative_writer_gets_the_cards_answers_without_names():
    flow = visie_flow()
    texts = card_answer_texts(card(flow, 1), Responses.of(CARD1_ANSWERS + W1_ANSWERS, W1_VOTES))
    assert texts == [answer.text for answer in CARD1_ANSWERS]


def test_the_outcome_does_not_depend_on_the_process_hash_seed():
    script = (
        "import json\n"
        "from tests.synthesis import fixtures as f\n"
        "cards = [f.visie_card1(), f.visie_card2(), f.waarborg1(), f.region_card3()]\n"
        "print(json.dumps([c.to_dict() for c in cards], sort_keys=True))\n"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
