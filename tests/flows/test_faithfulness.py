"""What a reader who knows the source documents would notice: a question asked at the wrong
moment, an addition passing for the document's own, a region's handbook passing for everyone's.
"""

from flows.catalog import load_catalog
from flows.schema import QuestionType

CATALOG = load_catalog()


def texts_of(flow_id: str) -> list[str]:
    flow = CATALOG.get(flow_id)
    texts = [flow.title, flow.intro or ""]
    for card in flow.cards:
        texts += [card.title, card.intro or "", card.outcome.title]
        for question in card.questions:
            texts += [question.text, question.help or ""]
    return texts


def question_ids(flow_id: str, number: int) -> list[str]:
    return [q.id for q in CATALOG.get(flow_id).card(number).questions]


def test_visie_op_beroep_revisits_card_1_after_all_steps_not_before():
    # "Pak na het doorlopen van alle stappen dit kaartje opnieuw erbij."
    assert "alle-professionals" not in question_ids("visie-op-beroep", 1)
    assert "afspraken" not in question_ids("visie-op-beroep", 1)
    tot_slot = question_ids("visie-op-beroep", 6)
    assert tot_slot[:3] == ["kaartje-1-opnieuw", "alle-professionals", "afspraken"]


def test_tot_slot_shows_card_1_and_the_regions_choice_and_is_not_called_card_6():
    tot_slot = CATALOG.get("visie-op-beroep").card(6)
    shown = [(ref.card, ref.of) for ref in tot_slot.context]
    assert (1, "own") in shown and (5, "region") in shown and (4, "own") in shown
    assert tot_slot.label == "Tot slot"
    assert tot_slot.outcome.title == "Tot slot: Uitkomsten"


def test_no_intro_says_what_it_announces_stands_above_it():
    # The card's intro is posted first and the earlier outcomes below it.
    for flow in CATALOG:
        for card in flow.cards:
            assert "hierboven" not in (card.intro or "").lower(), (flow.id, card.number)


def test_no_outcome_title_numbers_twice_or_has_two_colons():
    for flow in CATALOG:
        for card in flow.cards:
            title = card.outcome.title
            assert title.count(":") <= 1, title
            assert "Waarborg" not in title and "Scenario 1." not in title, title


def test_toekomstscenarios_asks_the_closing_question_about_scenario_2():
    closing = CATALOG.get("toekomstscenarios").question("over-10-jaar")
    assert "wat er nu staat bij scenario 2 en de bovenstaande punten" in closing.text


def test_toekomstscenarios_adds_no_choice_of_scenario_and_no_scenario_1_conditions_it_lacks():
    flow = CATALOG.get("toekomstscenarios")
    assert [card.title for card in flow.cards if "keuze" in card.title.lower()] == []
    assert flow.question("s1-leiderschap") is None
    assert flow.question("s1-onderzoek") is None


def test_the_terms_question_reads_as_one_voice_with_one_over():
    taal = CATALOG.get("toekomstscenarios").question("taal").text
    assert "hebben we nog geen consensus over wat we er precies mee bedoelen" in taal
    assert "jullie" not in taal


def test_opleidingsteam_says_it_is_onderwijsregio_food_valleys_handbook():
    flow = CATALOG.get("opleidingsteam")
    assert "Onderwijsregio Food Valley" in flow.intro
    assert not any("onze regio" in text for text in texts_of("opleidingsteam"))
    assert "OWR-FV" in flow.card(4).title
    assert "Food Valley" in flow.card(8).intro


def test_opleidingsteam_restores_what_drives_me_the_matrix_and_bijlage_1_in_full():
    flow = CATALOG.get("opleidingsteam")
    assert flow.question("drijfveren").text == "Wat drijft mij?"
    assert "wat doen we samen, wat per school?" in flow.question("organisatiematrix").text
    principles = flow.question("principes-1-3").text + flow.question("principes-4-6").text
    assert principles.count("•") == 24  # and the closing line: the 25 points of Bijlage 1
    assert "70–30 als richtlijn" in principles
    assert "Specifieke aandacht voor middenmanagement is noodzakelijk." in principles


def test_opleidingsteam_rates_the_roles_of_figuur_4():
    roles = [
        item.text for item in CATALOG.get("opleidingsteam").question("betrokken-inductie").items
    ]
    assert len(roles) == 13
    assert "Coach startende docent / Inductiecoach" in roles
    assert "Assessor / examiner" in roles


def test_every_scale_and_added_question_says_it_is_samenbots_own_aid():
    for flow in CATALOG:
        for card in flow.cards:
            for question in card.questions:
                added = question.type is QuestionType.RATING or question.text in (
                    "Waaruit blijkt dat?",
                    "Wat is een concrete volgende stap?",
                )
                if flow.id == "opleidingsteam" and question.id.startswith("betrokken-"):
                    continue  # Figuur 4's own scale: altijd betrokken, op aanvraag, niet
                if added:
                    assert "hulpmiddel van samenbot" in (question.help or ""), (
                        flow.id,
                        question.id,
                    )


def test_the_quality_framework_reads_its_minimum_as_minimum_requirements():
    rating = CATALOG.get("kwaliteitskader").question("w1-zichtbaar")
    assert "Wat moet minimaal zichtbaar zijn in het Samen Opleiden?" in rating.text
    assert "minimale vereisten" in rating.text


def test_one_voice_on_the_cards_that_mixed_jullie_and_we():
    card_2 = " ".join(
        [CATALOG.get("visie-op-beroep").card(2).intro]
        + [q.text + (q.help or "") for q in CATALOG.get("visie-op-beroep").card(2).questions]
    )
    assert " je " not in card_2
    gedeeld = CATALOG.get("waarom-samen-opleiden").card(4)
    assert not any("jullie" in q.text for q in gedeeld.questions)
