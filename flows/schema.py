"""The flow language: strict pydantic models of a flow YAML file.

A flow is data. Every model forbids unknown keys so a typo in a YAML file is an error with a
line number, never a silently ignored setting. Checks that need the whole flow (or the whole
catalogue of flows) live in `flows.validation`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

__all__ = [
    "Card",
    "CardScope",
    "Condition",
    "ContextRef",
    "Flow",
    "Option",
    "Outcome",
    "OutcomeSection",
    "Question",
    "QuestionType",
    "RatingItem",
    "ScalePoint",
    "Scope",
]

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=40)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scope(StrEnum):
    """Which kind of group holds a card: a partnership's own group or a region group."""

    PARTNERSHIP = "partnership"
    REGION = "region"


class CardScope(StrEnum):
    """`scope:` in a flow: which kind of group holds its cards. `any`: a partnership group and
    a region group alike, e.g. the quality framework, whose process the Onderwijsregio and its
    partnerships own together."""

    PARTNERSHIP = "partnership"
    REGION = "region"
    ANY = "any"


class QuestionType(StrEnum):
    OPEN = "open"
    LIST = "list"
    CHOICE = "choice"
    MULTI = "multi"
    RATING = "rating"
    INFO = "info"


class OutcomeSection(StrEnum):
    ANSWERS = "answers"
    CHOICES = "choices"
    RATINGS = "ratings"
    THEMES = "themes"
    LISTS = "lists"
    ACTIONS = "actions"
    COMPARISON = "comparison"
    NARRATIVE = "narrative"


class Option(_Strict):
    id: Identifier
    label: Text


class ScalePoint(_Strict):
    value: int
    label: Text


class RatingItem(_Strict):
    id: Identifier
    text: Text


class Condition(_Strict):
    """`when:` — one earlier question and exactly one operator; no expressions, no eval.

    For a choice question `equals`/`not_equals`/`in` compare with the leading option (a tie
    leads nowhere); for a multi question they ask whether any member chose the option.
    `answered: true|false` works for every answerable question.
    """

    question: Identifier
    equals: Identifier | None = None
    not_equals: Identifier | None = None
    in_: list[Identifier] | None = Field(default=None, alias="in")
    answered: bool | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one_operator(self) -> Condition:
        given = [
            name
            for name, value in (
                ("equals", self.equals),
                ("not_equals", self.not_equals),
                ("in", self.in_),
                ("answered", self.answered),
            )
            if value is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "a condition needs exactly one of equals, not_equals, in, answered"
                + (f" (found {', '.join(given)})" if given else "")
            )
        if self.in_ is not None and not self.in_:
            raise ValueError("'in' needs at least one option id")
        return self

    @property
    def option_ids(self) -> tuple[str, ...]:
        if self.equals is not None:
            return (self.equals,)
        if self.not_equals is not None:
            return (self.not_equals,)
        return tuple(self.in_ or ())


class Question(_Strict):
    """One message of a card. Which fields fit which type is checked in `flows.validation`."""

    id: Identifier
    type: QuestionType
    text: Text
    help: Text | None = None
    required: bool = False
    anonymous: bool = False
    # samenbot's own aid (a scale, an option or a question the source document does not have):
    # the outcome card marks it, so nobody takes it for the document's own.
    aid: bool = False
    when: Condition | None = None
    options: list[Option] = Field(default_factory=list)
    scale: list[ScalePoint] = Field(default_factory=list)
    items: list[RatingItem] = Field(default_factory=list)
    mark_specific: bool = False
    collects: Literal["actions", "decisions"] | None = None

    @property
    def answerable(self) -> bool:
        return self.type is not QuestionType.INFO

    @property
    def votes(self) -> bool:
        """Answered with buttons (a vote per member) rather than with a reply."""
        return self.type in (QuestionType.CHOICE, QuestionType.MULTI, QuestionType.RATING)

    @property
    def rating_items(self) -> list[RatingItem]:
        """The items a rating asks about; a rating without items rates the question itself,
        under the question's own id."""
        if self.items:
            return self.items
        return [RatingItem(id=self.id, text=self.text)]

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)


