"""How a card's outcome changed across runs, or differs between partnerships.

    history = compare([("12-03-2023", card_2023), ("02-02-2027", card_2027)])
    history.ratings[0].change        # +1.0: the median rose by one scale point
    history.themes.appeared          # themes named now that were not named before

The same shape serves a region group: the columns are then partnerships (each's latest run)
instead of runs, and `themes` compares nothing; `themes_per_column` holds each one's themes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flows.synthesis.merging import same_meaning
from flows.synthesis.outcome import OutcomeCard

__all__ = ["CardHistory", "ChoiceChange", "RatingTrend", "ThemeChanges", "compare"]


@dataclass(frozen=True)
class RatingTrend:
    """One rated item: its median in every column (None where nobody rated it)."""

    question: str
    item: str
    medians: tuple[float | None, ...]

    @property
    def change(self) -> float | None:
        """Latest minus the one before, when both were rated."""
        if len(self.medians) < 2 or self.medians[-1] is None or self.medians[-2] is None:
            return None
        return self.medians[-1] - self.medians[-2]


@dataclass(frozen=True)
class ThemeChanges:
    persisted: tuple[str, ...] = ()
    appeared: tuple[str, ...] = ()
    vanished: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChoiceChange:
    """A choice's outcome in every column (None: no agreement or no votes)."""

    question: str
    outcomes: tuple[str | None, ...]

    @property
    def changed(self) -> bool:
        return len(self.outcomes) >= 2 and self.outcomes[-1] != self.outcomes[-2]


@dataclass(frozen=True)
class CardHistory:
    labels: tuple[str, ...]
    ratings: tuple[RatingTrend, ...]
    themes: ThemeChanges
    themes_per_column: tuple[tuple[str, ...], ...]
    choices: tuple[ChoiceChange, ...]

    @property
    def rated(self) -> bool:
        return any(median is not None for trend in self.ratings for median in trend.medians)


def compare(columns: Sequence[tuple[str, OutcomeCard]]) -> CardHistory:
    """Columns in order (oldest run first, or partnerships by name)."""
    labels = tuple(label for label, _ in columns)
    cards = [card for _, card in columns]
    return CardHistory(
        labels=labels,
        ratings=_ratings(cards),
        themes=_theme_changes(cards),
        themes_per_column=tuple(tuple(t.phrase for t in card.themes) for card in cards),
        choices=_choices(cards),
    )


def _ratings(cards: Sequence[OutcomeCard]) -> tuple[RatingTrend, ...]:
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    for card in cards:
        for profile in card.ratings:
            for item in profile.items:
                keys.setdefault((profile.question_id, item.item_id), (profile.question, item.text))
    trends = []
    for (question_id, item_id), (question, text) in keys.items():
        medians = []
        for card in cards:
            found = next(
                (
                    item.median
                    for profile in card.ratings
                    if profile.question_id == question_id
                    for item in profile.items
                    if item.item_id == item_id
                ),
                None,
            )
            medians.append(found)
        trends.append(RatingTrend(question, text, tuple(medians)))
    return tuple(trends)


def _theme_changes(cards: Sequence[OutcomeCard]) -> ThemeChanges:
    if len(cards) < 2:
        return ThemeChanges()
    before = [theme.phrase for theme in cards[-2].themes]
    now = [theme.phrase for theme in cards[-1].themes]

    def among(phrase: str, phrases: list[str]) -> bool:
        return any(
            phrase.casefold() == other.casefold() or same_meaning(phrase, other)
            for other in phrases
        )

    return ThemeChanges(
        persisted=tuple(p for p in now if among(p, before)),
        appeared=tuple(p for p in now if not among(p, before)),
        vanished=tuple(p for p in before if not among(p, now)),
    )


def _choices(cards: Sequence[OutcomeCard]) -> tuple[ChoiceChange, ...]:
    questions: dict[str, str] = {}
    for card in cards:
        for tally in card.choices:
            questions.setdefault(tally.question_id, tally.question)
    changes = []
    for question_id, question in questions.items():
        outcomes = []
        for card in cards:
            tally = next((c for c in card.choices if c.question_id == question_id), None)
            if tally is None or tally.no_agreement:
                outcomes.append(None)
            elif tally.multiple:
                chosen = [o.label for o in tally.options if o.count]
                outcomes.append(", ".join(chosen) or None)
            else:
                outcomes.append(tally.winner_label)
        changes.append(ChoiceChange(question, tuple(outcomes)))
    return tuple(changes)
