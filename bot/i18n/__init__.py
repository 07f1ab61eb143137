"""The UI's words, per language, in `nl.yaml` and `en.yaml`.

Texts are Telegram HTML. Parameters are escaped when they are filled in (markupsafe), so a
member's name or answer can never break a message; pass `Markup` for text that is already HTML.

A text that depends on a number has one key per plural form, `<key>.one` and `<key>.other`
(CLDR's categories, chosen by Babel's plural rules for the language), and is asked for by its
bare key with `count`: `t("tally.voters", count=3)` gives "3 stemmers", `count=1` "1 stemmer".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from babel import Locale
from markupsafe import Markup

__all__ = ["LANGUAGES", "Translator", "translator"]

LANGUAGES = ("nl", "en")
_DIR = Path(__file__).parent
_FALLBACK_FORM = "other"  # every language has it


@cache
def _catalog(language: str) -> dict[str, str]:
    data = yaml.safe_load((_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    return {str(key): str(value).rstrip("\n") for key, value in data.items()}


class Translator:
    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else LANGUAGES[0]
        self._texts = _catalog(self.language)
        self._locale = Locale.parse(self.language)

    def __call__(self, key: str, **params: object) -> str:
        return str(Markup(self._template(key, params)).format(**params))

    def plain(self, key: str, **params: object) -> str:
        """For places that are not HTML (button labels, command descriptions, alerts)."""
        return self._template(key, params).format(**params)

    def has(self, key: str) -> bool:
        return key in self._texts or f"{key}.{_FALLBACK_FORM}" in self._texts

    def _template(self, key: str, params: dict[str, object]) -> str:
        if key not in self._texts and "count" in params:
            key = f"{key}.{self._plural_form(params['count'])}"
        return self._text(key)

    def _plural_form(self, count: object) -> str:
        """`one` or `other` (Dutch and English know no more); a count that is no whole
        number — a fraction, or text a test fills in — takes `other`."""
        if isinstance(count, int) and not isinstance(count, bool):
            return self._locale.plural_form(count)
        return _FALLBACK_FORM

    def _text(self, key: str) -> str:
        return self._texts.get(key) or _catalog(LANGUAGES[0])[key]


@cache
def translator(language: str) -> Translator:
    return Translator(language)
