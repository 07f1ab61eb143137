"""What a member can see of a text.

An answer of only zero-width spaces, direction marks or blank "filler" characters looks empty
in Telegram but is not empty to Python; stored, it becomes an invisible bullet in the outcome
card. `visible()` removes the characters nobody sees and the lines that hold nothing else.
"""

from __future__ import annotations

import unicodedata

__all__ = ["is_blank", "visible"]

ZERO_WIDTH_JOINER = "\u200d"
# Characters that render as nothing although Unicode files them as letters or symbols.
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def _unseen(char: str) -> bool:
    if char in _BLANK_LOOKALIKES:
        return True
    category = unicodedata.category(char)
    if category == "Cf":
        return char != ZERO_WIDTH_JOINER  # the joiner holds emoji sequences together
    return category == "Cc" and char not in "\n\t"


def _shows(char: str) -> bool:
    """A character that puts ink on the screen by itself."""
    category = unicodedata.category(char)
    return not (
        category[0] in "ZC" or category in ("Mn", "Me") or char in _BLANK_LOOKALIKES
    ) and char not in ("\ufe0e", "\ufe0f")


def visible(text: str) -> str:
    """The text without invisible characters and without lines that show nothing; "" when
    nothing at all would show."""
    cleaned = "".join(char for char in text if not _unseen(char))
    lines = [line.strip() for line in cleaned.splitlines()]
    return "\n".join(line for line in lines if any(_shows(char) for char in line))


def is_blank(text: str) -> bool:
    return not visible(text)
