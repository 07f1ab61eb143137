"""What an action point says about its owner and due date, and when two are the same."""

from datetime import date

import pytest

from flows.ledger import Person, due_date, is_near_duplicate, owner_of

ANNA = Person(1, "Anna", "anna_dv")
BRAM = Person(2, "Bram", "bram_b")
PEOPLE = [ANNA, BRAM]
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Anna plant een studiedag", ANNA),
        ("Anna: de evaluatie rondsturen", ANNA),
        ("Evaluatie rondsturen @bram_b", BRAM),
        ("@bram_b en Anna maken het rooster", BRAM),
        ("Verslag naar de voorzitter – Bram", BRAM),
        ("Verslag naar de voorzitter (Anna)", ANNA),
        ("Eigenaar: Bram", BRAM),
        ("Een studiedag plannen", None),
        ("anna plant het", None),  # a name is written with a capital
        ("Karel plant een studiedag", None),  # not a member of the group
        ("Ik pak het op", None),
    ],
)
def test_the_owner_is_a_named_member_or_nobody(text, owner):
    assert owner_of(text, PEOPLE) == owner


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Studiedag op 1 april", date(2027, 4, 1)),
        ("Evaluatie eind maart", date(2027, 3, 31)),
        ("Eind februari", date(2027, 2, 28)),
        ("Rooster klaar voor de zomer", date(2027, 7, 1)),
        ("Voor de zomervakantie afronden", date(2027, 7, 1)),
        ("Voor de kerstvakantie", date(2026, 12, 20)),
        ("Begin januari starten", date(2027, 1, 7)),
        ("Medio mei", date(2027, 5, 15)),
        ("Voor maart klaar", date(2027, 2, 28)),
        ("Uiterlijk 12-2-2027", date(2027, 2, 12)),
        ("Op 15 maart 2027 presenteren", date(2027, 3, 15)),
        ("Op 1 november", date(2027, 11, 1)),  # passed this year: next year's
        ("Eind december", date(2026, 12, 31)),
        ("Groep 3 leest voor", None),
        ("Een studiedag organiseren", None),
        ("In 2027 een nieuw plan", None),
    ],
)
def test_dutch_due_dates_are_read_and_never_lie_in_the_past(text, due):
    assert due_date(text, TODAY) == due


def test_near_duplicates_say_the_same_also_in_other_words():
    assert is_near_duplicate("Een studiedag plannen", "een studiedag plannen.")
    assert is_near_duplicate(
        "Training over de visie voor werkplekbegeleiders organiseren",
        "Werkplekbegeleiders krijgen een korte training over de visie",
    )
    assert not is_near_duplicate("Een studiedag plannen", "Het stagebeleid herschrijven")
