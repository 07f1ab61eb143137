"""From a card's answers and votes to its outcome card.

Each answerable question lands in one section: open answers in `answers`, list items in
`lists`, choices and multis in `choices`, ratings in `ratings`; a question that `collects`
actions or decisions goes to `actions` when the card shows that section (otherwise it stays
with the answers or lists, so nothing said is lost). A question nobody answered is left out —
a skipped question (`when:`) has nothing to report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.responses import Answer, Member, Responses
from flows.schema import Card, Flow, OutcomeSection, Question, QuestionType
from flows.synthesis.comparison import compare
from flows.synthesis.merging import Said, merge
from flows.synthesis.outcome import (
    ActionList,
    ChoiceTally,
    OutcomeCard,
    PartnershipOutcome,
    QuestionAnswers,
    QuestionList,
    RatingProfile,
)
from flows.synthesis.tallies import rating_profile, tally
from flows.synthesis.themes import themes

__all__ = ["card_answer_texts", "list_items", "synthesize"]

_BULLET = re.compile(r"^(?:[-–—•·▪◦+]|\d{1,2}[.)])\s+")
_WRITTEN = (QuestionType.OPEN, QuestionType.LIST)


def synthesize(
    flow: Flow,
    card: Card,
    responses: Responses,
    partnerships: Sequence[PartnershipOutcome] = (),
) -> OutcomeCard:
    """The outcome card of `card` from the run's `responses` (other cards' are ignored).

    `partnerships` are the earlier outcomes of a region's partnerships, compared when the card
    shows a `comparison` section. The same input always gives the same outcome card.
    """
    mine = responses.of_card(card.number)
    sections = tuple(card.outcome.sections)
    answers: list[QuestionAnswers] = []
    lists: list[QuestionList] = []
    actions: list[ActionList] = []
    choices: list[ChoiceTally] = []
    ratings: list[RatingProfile] = []
    spoken: list[Said] = []
    for question in card.questions:
        if question.type in _WRITTEN:
            given = mine.answers_to(question.id)
            if not given:
                continue
            said = _said(question, given)
            spoken.extend(said)
            if question.collects and OutcomeSection.ACTIONS in sections:
                actions.append(_actions(question, said))
            elif question.type is QuestionType.LIST:
                lists.append(_list(question, said))
            else:
                answers.append(_answers(question, said))
        elif question.type in (QuestionType.CHOICE, QuestionType.MULTI):
            choice = tally(question, mine)
            if choice.voters:
                choices.append(choice)
        elif question.type is QuestionType.RATING:
            profile = rating_profile(question, mine)
            if profile.voters:
                ratings.append(profile)
    return OutcomeCard(
        flow_id=flow.id,
        flow_title=flow.title,
        card_number=card.number,
        card_title=card.title,
        title=card.outcome.title,
        sections=sections,
        participants=_participants(mine, card),
        answers=tuple(answers),
        choices=tuple(choices),
        ratings=tuple(ratings),
        lists=tuple(lists),
        actions=tuple(actions),
        themes=themes(spoken, exclude=[question.text for question in card.questions]),
        order=tuple(question.id for question in card.questions),
        aids=tuple(question.id for question in card.questions if question.aid),
        comparison=compare(partnerships) if OutcomeSection.COMPARISON in sections else None,
    )


def card_answer_texts(card: Card, responses: Responses) -> list[str]:
    """The written answers of one card, without names: what a narrative writer may read."""
    mine = responses.of_card(card.number)
    return [
        answer.text.strip()
        for question in card.questions
        if question.type in _WRITTEN
        for answer in mine.answers_to(question.id)
        if answer.text.strip()
    ]


def list_items(text: str, *, mark_specific: bool) -> list[tuple[str, bool]]:
    """The items of a list answer, one per line, bullets stripped; with `mark_specific`, a
    line starting with `*` is (item, True): specific for the partnership."""
    items = []
    for line in text.splitlines():
        line = line.strip()
        specific = line.startswith("*")
        line = _BULLET.sub("", line.lstrip("*").strip()).rstrip(".;,").strip()
        if line:
            items.append((line, specific and mark_specific))
    return items


def _said(question: Question, given: list[Answer]) -> list[Said]:
    anonymous = question.anonymous
    if question.type is QuestionType.OPEN and not question.collects:
        return [
            Said(answer.member, answer.text.strip(), anonymous=anonymous)
            for answer in given
            if answer.text.strip()
        ]
    return [
        Said(answer.member, text, specific=specific, anonymous=anonymous)
        for answer in given
        for text, specific in list_items(answer.text, mark_specific=question.mark_specific)
    ]


def _respondents(said: list[Said]) -> int:
    return len({entry.member for entry in said})


def _answers(question: Question, said: list[Said]) -> QuestionAnswers:
    return QuestionAnswers(
        question_id=question.id,
        question=question.text,
        respondents=_respondents(said),
        answers=merge(said, anonymous=question.anonymous),
        anonymous=question.anonymous,
    )


def _list(question: Question, said: list[Said]) -> QuestionList:
    merged = merge(said, anonymous=question.anonymous)
    return QuestionList(
        question_id=question.id,
        question=question.text,
        respondents=_respondents(said),
        general=tuple(item for item in merged if not item.specific),
        specific=tuple(item for item in merged if item.specific),
        mark_specific=question.mark_specific,
        anonymous=question.anonymous,
    )


def _actions(question: Question, said: list[Said]) -> ActionList:
    return ActionList(
        question_id=question.id,
        question=question.text,
        kind=question.collects or "actions",
        items=merge(said, anonymous=question.anonymous, actions=True),
        anonymous=question.anonymous,
    )


def _participants(mine: Responses, card: Card) -> tuple[str, ...]:
    asked = {question.id for question in card.questions}
    members: set[Member] = {a.member for a in mine.answers if a.question_id in asked} | {
        v.member for v in mine.votes if v.question_id in asked
    }
    return tuple(m.first_name for m in sorted(members, key=lambda m: (m.first_name, m.id)))
