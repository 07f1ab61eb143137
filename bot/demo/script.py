"""The scripted demo session: who is in the group, and what they say.

Three members of a partnership play visie-op-beroep card 1 and card 2 (seed 000). Their answers
come from the card's own themes — the vision is about the (aanstaande) leraar or about all
onderwijsprofessionals; core elements such as "onderzoekende houding", "leren van en met
elkaar", "pedagogisch vakmanschap" and "eigenaarschap over het eigen leren"; a vision written
in werksessies with schoolopleiders and instituutsopleiders — and overlap on purpose, so the
outcome cards show merged answers and shared themes.

The steps are data: the player (``bot.demo.player``) acts them out against the Bot API double.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "FLOW_ID",
    "GROUP_TITLE",
    "LAST_CARD",
    "MEMBERS",
    "REGION",
    "SESSION",
    "Advance",
    "Answer",
    "Edit",
    "Member",
    "Step",
    "Vote",
    "member",
]

GROUP_TITLE = "Partnerschap Samen Opleiden Noord"
REGION = "Onderwijsregio Oost"
FLOW_ID = "visie-op-beroep"
LAST_CARD = 2  # the demo ends with this card's outcome card


@dataclass(frozen=True)
class Member:
    key: str
    first_name: str
    last_name: str
    role: str
    facilitator: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


MEMBERS: tuple[Member, ...] = (
    Member("anna", "Anna", "de Vries", "opleidingscoördinator", facilitator=True),
    Member("bram", "Bram", "Jansen", "schoolopleider"),
    Member("fatima", "Fatima", "El Amrani", "instituutsopleider"),
)


def member(name: str) -> Member | None:
    """A member by (the start of) their first name, any case: "bram", "Fat"."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    exact = [m for m in MEMBERS if m.first_name.casefold() == wanted or m.key == wanted]
    if exact:
        return exact[0]
    started = [m for m in MEMBERS if m.first_name.casefold().startswith(wanted)]
    return started[0] if len(started) == 1 else None


# -- steps ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Vote:
    """Press an option button of the open choice question."""

    who: str
    option: str


@dataclass(frozen=True)
class Answer:
    """Reply to the open question; a ``tag`` lets a later ``Edit`` find this message."""

    who: str
    text: str
    tag: str | None = None


@dataclass(frozen=True)
class Edit:
    """The author changes an earlier answer (Telegram's "edit message")."""

    tag: str
    text: str


@dataclass(frozen=True)
class Advance:
    """The facilitator moves on: the "Volgende ▶" button, or the /volgende command."""

    who: str
    by: Literal["button", "command"] = "command"


Step = Vote | Answer | Edit | Advance

LERAAR = "De (aanstaande) leraar"
ALLE = "Alle (aanstaande) onderwijsprofessionals"

CARD_1: tuple[Step, ...] = (
    # afbakening (choice)
    Vote("bram", LERAAR),
    Vote("fatima", ALLE),
    Vote("anna", LERAAR),
    Advance("anna", by="button"),
    # waarom
    Answer(
        "bram",
        "Onze visie gaat over de (aanstaande) leraar, omdat de bekwaamheidseisen "
        "voor de leraar de norm zijn.",
    ),
    Answer(
        "anna",
        "Omdat de bekwaamheidseisen voor de leraar de norm zijn, gaat de visie over de "
        "aanstaande leraar.",
    ),
    Answer(
        "fatima",
        "Bij de start lag de focus op studenten van de pabo en de lerarenopleidingen; "
        "andere onderwijsprofessionals kwamen later in beeld.",
    ),
    Advance("anna"),
    # voordelen
    Answer(
        "fatima",
        "Schoolopleiders en instituutsopleiders spreken dezelfde taal over het beroep.",
    ),
    Answer(
        "bram",
        "Instituutsopleiders en schoolopleiders spreken over het beroep dezelfde taal, "
        "ook in de beoordeling.",
    ),
    Advance("anna"),
    # praktijk
    Answer(
        "bram",
        "Op de opleidingsschool gebruiken we de kernelementen als kader in de "
        "begeleidingsgesprekken met studenten.",
    ),
    Answer(
        "fatima",
        "De kernelementen komen terug in de beoordeling en in de intervisie met studenten.",
    ),
    Advance("anna"),
)

CARD_2: tuple[Step, ...] = (
    # kernelementen (list; * marks what is specific to the partnership)
    Answer(
        "bram",
        "* Onderzoekende houding\nLeren van en met elkaar\nPedagogisch vakmanschp",
        tag="bram-kern",
    ),
    Answer(
        "fatima",
        "* Onderzoekende houding\n"
        "Pedagogisch vakmanschap\n"
        "Leren van en met elkaar\n"
        "* Eigenaarschap over het eigen leren",
    ),
    Answer(
        "anna",
        "* Eigenaarschap over het eigen leren\nOog voor kansengelijkheid in de wijk",
    ),
    Edit(
        "bram-kern",
        "* Onderzoekende houding\n"
        "Leren van en met elkaar\n"
        "Pedagogisch vakmanschap\n"
        "* Eigenaarschap over het eigen leren",
    ),
    Advance("anna"),
    # totstandkoming
    Answer("anna", "In twee werksessies met schoolopleiders en instituutsopleiders."),
    Answer("fatima", "Tijdens twee werksessies met instituutsopleiders en schoolopleiders."),
    Answer("bram", "Daarna besproken met studenten en vastgesteld in de stuurgroep."),
    Advance("anna"),
    # specifiek
    Answer(
        "bram",
        "Praktijkonderzoek op de eigen school is bij ons verplicht; daarom is de onderzoekende "
        "houding specifiek voor ons partnerschap.",
    ),
    Answer(
        "fatima",
        "Eigenaarschap over het eigen leren: studenten stellen zelf hun leerdoelen op in de "
        "driehoeksgesprekken.",
    ),
    Advance("anna"),
    # algemeen (list)
    Answer("fatima", "Didactisch vakmanschap\nSamenwerken met collega's"),
    Answer("bram", "Didactisch vakmanschap\nReflecteren op het eigen handelen"),
    Advance("anna"),
    # inzichten
    Answer(
        "anna",
        "We gebruiken allemaal de term onderzoekende houding, maar bedoelen er "
        "verschillende dingen mee.",
    ),
    Answer(
        "bram",
        "De onderzoekende houding betekent op school iets anders dan op het instituut; "
        "dat maken we concreter voor het overleg in de Onderwijsregio.",
    ),
    Advance("anna"),
)

SESSION: tuple[Step, ...] = CARD_1 + CARD_2
