"""Realistic answer sets from the seed documents, and the small flows they answer.

Visie op beroep (seed 000): card 1 afbakening + acties, card 2 kernelementen of a partnership
(with partnership-specific items), card 3 the region comparison. Kwaliteitskader (seed 003):
waarborg 1 "Lerende leraar", its four "minimaal zichtbaar" elements rated 1–4.
The flows are built here with the schema models, independent of `flows/definitions`.
"""

from __future__ import annotations

from datetime import datetime

from flows.responses import Answer, Member, Responses, Vote
from flows.schema import Card, Flow
from flows.synthesis import OutcomeCard, PartnershipOutcome, RunReport, synthesize

ANNA = Member(1, "Anna")
BRAM = Member(2, "Bram")
CARLA = Member(3, "Carla")
DAAN = Member(4, "Daan")
EVA = Member(5, "Eva")
FATIMA = Member(6, "Fatima")
GIJS = Member(7, "Gijs")
HANNA = Member(8, "Hanna")
IVO = Member(9, "Ivo")
JOOST = Member(10, "Joost")
KIM = Member(11, "Kim")
LOTTE = Member(12, "Lotte")
TEAM = (ANNA, BRAM, CARLA, DAAN, EVA, FATIMA, GIJS, HANNA, IVO, JOOST, KIM, LOTTE)

ZICHTBAAR = [
    {"value": 1, "label": "niet zichtbaar"},
    {"value": 2, "label": "beperkt zichtbaar"},
    {"value": 3, "label": "grotendeels zichtbaar"},
    {"value": 4, "label": "volledig zichtbaar"},
]


def visie_flow() -> Flow:
    return Flow.model_validate(
        {
            "id": "visie-op-beroep",
            "title": "Visie op het beroep als kloppend hart van de Onderwijsregio",
            "source": "000_0c52a99342ebaf6b.txt",
            "version": 1,
            "cards": [
                {
                    "number": 1,
                    "title": "Visie op beroep",
                    "questions": [
                        {
                            "id": "afbakening",
                            "type": "choice",
                            "anonymous": True,
                            "text": "Heeft jullie visie betrekking op de leraar of op alle "
                            "onderwijsprofessionals?",
                            "options": [
                                {"id": "leraar", "label": "De (aanstaande) leraar"},
                                {"id": "alle", "label": "Alle (aanstaande) onderwijsprofessionals"},
                            ],
                        },
                        {
                            "id": "waarom",
                            "type": "open",
                            "text": "Waarom hebben jullie voor deze afbakening gekozen?",
                        },
                        {
                            "id": "acties",
                            "type": "open",
                            "collects": "actions",
                            "text": "Tot welke afspraken en acties leidt dit?",
                        },
                    ],
                    "outcome": {"title": "Kaartje 1. Visie op beroep: Uitkomsten"},
                },
                {
                    "number": 2,
                    "title": "Partnerschap Samen Opleiden",
                    "questions": [
                        {
                            "id": "kernelementen",
                            "type": "list",
                            "mark_specific": True,
                            "text": "Wat zijn de kernelementen van jullie visie op het beroep?",
                        },
                        {
                            "id": "totstandkoming",
                            "type": "open",
                            "text": "Hoe is de visie op het beroep tot stand gekomen?",
                        },
                        {
                            "id": "inzichten",
                            "type": "open",
                            "anonymous": True,
                            "text": "Levert de bespreking nieuwe inzichten op? Welke?",
                        },
                    ],
                    "outcome": {
                        "title": "Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten",
                        "sections": ["lists", "answers", "themes"],
                    },
                },
                {
                    "number": 3,
                    "title": "Opleidingsinfrastructuur Samen Opleiden",
                    "scope": "region",
                    "context": [{"card": 2, "of": "partnerships"}],
                    "questions": [
                        {
                            "id": "conclusies",
                            "type": "open",
                            "text": "Welke nieuwe inzichten levert het gesprek op? Welke "
                            "conclusies kunnen getrokken worden?",
                        },
                    ],
                    "outcome": {
                        "title": "Kaartje 3. Samen Opleiden: Uitkomsten",
                        "sections": ["comparison", "answers", "themes", "narrative"],
                    },
                },
            ],
        }
    )


