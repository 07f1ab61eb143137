"""Dutch words for matching: normalised tokens, stems and stop words.

Everything that decides whether two wordings "say the same" goes through here, so merging,
themes and the region comparison agree on what a word is. Stemming is snowball's Dutch stemmer
and the stop words are the Dutch list shipped with yake, extended with a few verbs and fillers
that reflection answers are full of ("vinden", "belangrijk", "elkaar").
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

__all__ = ["content_stems", "stem", "stop_words", "tokens", "written_words"]

_WORD = re.compile(r"[^\W_]+")
_WRITTEN_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")  # "zij-instromers" is one word

# Words that carry no theme in a reflection answer but are missing from yake's Dutch list.
_EXTRA_STOP_WORDS = """
belangrijk belangrijke daarbij daarvoor denk denken denkt echt elkaar erg gaan gaat goed goede
graag heel hierbij hiervoor hierin ja komen komt maakt maken nee ok oke steeds vind vinden vindt
waarbij willen zien ziet zodat
"""


@cache
def stop_words() -> frozenset[str]:
    """yake's Dutch stop words plus `_EXTRA_STOP_WORDS`, casefolded and without accents.

    Read from yake's package without importing it: importing yake loads numpy and networkx.
    """
    spec = importlib.util.find_spec("yake")
    assert spec is not None and spec.submodule_search_locations
    package = Path(next(iter(spec.submodule_search_locations)))
    path = package / "core" / "StopwordsList" / "stopwords_nl.txt"
    words = {_fold(line.strip()) for line in path.read_text(encoding="utf-8").splitlines()}
    return frozenset(w for w in words | set(_EXTRA_STOP_WORDS.split()) if w)


def _fold(text: str) -> str:
    """Casefold and strip accents: "Geëxpliciteerde" → "geexpliciteerde"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """The words of a text, casefolded, accents stripped, punctuation dropped."""
    return _WORD.findall(_fold(text))


@lru_cache(maxsize=16_384)
def written_words(text: str) -> tuple[tuple[str, str], ...]:
    """Each word as `tokens` has it, beside its wording for display: lower case, accents kept,
    acronyms (HRM, BRLO) as written."""
    return tuple(
        (_fold(word), word if len(word) > 1 and word.isupper() else word.lower())
        for word in _WRITTEN_WORD.findall(text)
    )


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch")


@cache
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning; all stems when every word is a stop word."""
    return list(_content_stems(text))


@lru_cache(maxsize=16_384)  # merging, themes and completeness all ask for the same texts
def _content_stems(text: str) -> tuple[str, ...]:
    words = tokens(text)
    content = [word for word in words if word not in stop_words()]
    return tuple(stem(word) for word in (content or words))
