"""Dutch noun phrases: the words that name a thing, lemmatised, for themes and action points.

Lemmas come from simplemma (a dictionary lookup, no model to download). Dutch has no tagger
that installs without a model, so the word class is a light guess on top of the lemma: a theme
only needs to tell a noun ("werkplekbegeleiders", "inductie") from a verb form ("zet",
"gebruiken"), an adverb ("eerlijk") or an attributive adjective ("onderzoekende", "gedeelde").
A phrase is at most one attributive adjective followed by a noun: "onderzoekende houding",
"visie", "werkplekleren".

Words simplemma does not know are nearly always Dutch compounds, and compounds are nouns; their
lemma is the compound's head lemmatised ("werkplekbegeleiders" → "werkplekbegeleider").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from flows.synthesis.words import stop_words, tokens, written_words

__all__ = ["NounPhrase", "lemma", "noun_lemmas", "noun_phrases", "phrase_key"]

# Verb forms, adverbs and fillers that reflection answers are full of and that name no theme;
# months and weekdays ("in maart plannen") name a date, not a theme.
_NOT_A_THEME_WORDS = """
aandacht aanpak aantal beetje basis blijft blijven bijvoorbeeld daarom deel doel eigenlijk
eerlijk elke enkele gebeurt gebeuren gezegd gewoon hele helemaal hetzelfde idee juist kant keer
ligt liggen manier meer meeste mogelijk nodig onze per punt punten samen soms staat staan stap
stuk tijdens vaak vanuit vooral voorbeeld wel zet zetten zeker zelf zin zinnen
januari februari maart april mei juni juli augustus september oktober november december
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag week weken jaar jaren maand maanden
dag dagen
"""
_NOT_A_THEME = frozenset(_NOT_A_THEME_WORDS.split())
_ADJECTIVE_ENDINGS = ("lijk", "ig", "isch", "baar", "zaam", "loos")
# After these an infinitive is a noun: "het vertrouwen", "ons opleiden".
_DETERMINERS = frozenset(["het", "een", "ons", "onze", "hun", "jullie", "mijn", "ieders"])
_IRREGULAR_VERBS = frozenset(["zijn", "gaan", "staan", "doen", "zien", "slaan"])


@dataclass(frozen=True)
class NounPhrase:
    """A phrase as said (`words`, lower case) and its key: its lemmas. Lemmas, not snowball
    stems: the Dutch stemmer strips "ge-", so "begeleiding" and "beleid" would be one."""

    words: tuple[str, ...]
    key: tuple[str, ...]

    @property
    def head(self) -> str:
        return self.key[-1]

    @property
    def is_term(self) -> bool:
        """A phrase specific enough to compare across partnerships: adjective + noun, or a
        compound no dictionary knows ("praktijkonderzoek"), not "school" or "leraar"."""
        return len(self.words) > 1 or not _known(_fold_word(self.words[0]))


@cache
def _simplemma():  # imported on first use, like its dictionaries
    import simplemma

    return simplemma


def _fold_word(word: str) -> str:
    return "".join(tokens(word)) if "-" not in word else word.casefold()


@cache
def _known(word: str) -> bool:
    return bool(_simplemma().is_known(word, lang="nl"))


@cache
def _lemmatize(word: str) -> str:
    return _simplemma().lemmatize(word, lang="nl").replace("_", "")  # "web_site"


@cache
def _head(word: str) -> tuple[str, str]:
    """(modifier, head) of a word simplemma does not know: "duo-stages" → ("duo-", "stages"),
    "werkplekbegeleiders" → ("werkplek", "begeleiders"); ("", word) when no head is known."""
    if "-" in word:
        first, _, last = word.rpartition("-")
        return first + "-", last
    for start in range(3, len(word) - 3):
        if _known(word[start:]):
            return word[:start], word[start:]
    return "", word


@cache
def lemma(word: str) -> str:
    """simplemma's Dutch lemma; an unknown compound gets its known head lemmatised."""
    if _known(word):
        return _lemmatize(word)
    modifier, head = _head(word)
    return modifier + (_lemmatize(head) if _known(head) else head)


@cache
def _word_class(word: str) -> str:
    """ "noun", "adjective" (attributive), "infinitive", or "" for anything that cannot be
    part of a theme."""
    if len(word) < 3 or word in stop_words() or word in _NOT_A_THEME:
        return ""
    if not word.replace("-", "").isalpha():
        return ""
    if word.endswith("ende") or (word.startswith("ge") and word.endswith(("de", "te"))):
        return "adjective"  # participles before a noun: "onderzoekende", "gedeelde"
    if not _known(word):
        modifier, head = _head(word)
        # A compound is a noun unless its head is an adjective or participle ("praktijkgericht").
        head_class = _word_class(head) if modifier and _known(head) else "noun"
        if head_class == "adjective" or (not head_class and head.startswith("ge")):
            return "adjective"
        return "noun"
    base = lemma(word)
    if word.endswith("e") and base != word and not base.endswith("en"):
        return "adjective"  # "duidelijke", "structurele"
    if word.endswith(_ADJECTIVE_ENDINGS) or (_known(word + "ste") and lemma(word + "ste") == word):
        return "adjective"  # "eerlijk"; "vast", as it has a superlative "vastste"
    if base == word and word.endswith("en"):
        return "infinitive"  # "vertrouwen", "opleiden": a noun only after "het", "ons", …
    plural = word.endswith("s") and base == word[:-1]
    if not plural and (base.endswith("en") or base in _IRREGULAR_VERBS):
        return ""  # a verb form: "zet", "gezegd", "spreken"
    return "noun"


def noun_phrases(text: str, *, ignore: Iterable[str] = ()) -> list[NounPhrase]:
    """The noun phrases of a text in the order they occur: each noun, and each attributive
    adjective + noun; words in `ignore` (folded: members' first names) never count."""
    ignored = frozenset(ignore)
    written = written_words(text)
    found: list[NounPhrase] = []
    for index, (word, shown) in enumerate(written):
        kind = "" if word in ignored else _word_class(word)
        if kind == "infinitive" and (index == 0 or written[index - 1][0] in _DETERMINERS):
            kind = "noun"
        if kind != "noun":
            continue
        noun = lemma(word)
        found.append(NounPhrase((shown,), (noun,)))
        before, before_shown = written[index - 1] if index else ("", "")
        if before and before not in ignored and _word_class(before) == "adjective":
            found.append(NounPhrase((before_shown, shown), (lemma(before), noun)))
    return found


def noun_lemmas(text: str) -> frozenset[str]:
    """The lemmas of the nouns of a text: what an action point is about."""
    return frozenset(p.key[0] for p in noun_phrases(text) if len(p.key) == 1)


def phrase_key(text: str) -> frozenset[str]:
    """The lemmas of every word of a text: what a question already says."""
    return frozenset(lemma(word) for word, _ in written_words(text))
