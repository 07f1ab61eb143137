"""The outcome card as data: what a card produced, ready to store, render or compare.

Plain frozen dataclasses with a JSON round-trip (`to_dict()` / `from_dict()`), so `storage/`
can keep an outcome as one JSON column and `bot/` can render it without knowing how it was
synthesised. Names in here are first names only; an anonymous question carries none at all.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, ClassVar, Self

from flows.schema import OutcomeSection

__all__ = [
    "ActionList",
    "ChoiceTally",
    "ComparedElement",
    "Comparison",
    "MergedAnswer",
    "OptionCount",
    "OutcomeCard",
    "PartnershipElements",
    "PartnershipOutcome",
    "QuestionAnswers",
    "QuestionList",
    "RatingItemOutcome",
    "RatingProfile",
    "RunReport",
    "ScaleCount",
    "SharedElement",
    "Theme",
]

FORMAT = 1


class _Json:
    """JSON round-trip for the dataclasses below, driven by their type hints."""

    def to_dict(self) -> dict[str, Any]:
        return _dump(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return _load(cls, data)


@dataclass(frozen=True)
class MergedAnswer(_Json):
    """One answer or list item; near-duplicates by several members are one `MergedAnswer`.

    `text` is the most complete wording, `variants` the other wordings merged into it, `names`
    the first names of everyone who said it (empty for an anonymous question) and `members`
    how many different members that is.
    """

    text: str
    members: int
    names: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    specific: bool = False


@dataclass(frozen=True)
class QuestionAnswers(_Json):
    """An open question: who answered, and what (merged)."""

    question_id: str
    question: str
    respondents: int
    answers: tuple[MergedAnswer, ...]
    anonymous: bool = False


@dataclass(frozen=True)
class QuestionList(_Json):
    """A list question as one de-duplicated list; `specific` holds the partnership-specific
    items when the question asks members to mark them."""

    question_id: str
    question: str
    respondents: int
    general: tuple[MergedAnswer, ...]
    specific: tuple[MergedAnswer, ...] = ()
    mark_specific: bool = False
    anonymous: bool = False

    @property
    def items(self) -> tuple[MergedAnswer, ...]:
        return self.general + self.specific


@dataclass(frozen=True)
class OptionCount(_Json):
    option_id: str
    label: str
    count: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChoiceTally(_Json):
    """The votes on a choice or multi question.

    `winner` is the option id with the most votes (None without votes or on a tie);
    `no_agreement` ("nog geen overeenstemming") is set on a tie or when the leading option has
    fewer than 60 % of the voters.
    """

    AGREEMENT_SHARE: ClassVar[float] = 0.6

    question_id: str
    question: str
    multiple: bool
    voters: int
    options: tuple[OptionCount, ...]
    winner: str | None
    no_agreement: bool
    anonymous: bool = False

    @property
    def winner_label(self) -> str | None:
        return next((o.label for o in self.options if o.option_id == self.winner), None)


@dataclass(frozen=True)
class ScaleCount(_Json):
    value: int
    label: str
    count: int


@dataclass(frozen=True)
class RatingItemOutcome(_Json):
    """One rated item: the distribution over the whole scale and its median.

    The median of an even number of votes is the mean of the two middle values (2 and 3 give
    2.5), as `statistics.median` does: it does not pretend the group leans either way.
    `bespreekpunt` is set when members differ by two or more scale points.
    """

    item_id: str
    text: str
    votes: int
    distribution: tuple[ScaleCount, ...]
    median: float | None
    spread: int
    bespreekpunt: bool


@dataclass(frozen=True)
class RatingProfile(_Json):
    """A rating question: its items, and a profile over them: the votes per scale point over
    all items, the median of the item medians, how many items are a bespreekpunt."""

    question_id: str
    question: str
    scale: tuple[ScaleCount, ...]
    voters: int
    items: tuple[RatingItemOutcome, ...]
    median: float | None
    bespreekpunten: int

    @property
    def scale_min(self) -> int:
        return min(point.value for point in self.scale)

    @property
    def scale_max(self) -> int:
        return max(point.value for point in self.scale)


@dataclass(frozen=True)
class ActionList(_Json):
    """Action points or decisions, each with who proposed it."""

    question_id: str
    question: str
    kind: str  # "actions" | "decisions"
    items: tuple[MergedAnswer, ...]
    anonymous: bool = False


@dataclass(frozen=True)
class Theme(_Json):
    """A recurring key phrase. `gedeeld` when two or more members used it; `names` leaves out
    whoever used it only in an anonymous answer."""

    phrase: str
    members: int
    gedeeld: bool
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComparedElement(_Json):
    text: str
    specific: bool = False


@dataclass(frozen=True)
class PartnershipElements(_Json):
    """One partnership in a region comparison: its elements and those no other partnership
    shares."""

    name: str
    elements: tuple[ComparedElement, ...]
    particular: tuple[ComparedElement, ...]


@dataclass(frozen=True)
class SharedElement(_Json):
    """An element (or theme) that two or more partnerships share, in each one's wording."""

    text: str
    partnerships: tuple[str, ...]
    wordings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison(_Json):
    partnerships: tuple[PartnershipElements, ...]
    shared: tuple[SharedElement, ...]
    shared_themes: tuple[SharedElement, ...] = ()

    def shared_by_all(self, element: SharedElement) -> bool:
        return len(self.partnerships) > 1 and len(element.partnerships) == len(self.partnerships)


