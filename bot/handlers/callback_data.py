"""Every `callback_data` the bot emits, parsed into a small frozen value — or None.

Callback data comes back from the member's client and can be anything up to 64 bytes: an old
button, a foreign bot's data, or a tampered string. Parsing is strict (ASCII digits only, a
bounded length, exactly the expected number of parts), so nothing after it meets an
`OverflowError`, a `ValueError` or an index out of range.

    v:<option>            a choice                r:<item>:<value>   a rating
    i:<item>              a rating item's text    nav:next, nav:skip facilitator buttons
    start:<flow>          start a flow (/kaarten) sum:<run>          an archived run
    forget:yes|no:<user>  /vergeetmij's confirmation
    act:<op>:<item>:a|o   an action point's button (/acties): op b, k, v a status, p take it;
                          a or o: the listing shows all items or the open ones
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "MAX_INDEX",
    "MAX_RECORD_ID",
    "ActionPress",
    "ArchivedRun",
    "Callback",
    "ForgetAnswer",
    "ItemInfo",
    "Navigation",
    "RatingCast",
    "StartFlow",
    "VoteChoice",
    "bounded_int",
    "parse_callback",
]

MAX_INDEX = 199  # no keyboard has more buttons than Telegram allows (100)
MAX_RATING = 1000
MAX_RECORD_ID = 2**31 - 1  # fits every integer column, SQLite's and PostgreSQL's
MAX_USER_ID = 2**52  # Telegram's user ids fit in 52 bits

_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,15})")
_FLOW_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_ACTION_OPS = ("b", "k", "v", "p")


def bounded_int(text: str, low: int, high: int) -> int | None:
    """An ASCII integer within [low, high], or None: never "²", "٣", "1e9" or 10**30."""
    if not isinstance(text, str) or not _NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


@dataclass(frozen=True)
class VoteChoice:
    option: int


@dataclass(frozen=True)
class RatingCast:
    item: int
    value: int


@dataclass(frozen=True)
class ItemInfo:
    item: int


@dataclass(frozen=True)
class Navigation:
    action: Literal["next", "skip"]


@dataclass(frozen=True)
class StartFlow:
    flow_id: str


@dataclass(frozen=True)
class ArchivedRun:
    run_id: int


@dataclass(frozen=True)
class ForgetAnswer:
    confirmed: bool
    telegram_user_id: int


@dataclass(frozen=True)
class ActionPress:
    op: Literal["b", "k", "v", "p"]
    item_id: int
    everything: bool

    @property
    def data(self) -> str:
        return f"act:{self.op}:{self.item_id}:{'a' if self.everything else 'o'}"


Callback = (
    VoteChoice
    | RatingCast
    | ItemInfo
    | Navigation
    | StartFlow
    | ArchivedRun
    | ForgetAnswer
    | ActionPress
)


def parse_callback(data: str | None) -> Callback | None:
    if not isinstance(data, str) or not data or len(data) > 64 or not data.isascii():
        return None
    kind, *rest = data.split(":")
    if kind == "v" and len(rest) == 1:
        option = bounded_int(rest[0], 0, MAX_INDEX)
        return VoteChoice(option) if option is not None else None
    if kind == "i" and len(rest) == 1:
        item = bounded_int(rest[0], 0, MAX_INDEX)
        return ItemInfo(item) if item is not None else None
    if kind == "r" and len(rest) == 2:
        item = bounded_int(rest[0], 0, MAX_INDEX)
        value = bounded_int(rest[1], -MAX_RATING, MAX_RATING)
        return RatingCast(item, value) if item is not None and value is not None else None
    if kind == "nav" and rest in (["next"], ["skip"]):
        return Navigation(rest[0])  # type: ignore[arg-type]
    if kind == "start" and len(rest) == 1 and _FLOW_ID.fullmatch(rest[0]):
        return StartFlow(rest[0])
    if kind == "sum" and len(rest) == 1:
        run_id = bounded_int(rest[0], 1, MAX_RECORD_ID)
        return ArchivedRun(run_id) if run_id is not None else None
    if kind == "forget" and len(rest) == 2 and rest[0] in ("yes", "no"):
        user_id = bounded_int(rest[1], 1, MAX_USER_ID)
        return ForgetAnswer(rest[0] == "yes", user_id) if user_id is not None else None
    if kind == "act" and len(rest) == 3 and rest[0] in _ACTION_OPS and rest[2] in ("a", "o"):
        item_id = bounded_int(rest[1], 1, MAX_RECORD_ID)
        everything = rest[2] == "a"
        return ActionPress(rest[0], item_id, everything) if item_id is not None else None
    return None