class ContextRef(_Strict):
    """Outcomes of another card shown with a card, below its intro.

    `of: own` shows the latest outcome of this chat's partnership (or, in a region group, of
    the region group itself); `of: partnerships` shows, in a region group, the latest outcome of
    every partnership of that region; `of: region` shows, in a partnership group, the latest
    outcome of its region's group (a choice the region made, such as visie-op-beroep card 5).

    `run: earlier` reaches back past the conversation under way: the partnership's own outcome
    of an earlier, finished run (last cycle's, when the card is played once a cycle).
    `actions: earlier` names no card: it shows the partnership's action points of earlier
    runs with their owner and status (of one flow when `flow` is given). `validation.py`
    checks that an entry names exactly one of the two.
    """

    card: int | None = None
    flow: Identifier | None = None
    of: Literal["own", "partnerships", "region"] = "own"
    run: Literal["latest", "earlier"] | None = None  # None: latest
    actions: Literal["earlier"] | None = None


class Outcome(_Strict):
    title: Text
    sections: list[OutcomeSection] = Field(
        default_factory=lambda: [
            OutcomeSection.ANSWERS,
            OutcomeSection.CHOICES,
            OutcomeSection.RATINGS,
            OutcomeSection.LISTS,
            OutcomeSection.ACTIONS,
            OutcomeSection.THEMES,
        ]
    )
    template: Identifier | None = None

    @field_validator("sections")
    @classmethod
    def _no_duplicate_sections(cls, sections: list[OutcomeSection]) -> list[OutcomeSection]:
        if len(set(sections)) != len(sections):
            raise ValueError("each outcome section may be named once")
        return sections


class Card(_Strict):
    number: int = Field(ge=1)  # the card's key: /gesprek <flow> kaart N, stored outcomes
    # False for a card the source leaves unnumbered ("Tot slot"): shown by its title alone.
    numbered: bool = True
    title: Text
    intro: Text | None = None
    scope: CardScope | None = None
    context: list[ContextRef] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)
    outcome: Outcome

    def position_of(self, question: Question) -> tuple[int, int]:
        """("vraag N/M") N and M, counting only the questions members answer."""
        answerable = [q for q in self.questions if q.answerable]
        return answerable.index(question) + 1, len(answerable)

    @property
    def label(self) -> str:
        """How the card is named to people: "Kaart 2. Vraagstukken", or "Tot slot"."""
        return f"Kaart {self.number}. {self.title}" if self.numbered else self.title


class Flow(_Strict):
    id: Identifier
    title: Text
    source: Text
    version: int = Field(ge=1)
    scope: CardScope = CardScope.PARTNERSHIP
    intro: Text | None = None
    cards: list[Card] = Field(min_length=1)

    def card(self, number: int) -> Card | None:
        return next((card for card in self.cards if card.number == number), None)

    def scopes_of(self, card: Card) -> frozenset[Scope]:
        """The kinds of group that hold this card."""
        scope = card.scope or self.scope
        return frozenset(Scope) if scope is CardScope.ANY else frozenset({Scope(scope.value)})

    def is_held_in(self, card: Card, scope: Scope) -> bool:
        """Whether a group of `scope` plays this card."""
        return scope in self.scopes_of(card)

    def card_scope(self, card: Card) -> Scope:
        """The one kind of group a card belongs to; a card of `scope: any` counts as a
        partnership card here. Ask `is_held_in` whether a group of a given kind plays it."""
        scopes = self.scopes_of(card)
        return next(iter(scopes)) if len(scopes) == 1 else Scope.PARTNERSHIP

    def question(self, question_id: str) -> Question | None:
        for card in self.cards:
            for question in card.questions:
                if question.id == question_id:
                    return question
        return None
