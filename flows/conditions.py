"""Evaluating `when:` conditions against what a run's members answered so far."""

from __future__ import annotations

from flows.responses import Responses
from flows.schema import Condition, Flow, QuestionType

__all__ = ["holds"]


def holds(condition: Condition | None, flow: Flow, responses: Responses) -> bool:
    if condition is None:
        return True
    if condition.answered is not None:
        answered = bool(responses.members_who_answered(condition.question))
        return answered is condition.answered
    target = flow.question(condition.question)
    if target is None:
        return False
    if target.type is QuestionType.MULTI:
        chosen = set(responses.option_counts(condition.question))
    else:
        leading = responses.leading_option(condition.question)
        chosen = {leading} if leading else set()
    if condition.equals is not None:
        return condition.equals in chosen
    if condition.not_equals is not None:
        return bool(chosen) and condition.not_equals not in chosen
    return bool(chosen & set(condition.in_ or ()))
