"""The action ledger as domain: what an action point says about its owner and due date, when
two are the same, and how a card's outcome changed across a partnership's runs.

Pure Python, like the rest of `flows/`: `bot/` reads and writes the ledger through `storage/`.
"""

from flows.ledger.history import CardHistory, ChoiceChange, RatingTrend, ThemeChanges, compare
from flows.ledger.items import Person, due_date, is_near_duplicate, owner_of

__all__ = [
    "CardHistory",
    "ChoiceChange",
    "Person",
    "RatingTrend",
    "ThemeChanges",
    "compare",
    "due_date",
    "is_near_duplicate",
    "owner_of",
]
