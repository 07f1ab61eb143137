"""The UI's words in Dutch and English: the same texts, the same blanks, valid Telegram HTML."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from bot.commands import COMMANDS
from bot.i18n import LANGUAGES, translator
from bot.sandbox.html_entities import ParseEntitiesError, validate_telegram_html

_DIR = Path(__file__).resolve().parents[2] / "bot" / "i18n"
# Filled into every blank: markup, an entity start and quotes, all of which must be escaped.
_NASTY = '<b>&"x"'
# Formatting Telegram would apply, and entities it would decode: neither belongs in plain text.
_TELEGRAM_TAG = re.compile(
    r"</?(b|strong|i|em|u|ins|s|strike|del|code|pre|a|blockquote|span|tg-spoiler)\b", re.I
)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)


def _load(language: str) -> dict:
    return yaml.safe_load((_DIR / f"{language}.yaml").read_text(encoding="utf-8"))


CATALOGS = {language: _load(language) for language in LANGUAGES}
ALL_KEYS = sorted(set().union(*CATALOGS.values()))
HTML_TEXTS = [
    pytest.param(language, key, id=f"{language} {key}")
    for language, catalog in CATALOGS.items()
    for key in catalog
    if not key.startswith("command.")
]
COMMAND_TEXTS = [
    pytest.param(language, name, id=f"{language} /{name}")
    for language in LANGUAGES
    for name in COMMANDS
]


def blanks(text: object) -> set[str]:
    """The {placeholders} of a text, by name."""
    return {field for _, field, _, _ in string.Formatter().parse(str(text)) if field is not None}


def filled(language: str, key: str, value: str) -> str:
    text = CATALOGS[language][key]
    return translator(language)(key, **dict.fromkeys(blanks(text), value))


def test_dutch_and_english_have_the_same_texts():
    dutch, english = set(CATALOGS["nl"]), set(CATALOGS["en"])
    assert not dutch - english, f"missing in en.yaml: {sorted(dutch - english)}"
    assert not english - dutch, f"only in en.yaml, not in nl.yaml: {sorted(english - dutch)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_written_as_text(language):
    not_text = {
        key: value for key, value in CATALOGS[language].items() if not isinstance(value, str)
    }
    assert not not_text, f"YAML read these as something other than text: {not_text}"


@pytest.mark.parametrize("key", ALL_KEYS)
def test_a_text_has_the_same_blanks_in_both_languages(key):
    dutch, english = CATALOGS["nl"].get(key), CATALOGS["en"].get(key)
    if dutch is None or english is None:
        pytest.skip("the text exists in only one language (reported by the same-texts test)")
    assert blanks(english) == blanks(dutch)


@pytest.mark.parametrize(("language", "key"), HTML_TEXTS)
def test_a_text_is_valid_telegram_html_whatever_is_filled_in(language, key):
    text = filled(language, key, _NASTY)
    try:
        validate_telegram_html(text)
    except ParseEntitiesError as error:
        pytest.fail(f"Telegram would refuse {text!r}: {error.description}")


@pytest.mark.parametrize(("language", "name"), COMMAND_TEXTS)
def test_a_command_in_the_menu_has_a_short_plain_description(language, name):
    key = f"command.{name}"
    assert key in CATALOGS[language], f"/{name} has no description in {language}.yaml"
    description = translator(language).plain(key)
    assert 1 <= len(description) <= 256
    assert "\n" not in description
    assert not _TELEGRAM_TAG.search(description), "formatting tags show up literally in the menu"
    assert not _ENTITY.search(description), "HTML entities show up literally in the menu"
    assert not blanks(CATALOGS[language][key]), "the menu is registered without parameters"


@pytest.mark.parametrize(
    ("language", "key"),
    [
        pytest.param(language, key, id=f"{language} {key}")
        for language, key in (param.values for param in HTML_TEXTS)
        if blanks(CATALOGS[language][key])
    ],
)
def test_a_members_input_is_shown_as_text_not_markup(language, key):
    text = filled(language, key, "<script>")
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
