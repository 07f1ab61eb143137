"""The UI's words, per language, in `nl.yaml` and `en.yaml`.

Texts are Telegram HTML. Parameters are escaped when they are filled in (markupsafe), so a
member's name or answer can never break a message; pass `Markup` for text that is already HTML.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from markupsafe import Markup

__all__ = ["LANGUAGES", "Translator", "translator"]

LANGUAGES = ("nl", "en")
_DIR = Path(__file__).parent


@cache
def _catalog(language: str) -> dict[str, str]:
    data = yaml.safe_load((_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    return {str(key): str(value).rstrip("\n") for key, value in data.items()}


class Translator:
    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else LANGUAGES[0]
        self._texts = _catalog(self.language)

    def __call__(self, key: str, **params: object) -> str:
        template = self._texts.get(key) or _catalog(LANGUAGES[0])[key]
        return str(Markup(template).format(**params))

    def plain(self, key: str, **params: object) -> str:
        """For places that are not HTML (button labels, command descriptions, alerts)."""
        template = self._texts.get(key) or _catalog(LANGUAGES[0])[key]
        return template.format(**params)

    def has(self, key: str) -> bool:
        return key in self._texts


@cache
def translator(language: str) -> Translator:
    return Translator(language)