def kwaliteitskader_flow() -> Flow:
    return Flow.model_validate(
        {
            "id": "kwaliteitskader",
            "title": "Kwaliteitskader Samen Opleiden in de Onderwijsregio",
            "source": "003_66d0c7eeb7e6be1a.txt",
            "version": 1,
            "cards": [
                {
                    "number": 1,
                    "title": "Waarborg 1. Lerende leraar",
                    "questions": [
                        {
                            "id": "w1_zichtbaar",
                            "type": "rating",
                            "text": "In welke mate is dit zichtbaar in ons Samen Opleiden?",
                            "scale": ZICHTBAAR,
                            "items": [
                                {
                                    "id": "beeld",
                                    "text": "Er is een beeld van het beroep geformuleerd.",
                                },
                                {
                                    "id": "visie_leren",
                                    "text": "Daaraan is een geëxpliciteerde visie op leren "
                                    "gekoppeld.",
                                },
                                {
                                    "id": "uitgangspunten",
                                    "text": "Beeld en visie zijn vertaald in uitgangspunten "
                                    "voor het opleiden.",
                                },
                                {
                                    "id": "gedragen",
                                    "text": "Beeld, visie en uitgangspunten worden gedragen "
                                    "in alle lagen van het partnerschap.",
                                },
                            ],
                        },
                        {
                            "id": "w1_algemeen",
                            "type": "rating",
                            "text": "Hoe staat het er in het algemeen voor met waarborg 1?",
                            "scale": ZICHTBAAR,
                        },
                        {
                            "id": "w1_vraagstuk",
                            "type": "choice",
                            "text": "Wordt dit een vraagstuk voor de peer review?",
                            "options": [
                                {"id": "ja", "label": "Ja, als vraagstuk"},
                                {"id": "nee", "label": "Nee"},
                                {"id": "later", "label": "Later bepalen"},
                            ],
                        },
                        {
                            "id": "w1_bronnen",
                            "type": "multi",
                            "text": "Waar blijkt dat uit?",
                            "options": [
                                {"id": "visiedocument", "label": "Visiedocument"},
                                {"id": "opleidingsplan", "label": "Opleidingsplan"},
                                {"id": "evaluaties", "label": "Evaluaties"},
                                {"id": "gesprekken", "label": "Gesprekken met studenten"},
                            ],
                        },
                        {
                            "id": "w1_besluiten",
                            "type": "list",
                            "collects": "decisions",
                            "text": "Welke besluiten nemen we?",
                        },
                    ],
                    "outcome": {
                        "title": "Kaartje 1. Waarborg 1 Lerende leraar: Uitkomsten",
                        "sections": ["ratings", "choices", "actions", "themes"],
                    },
                }
            ],
        }
    )


def card(flow: Flow, number: int) -> Card:
    found = flow.card(number)
    assert found is not None
    return found


def say(card_number: int, question_id: str, member: Member, text: str) -> Answer:
    return Answer(card_number, question_id, member, text)


def choose(card_number: int, question_id: str, member: Member, *options: str) -> Vote:
    return Vote(card_number, question_id, member, tuple(options))


def rate(card_number: int, question_id: str, member: Member, value: int, item: str = "") -> Vote:
    return Vote(card_number, question_id, member, value, item)


# --- Visie op beroep, card 1 ---------------------------------------------------------------

CARD1_ANSWERS = [
    say(
        1,
        "waarom",
        ANNA,
        "Onze visie gaat over de leraar, omdat de bekwaamheidseisen de norm zijn.",
    ),
    say(
        1, "waarom", BRAM, "omdat de bekwaamheidseisen de norm zijn, gaat onze visie over de leraar"
    ),
    say(1, "waarom", CARLA, "Onderwijsassistenten en pabo-studenten leren steeds vaker samen."),
    say(1, "acties", ANNA, "Visie bespreken in het eerstvolgende teamoverleg"),
    say(1, "acties", BRAM, "- visie bespreken in eerstvolgend teamoverleg\n- Werkgroep HR vragen"),
    say(1, "acties", DAAN, "Werkgroep visie starten met HR en de schoolleiders"),
]
CARD1_VOTES = [
    choose(1, "afbakening", ANNA, "leraar"),
    choose(1, "afbakening", BRAM, "leraar"),
    choose(1, "afbakening", CARLA, "alle"),
    choose(1, "afbakening", DAAN, "leraar"),
    choose(1, "afbakening", EVA, "alle"),
]

# --- Visie op beroep, card 2: kernelementen of partnership Eemland ---------------------------

KERNELEMENTEN = {
    ANNA: "Onderzoekende houding\n* Aandacht voor meertaligheid\nEigenaarschap van de student",
    BRAM: "Een onderzoekende houding.\nLeraar als rolmodel\n*Samenwerking met de wijk",
    CARLA: "eigenaarschap van de student!\nPedagogisch vakmanschap\nonderzoekende houding",
    DAAN: "• Pedagogisch vakmanschap\n*aandacht voor meertaligheid\nOnderzoekende Houding",
    EVA: "Pedagogisch vakmanschap\nLeraar als rolmodel voor leerlingen\nSamenwerking met de wijk",
    FATIMA: "Kansengelijkheid voor alle leerlingen",
}
CARD2_ANSWERS = [
    *(say(2, "kernelementen", member, text) for member, text in KERNELEMENTEN.items()),
    say(2, "totstandkoming", ANNA, "In twee studiedagen met opleiders van school en instituut."),
    say(2, "totstandkoming", GIJS, "Via een schrijfgroep die het beroepsbeeld als basis nam."),
    say(2, "totstandkoming", HANNA, "Samen met studenten en schoolleiders in werksessies."),
    say(
        2, "inzichten", CARLA, "Onze onderzoekende houding is nog weinig zichtbaar op de werkplek."
    ),
    say(2, "inzichten", IVO, "De onderzoekend leraar komt op de werkplek nog weinig in beeld."),
    say(2, "inzichten", JOOST, "We moeten kansengelijkheid explicieter maken in de visie."),
]

