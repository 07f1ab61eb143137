"""Outcome cards: what a card's answers add up to, as data the bot renders.

`synthesize(flow, card, responses)` is the entry point; the result is an `OutcomeCard` that
round-trips through JSON. Pure Python — no Telegram, no database.
"""

from flows.synthesis.outcome import (
    ActionList,
    ChoiceTally,
    ComparedElement,
    Comparison,
    MergedAnswer,
    OptionCount,
    OutcomeCard,
    PartnershipElements,
    PartnershipOutcome,
    QuestionAnswers,
    QuestionList,
    RatingItemOutcome,
    RatingProfile,
    RunReport,
    ScaleCount,
    SharedElement,
    Theme,
)
from flows.synthesis.synthesize import card_answer_texts, synthesize

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
    "card_answer_texts",
    "synthesize",
]
