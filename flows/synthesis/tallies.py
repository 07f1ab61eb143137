"""Counting votes: choice and multi tallies, rating distributions, medians and bespreekpunten."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from flows.responses import Member, Responses, Vote
from flows.schema import Question, QuestionType
from flows.synthesis.outcome import (
    ChoiceTally,
    OptionCount,
    RatingItemOutcome,
    RatingProfile,
    ScaleCount,
)

__all__ = ["BESPREEKPUNT_SPREAD", "genuinely_differ", "median", "rating_profile", "tally"]

BESPREEKPUNT_SPREAD = 2
BESPREEKPUNT_SIDE = 2  # members on each side of the gap


def tally(question: Question, responses: Responses) -> ChoiceTally:
    """Votes per option (every option, zero included) and whether the group agrees.

    Options that are no longer in the flow but still have votes are listed after the others
    under their id, so no vote disappears.
    """
    chosen: dict[str, set[Member]] = {}
    voters: set[Member] = set()
    for vote in _current(responses.votes_on(question.id, "")):
        if isinstance(vote.value, tuple) and vote.value:
            voters.add(vote.member)
            for option_id in set(vote.value):
                chosen.setdefault(option_id, set()).add(vote.member)
    known = [option.id for option in question.options]
    labels = {option.id: option.label for option in question.options}
    unknown = sorted(set(chosen) - set(known))
    options = tuple(
        OptionCount(
            option_id=option_id,
            label=labels.get(option_id, option_id),
            count=len(chosen.get(option_id, ())),
            names=() if question.anonymous else _names(chosen.get(option_id, ())),
        )
        for option_id in [*known, *unknown]
    )
    ranked = sorted(options, key=lambda o: -o.count)
    top = ranked[0] if ranked and ranked[0].count else None
    tie = top is not None and len(ranked) > 1 and ranked[1].count == top.count
    winner = None if top is None or tie else top.option_id
    share = top.count / len(voters) if top is not None else 0.0
    return ChoiceTally(
        question_id=question.id,
        question=question.text,
        multiple=question.type is QuestionType.MULTI,
        voters=len(voters),
        options=options,
        winner=winner,
        no_agreement=winner is None or share < ChoiceTally.AGREEMENT_SHARE,
        anonymous=question.anonymous,
    )


def median(values: Sequence[float]) -> float | None:
    """The median; for an even count the mean of the two middle values (2, 3 → 2.5)."""
    return float(statistics.median(values)) if values else None


def genuinely_differ(values: Sequence[int]) -> bool:
    """Whether members genuinely differ on an item: at least two members rate it two or more
    scale points apart from at least two others (with fewer than four votes: one from one).
    One outlier is no disagreement: (2,3,3,3,3,4) is not, (2,2,3,4,4) is. In sorted order: the
    second-highest minus the second-lowest."""
    if len(values) < 2:
        return False
    ordered = sorted(values)
    side = BESPREEKPUNT_SIDE - 1 if len(values) >= 2 * BESPREEKPUNT_SIDE else 0
    return ordered[-1 - side] - ordered[side] >= BESPREEKPUNT_SPREAD


def rating_profile(question: Question, responses: Responses) -> RatingProfile:
    on_scale = {point.value for point in question.scale}
    voters: set[Member] = set()
    items = []
    for item in question.rating_items:
        # A rating without items rates the question itself: its votes carry no item id.
        keys = {item.id} if question.items else {"", item.id}
        votes = _current([v for v in responses.votes_on(question.id) if v.item_id in keys])
        values = [v.value for v in votes if isinstance(v.value, int) and v.value in on_scale]
        voters.update(v.member for v in votes if isinstance(v.value, int))
        spread = max(values) - min(values) if values else 0
        items.append(
            RatingItemOutcome(
                item_id=item.id,
                text=item.text,
                votes=len(values),
                distribution=tuple(
                    ScaleCount(point.value, point.label, values.count(point.value))
                    for point in question.scale
                ),
                median=median(values),
                spread=spread,
                bespreekpunt=genuinely_differ(values),
            )
        )
    scale = tuple(
        ScaleCount(point.value, point.label, sum(item.distribution[i].count for item in items))
        for i, point in enumerate(question.scale)
    )
    medians = [item.median for item in items if item.median is not None]
    return RatingProfile(
        question_id=question.id,
        question=question.text,
        scale=scale,
        voters=len(voters),
        items=tuple(items),
        median=median(medians),
        bespreekpunten=sum(item.bespreekpunt for item in items),
    )


def _current(votes: Sequence[Vote]) -> list[Vote]:
    """One vote per member: the last one given (a member may change their vote)."""
    latest: dict[Member, Vote] = {}
    for vote in votes:
        latest[vote.member] = vote
    return list(latest.values())


def _names(members: set[Member] | tuple[()]) -> tuple[str, ...]:
    return tuple(m.first_name for m in sorted(members, key=lambda m: (m.first_name, m.id)))