# --- Kwaliteitskader, waarborg 1: six members rate -------------------------------------------

W1_RATINGS = {
    # item:           Anna Bram Carla Daan Eva Fatima
    "beeld": (3, 3, 4, 3, 3, 4),  # median 3, agreement
    "visie_leren": (1, 3, 2, 4, 1, 4),  # median 2.5, two low and two high: bespreekpunt
    "uitgangspunten": (2, 2, 3, 2, 2, 2),  # median 2
    "gedragen": (1, 2, 3, 2, 1, 2),  # median 2, spread 2 but one outlier: no bespreekpunt
}
RATERS = (ANNA, BRAM, CARLA, DAAN, EVA, FATIMA)
W1_VOTES = [
    *(
        rate(1, "w1_zichtbaar", member, value, item)
        for item, values in W1_RATINGS.items()
        for member, value in zip(RATERS, values, strict=True)
    ),
    rate(1, "w1_algemeen", ANNA, 2),
    rate(1, "w1_algemeen", BRAM, 3),
    rate(1, "w1_algemeen", CARLA, 3),
    rate(1, "w1_algemeen", DAAN, 2),
    # 2 ja, 2 nee, 1 later: a tie
    choose(1, "w1_vraagstuk", ANNA, "ja"),
    choose(1, "w1_vraagstuk", BRAM, "nee"),
    choose(1, "w1_vraagstuk", CARLA, "ja"),
    choose(1, "w1_vraagstuk", DAAN, "nee"),
    choose(1, "w1_vraagstuk", EVA, "later"),
    choose(1, "w1_bronnen", ANNA, "visiedocument", "opleidingsplan"),
    choose(1, "w1_bronnen", BRAM, "visiedocument"),
    choose(1, "w1_bronnen", CARLA, "visiedocument", "evaluaties"),
]
W1_ANSWERS = [
    say(1, "w1_besluiten", ANNA, "Visie op leren expliciet maken in het opleidingsplan"),
    say(1, "w1_besluiten", FATIMA, "Jaarlijks de visie bespreken met alle lagen"),
]

# --- Region: three partnerships' card-2 kernelementen ----------------------------------------

REGION_KERNELEMENTEN = {
    "Samen Opleiden Eemland": {
        ANNA: "Onderzoekende houding\nEigenaarschap van de student\n*Aandacht voor meertaligheid",
        BRAM: "Pedagogisch vakmanschap\nRuimte voor praktijkonderzoek in de school",
    },
    "Opleidingsschool Rivierenland": {
        KIM: "Een onderzoekende houding bij leraar en opleider\n*Verbinding met het platteland",
        LOTTE: "Pedagogisch vakmanschap in de klas\nSamen leren in de school",
    },
    "Partnerschap Gooi & Vecht": {
        GIJS: "Eigenaarschap bij studenten\n*Burgerschap",
        HANNA: "Leraar als rolmodel voor leerlingen\nPraktijkonderzoek door studenten",
    },
}
CARD3_ANSWERS = [
    say(3, "conclusies", ANNA, "Onderzoekende houding verbindt ons; meertaligheid is eigen."),
    say(3, "conclusies", KIM, "De onderzoekende houding delen we, met eigen accenten."),
]


def visie_card1() -> OutcomeCard:
    flow = visie_flow()
    return synthesize(flow, card(flow, 1), Responses.of(CARD1_ANSWERS, CARD1_VOTES))


def visie_card2() -> OutcomeCard:
    flow = visie_flow()
    return synthesize(flow, card(flow, 2), Responses.of(CARD2_ANSWERS))


def waarborg1() -> OutcomeCard:
    flow = kwaliteitskader_flow()
    return synthesize(flow, card(flow, 1), Responses.of(W1_ANSWERS, W1_VOTES))


def partnership_outcomes() -> list[PartnershipOutcome]:
    flow = visie_flow()
    outcomes = []
    for name, lists in REGION_KERNELEMENTEN.items():
        answers = [say(2, "kernelementen", member, text) for member, text in lists.items()]
        outcome = synthesize(flow, card(flow, 2), Responses.of(answers))
        outcomes.append(PartnershipOutcome(name, outcome))
    return outcomes


def region_card3() -> OutcomeCard:
    flow = visie_flow()
    return synthesize(
        flow, card(flow, 3), Responses.of(CARD3_ANSWERS), partnerships=partnership_outcomes()
    )


def run_report() -> RunReport:
    """A whole run to export: the visie-op-beroep cards and waarborg 1, with a chat title
    that needs escaping."""
    return RunReport(
        flow_title="Visie op het beroep als kloppend hart van de Onderwijsregio",
        partnership_or_region="Partnerschap Gooi & Vecht",
        chat_title="Opleidingsteam <Gooi> & Vecht",
        started=datetime(2026, 3, 3, 14, 5),
        finished=datetime(2026, 3, 17, 16, 30),
        participants=("Anna", "Bram", "Carla", "Daan"),
        outcomes=(visie_card1(), visie_card2(), waarborg1(), region_card3()),
        region="Onderwijsregio Gooi, Vecht & Eemland",
        flow_id="visie-op-beroep",
    )
