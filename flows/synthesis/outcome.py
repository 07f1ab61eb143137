"""The outcome card as data: what a card produced, ready to store, render or compare.

Plain frozen dataclasses with a JSON round-trip (`to_dict()` / `from_dict()`), so `storage/`
can keep an outcome as one JSON column and `bot/` can render it without knowing how it was
synthesised. Names in here are first names only; an anonymous question carries none at all.

`from_dict` is an explicit constructor per class, not reflection over type hints: a stored card
loads in a few microseconds. Fields added later have defaults, so cards stored by older
versions still load; keys a class does not know are ignored.
"""

from __future__ import annotations

import dataclasses
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
    """JSON round-trip for the dataclasses below. Each class loads its own nested values in
    `_load` (tuples of dataclasses, enums, dates); everything else is taken as stored."""

    def to_dict(self) -> dict[str, Any]:
        return _dump(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        known = _init_fields(cls)
        values = {name: value for name, value in data.items() if name in known}
        return cls(**cls._load(values))

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        for name in ("names", "variants", "partnerships", "wordings", "participants"):
            if name in values and values[name] is not None:
                values[name] = tuple(values[name])
        return values


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        # The most numerous object of a card: built directly.
        return cls(
            data["text"],
            data["members"],
            tuple(data.get("names", ())),
            tuple(data.get("variants", ())),
            data.get("specific", False),
        )


@dataclass(frozen=True)
class QuestionAnswers(_Json):
    """An open question: who answered, and what (merged)."""

    question_id: str
    question: str
    respondents: int
    answers: tuple[MergedAnswer, ...]
    anonymous: bool = False

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _nested(values, answers=MergedAnswer)


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

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _nested(values, general=MergedAnswer, specific=MergedAnswer)


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

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _nested(values, options=OptionCount)


@dataclass(frozen=True)
class ScaleCount(_Json):
    value: int
    label: str
    count: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(data["value"], data["label"], data["count"])


@dataclass(frozen=True)
class RatingItemOutcome(_Json):
    """One rated item: the distribution over the whole scale and its median.

    The median of an even number of votes is the mean of the two middle values (2 and 3 give
    2.5), as `statistics.median` does: it does not pretend the group leans either way.
    `bespreekpunt` is set when members genuinely differ (see `tallies.genuinely_differ`: at
    least two members two or more scale points from at least two others).
    """

    item_id: str
    text: str
    votes: int
    distribution: tuple[ScaleCount, ...]
    median: float | None
    spread: int
    bespreekpunt: bool

    @property
    def given(self) -> tuple[ScaleCount, ...]:
        """The scale points someone chose, for "2× beperkt, 3× grotendeels, 1× volledig"."""
        return tuple(point for point in self.distribution if point.count)

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("median") is not None:
            values["median"] = float(values["median"])
        return _nested(values, distribution=ScaleCount)


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

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("median") is not None:
            values["median"] = float(values["median"])
        return _nested(values, scale=ScaleCount, items=RatingItemOutcome)


@dataclass(frozen=True)
class ActionList(_Json):
    """Action points or decisions, each with who proposed it."""

    question_id: str
    question: str
    kind: str  # "actions" | "decisions"
    items: tuple[MergedAnswer, ...]
    anonymous: bool = False

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _nested(values, items=MergedAnswer)


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

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _nested(values, elements=ComparedElement, particular=ComparedElement)


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

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        return _nested(
            values,
            partnerships=PartnershipElements,
            shared=SharedElement,
            shared_themes=SharedElement,
        )


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
    order: tuple[str, ...] = ()  # the card's question ids, in the card's order
    aids: tuple[str, ...] = ()  # questions that are samenbot's own aid, not the source's

    @property
    def display_sections(self) -> tuple[OutcomeSection, ...]:
        """The sections to show: a narrative the bot added shows last unless placed."""
        if self.narrative and OutcomeSection.NARRATIVE not in self.sections:
            return (*self.sections, OutcomeSection.NARRATIVE)
        return self.sections

    @property
    def sections_to_show(self) -> tuple[str, ...]:
        """`display_sections` with open answers and lists as one section, "written", where the
        first of them stood: its questions then come in the card's order (`written`)."""
        shown: list[str] = []
        for section in self.display_sections:
            if section in (OutcomeSection.ANSWERS, OutcomeSection.LISTS):
                if "written" not in shown:
                    shown.append("written")
            else:
                shown.append(str(section))
        return tuple(shown)

    @property
    def written(self) -> tuple[QuestionAnswers | QuestionList, ...]:
        """Open answers and lists of the sections shown, in the card's question order (cards
        stored before the order was kept: in their sections' order)."""
        chosen: list[QuestionAnswers | QuestionList] = []
        for section in self.display_sections:
            if section == OutcomeSection.ANSWERS:
                chosen += self.answers
            elif section == OutcomeSection.LISTS:
                chosen += self.lists
        position = {question_id: index for index, question_id in enumerate(self.order)}
        return tuple(sorted(chosen, key=lambda q: position.get(q.question_id, len(position))))

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

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        values["sections"] = tuple(OutcomeSection(s) for s in values.get("sections", ()))
        for name in ("participants", "order", "aids"):
            if name in values:
                values[name] = tuple(values[name])
        if values.get("comparison") is not None:
            values["comparison"] = Comparison.from_dict(values["comparison"])
        return _nested(
            values,
            answers=QuestionAnswers,
            choices=ChoiceTally,
            ratings=RatingProfile,
            lists=QuestionList,
            actions=ActionList,
            themes=Theme,
        )


@dataclass(frozen=True)
class PartnershipOutcome(_Json):
    """A partnership's earlier outcome (e.g. its card-2 kernelementen), for a region card."""

    name: str
    outcome: OutcomeCard

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        values["outcome"] = OutcomeCard.from_dict(values["outcome"])
        return values


@dataclass(frozen=True)
class RunReport(_Json):
    """A whole run, for `/export`: where it ran, when, who took part, and its outcome cards.

    `region` names the Onderwijsregio when `partnership_or_region` is a partnership; `flow_id`
    and `language` (of the chat: "nl" or "en") make file names and proofing language. A report
    may hold the cards of several runs (the critical reflection and the programme of a peer
    review): each card says its own flow. `card_markdown` holds, card by card, the Markdown kept
    beside a stored card when it may be used as it is, or None (bot/exporting).
    """

    flow_title: str
    partnership_or_region: str
    chat_title: str
    started: datetime | date
    finished: datetime | date | None = None
    participants: tuple[str, ...] = ()
    outcomes: tuple[OutcomeCard, ...] = field(default_factory=tuple)
    region: str = ""
    flow_id: str = ""
    language: str = "nl"
    card_markdown: tuple[str | None, ...] = ()

    @property
    def place(self) -> str:
        """ "Partnerschap Rivierenland · Onderwijsregio Utrecht", each named once."""
        names = [self.partnership_or_region, self.region]
        return " · ".join(dict.fromkeys(name for name in names if name))

    @property
    def several_flows(self) -> bool:
        return len({outcome.flow_id for outcome in self.outcomes}) > 1

    @classmethod
    def _load(cls, values: dict[str, Any]) -> dict[str, Any]:
        for name in ("started", "finished"):
            if isinstance(values.get(name), str):
                text = values[name]
                values[name] = (
                    datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
                )
        values["participants"] = tuple(values.get("participants", ()))
        values["card_markdown"] = tuple(values.get("card_markdown", ()))
        return _nested(values, outcomes=OutcomeCard)


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


def _nested(values: dict[str, Any], **kinds: type[_Json]) -> dict[str, Any]:
    """Load the named fields of `values` as tuples of the given dataclasses."""
    for name, kind in kinds.items():
        if name in values:
            values[name] = tuple(kind.from_dict(item) for item in values[name])
    return values


_FIELDS: dict[type, frozenset[str]] = {}


def _init_fields(cls: type) -> frozenset[str]:
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = frozenset(f.name for f in dataclasses.fields(cls) if f.init)
    return known
