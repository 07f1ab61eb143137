"""What members said in a run, as plain values the engine and the synthesis both read.

`bot/` builds these from stored rows; nothing here knows where they came from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Answer", "Member", "Responses", "Vote"]


@dataclass(frozen=True, order=True)
class Member:
    id: int
    first_name: str


@dataclass(frozen=True)
class Answer:
    """One answer message. A list answer keeps its lines; `items` splits them."""

    card_number: int
    question_id: str
    member: Member
    text: str
    key: int = 0

    @property
    def items(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Vote:
    """A member's current choice: option ids for choice/multi, a scale value for a rating."""

    card_number: int
    question_id: str
    member: Member
    value: tuple[str, ...] | int
    item_id: str = ""


@dataclass(frozen=True)
class Responses:
    answers: tuple[Answer, ...] = ()
    votes: tuple[Vote, ...] = ()
    _by_question: dict[str, tuple[list[Answer], list[Vote]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for answer in self.answers:
            self._by_question.setdefault(answer.question_id, ([], []))[0].append(answer)
        for vote in self.votes:
            self._by_question.setdefault(vote.question_id, ([], []))[1].append(vote)

    @classmethod
    def of(cls, answers: Iterable[Answer] = (), votes: Iterable[Vote] = ()) -> Responses:
        return cls(tuple(answers), tuple(votes))

    def answers_to(self, question_id: str) -> list[Answer]:
        return list(self._by_question.get(question_id, ([], []))[0])

    def votes_on(self, question_id: str, item_id: str | None = None) -> list[Vote]:
        votes = self._by_question.get(question_id, ([], []))[1]
        return [vote for vote in votes if item_id is None or vote.item_id == item_id]

    def members_who_answered(self, question_id: str) -> set[Member]:
        return {answer.member for answer in self.answers_to(question_id)} | {
            vote.member for vote in self.votes_on(question_id)
        }

    def of_card(self, card_number: int) -> Responses:
        return Responses.of(
            (a for a in self.answers if a.card_number == card_number),
            (v for v in self.votes if v.card_number == card_number),
        )

    def option_counts(self, question_id: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        for vote in self.votes_on(question_id, ""):
            if isinstance(vote.value, tuple):
                counts.update(vote.value)
        return counts

    def leading_option(self, question_id: str) -> str | None:
        """The option with the most votes; None without votes or when the lead is shared."""
        ranked = self.option_counts(question_id).most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]