@dataclass(frozen=True)
class OutcomeCard(_Json):
    """Everything a card produced, in the order its `outcome.sections` names the sections."""

    flow_id: str
    flow_title: str
    card_number: int
    card_title: str
    title: str
    sections: tuple[OutcomeSection, ...]
    participants: tuple[str, ...] = ()
    answers: tuple[QuestionAnswers, ...] = ()
    choices: tuple[ChoiceTally, ...] = ()
    ratings: tuple[RatingProfile, ...] = ()
    lists: tuple[QuestionList, ...] = ()
    actions: tuple[ActionList, ...] = ()
    themes: tuple[Theme, ...] = ()
    comparison: Comparison | None = None
    narrative: str | None = None
    format: int = FORMAT

    @property
    def display_sections(self) -> tuple[OutcomeSection, ...]:
        """The sections to show: a narrative the bot added shows last unless placed."""
        if self.narrative and OutcomeSection.NARRATIVE not in self.sections:
            return (*self.sections, OutcomeSection.NARRATIVE)
        return self.sections

    @property
    def is_empty(self) -> bool:
        return not (
            self.answers
            or self.choices
            or self.ratings
            or self.lists
            or self.actions
            or self.comparison
            or self.narrative
        )

    def with_narrative(self, narrative: str | None) -> OutcomeCard:
        return dataclasses.replace(self, narrative=narrative)


@dataclass(frozen=True)
class PartnershipOutcome(_Json):
    """A partnership's earlier outcome (e.g. its card-2 kernelementen), for a region card."""

    name: str
    outcome: OutcomeCard


@dataclass(frozen=True)
class RunReport(_Json):
    """A whole run, for `/export`: where it ran, when, who took part, and its outcome cards."""

    flow_title: str
    partnership_or_region: str
    chat_title: str
    started: datetime | date
    finished: datetime | date | None = None
    participants: tuple[str, ...] = ()
    outcomes: tuple[OutcomeCard, ...] = field(default_factory=tuple)


# --- JSON conversion ----------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_dump(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _load(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if value is None:
            return None
        if datetime in options and isinstance(value, str):
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        return _load(options[0], value)
    if origin is tuple:
        (item_type, *_) = typing.get_args(tp)
        return tuple(_load(item_type, item) for item in value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp) if f.init}
        return tp(**{name: _load(hints[name], v) for name, v in value.items() if name in known})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if tp is float and isinstance(value, int):
        return float(value)
    if tp in (datetime, date) and isinstance(value, str):
        return tp.fromisoformat(value)
    return value
