"""Piping: `{{ question_id }}` in a question's text shows what the group answered earlier.

Deliberately tiny: a placeholder names one earlier question and nothing else, so a flow author
cannot write expressions and a reader of the YAML sees at once where the text comes from.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["fill", "placeholders"]

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9][a-z0-9_-]*)\s*\}\}")


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def fill(text: str, answer_of: Callable[[str], str]) -> str:
    """Replace each placeholder with `answer_of(question_id)`."""
    return _PLACEHOLDER.sub(lambda match: answer_of(match.group(1)), text)
