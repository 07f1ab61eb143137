"""An action point's owner, due date and status, read from the words members used.

    owner_of("Anna plant een studiedag", people)      -> Anna
    owner_of("Studiedag plannen – @bram_b", people)    -> Bram
    due_date("Rooster klaar voor de zomer", today)      -> 1 juli
    due_date("Evaluatie eind maart", today)             -> 31 maart

A named date ("1 april", "15-3-2027") is read by `dateparser` in Dutch; the phrases teams use
for a period of the school year ("voor de zomer", "eind maart", "medio mei") are not dates to
it, so they are read here. A date already past this year means next year's.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flows.synthesis.merging import same_meaning, same_nouns
from flows.synthesis.phrases import noun_lemmas

__all__ = ["Person", "due_date", "is_near_duplicate", "owner_of"]


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str
    username: str | None = None


_MENTION = re.compile(r"@([A-Za-z0-9_]{3,32})")
_TRAILING_NAME = re.compile(
    r"(?:[–—-]|\beigenaar:?|\bdoor)\s*@?([A-ZÀ-Ý][\w-]*)\s*\)?\s*[.!]?\s*$", re.IGNORECASE
)
_PARENTHESIS_NAME = re.compile(r"\(\s*@?([A-ZÀ-Ý][\w-]*)\s*\)\s*[.!]?\s*$")
_FIRST_WORD = re.compile(r"^\s*([A-ZÀ-Ý][\w-]*)[\s:,]+\S")


def owner_of(text: str, people: Sequence[Person]) -> Person | None:
    """The member an action point names as its owner, or None.

    An explicit @-mention counts first; then a sentence that starts with a member's first name
    ("Anna plant …"); then the owner written after the item ("… – Anna", "… (Anna)"), as the
    peer-review card asks ("actiepunt – eigenaar").
    """
    by_username = {p.username.casefold(): p for p in people if p.username}
    for mention in _MENTION.findall(text):
        if mention.casefold() in by_username:
            return by_username[mention.casefold()]
    by_name: dict[str, Person] = {}
    for person in people:
        by_name.setdefault(person.first_name.casefold(), person)
    first = _FIRST_WORD.match(text)
    if first and first.group(1)[0].isupper() and first.group(1).casefold() in by_name:
        return by_name[first.group(1).casefold()]
    for pattern in (_TRAILING_NAME, _PARENTHESIS_NAME):
        trailing = pattern.search(text)
        if trailing and trailing.group(1).casefold() in by_name:
            return by_name[trailing.group(1).casefold()]
    return None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            (),
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PART_OF_MONTH = re.compile(
    rf"\b(eind|einde|uiterlijk eind|begin|half|medio|voor|in)\s+({_MONTH})\b"
)
# Periods of the Dutch school year, as a day (month, day) by which it is done.
_PERIODS = (
    (re.compile(r"\bvoor (de|het) (zomer|zomervakantie|einde? van het schooljaar)\b"), (7, 1)),
    (re.compile(r"\bna (de )?(zomer|zomervakantie)\b"), (9, 30)),
    (re.compile(r"\bvoor (de )?herfstvakantie\b"), (10, 15)),
    (re.compile(r"\bvoor (de )?(kerst|kerstvakantie|kerstmis)\b"), (12, 20)),
    (re.compile(r"\b(eind|einde|voor het einde?) (van )?(dit|het) (kalender)?jaar\b"), (12, 31)),
    (re.compile(r"\bvoor (de )?voorjaarsvakantie\b"), (2, 15)),
    (re.compile(r"\bvoor (de )?meivakantie\b"), (4, 25)),
)


def due_date(text: str, today: date) -> date | None:
    """The day by which an action point is due, when its words name one; else None."""
    lowered = text.casefold()
    for pattern, (month, day) in _PERIODS:
        if pattern.search(lowered):
            return _ahead(today, month, day)
    part = _PART_OF_MONTH.search(lowered)
    if part:
        month = _MONTHS[part.group(2)]
        word = part.group(1)
        if word == "voor":
            previous = 12 if month == 1 else month - 1
            found = _ahead(today, previous, calendar.monthrange(today.year, previous)[1])
            return found
        if word == "begin":
            return _ahead(today, month, 7)
        if word in ("half", "medio"):
            return _ahead(today, month, 15)
        return _ahead(today, month, calendar.monthrange(today.year, month)[1])
    return _named_date(text, today)


def _named_date(text: str, today: date) -> date | None:
    if not re.search(r"\d", text):
        return None
    # Loading dateparser takes a moment: only when a text may name a date.
    from dateparser.search import search_dates

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"],
    }
    found = search_dates(text, languages=["nl"], settings=settings) or []
    for words, moment in found:
        if re.search(r"\d", words) and not re.fullmatch(r"\s*\d+\s*", words):
            day = moment.date()
            return day if day >= today else _ahead(today, day.month, day.day)
    return None


def _ahead(today: date, month: int, day: int) -> date:
    """That day this year, or next year's when it has passed."""
    for year in (today.year, today.year + 1):
        candidate = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        if candidate >= today:
            return candidate
    return candidate


def is_near_duplicate(a: str, b: str) -> bool:
    """Two action points that say the same, also in other words about the same things."""
    if same_meaning(a, b):
        return True
    return same_nouns(noun_lemmas(a), noun_lemmas(b))
