"""Themes: the things a card's answers keep naming, Dutch-aware — few, or none rather than noise.

A theme is a Dutch noun phrase (`phrases.noun_phrases`: a noun, or an attributive adjective and
a noun), matched on lemmas so "werkplekbegeleider" and "werkplekbegeleiders" are one theme. It
counts only when several members name it: at least two, and in a big group at least a fifth of
those who answered. A phrase made only of the question's own words ("visie" under "Wat is jullie
visie?") or of members' first names is no theme. "onderzoekende houding" replaces "houding"
when at least half of those who said "houding" said it that way.

The most widely shared come first, ties in the order they were first said; at most
`MAX_THEMES`. Every theme is *gedeeld*: a phrase one member used is not a theme.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flows.responses import Member
from flows.synthesis.merging import Said
from flows.synthesis.outcome import Theme
from flows.synthesis.phrases import noun_phrases, phrase_key
from flows.synthesis.words import tokens

__all__ = ["MAX_THEMES", "MIN_SHARE", "themes"]

MAX_THEMES = 6
MIN_SHARE = 0.2  # of the members who answered, in a big group


@dataclass
class _Candidate:
    key: tuple[str, ...]
    first: int
    members: set[Member] = field(default_factory=set)
    named: set[Member] = field(default_factory=set)
    wordings: dict[tuple[str, ...], int] = field(default_factory=dict)

    @property
    def phrase(self) -> str:
        # The wording most members used; ties by the first said (dicts keep insertion order).
        return " ".join(max(self.wordings, key=self.wordings.__getitem__))


def themes(
    said: Sequence[Said], limit: int = MAX_THEMES, *, exclude: Iterable[str] = ()
) -> tuple[Theme, ...]:
    """The shared themes of what was said; `exclude` holds texts whose words are no theme on
    their own (the card's questions)."""
    if not said:
        return ()
    asked = frozenset().union(*(phrase_key(text) for text in exclude)) if exclude else frozenset()
    names = {word for entry in said for word in tokens(entry.member.first_name)}
    candidates: dict[tuple[str, ...], _Candidate] = {}
    for entry in said:
        for phrase in noun_phrases(entry.text, ignore=names):
            if set(phrase.key) <= asked:
                continue
            candidate = candidates.get(phrase.key)
            if candidate is None:
                candidate = candidates[phrase.key] = _Candidate(phrase.key, len(candidates))
            if entry.member not in candidate.members:
                candidate.wordings[phrase.words] = candidate.wordings.get(phrase.words, 0) + 1
            candidate.members.add(entry.member)
            if not entry.anonymous:
                candidate.named.add(entry.member)
    speakers = len({entry.member for entry in said})
    need = max(2, math.ceil(MIN_SHARE * speakers))
    chosen = _choose([c for c in candidates.values() if len(c.members) >= need])
    if len(chosen) > limit:
        # Which of equally shared themes make the cut must not depend on who answered first.
        kept = sorted(chosen, key=lambda c: (-len(c.members), c.phrase))[:limit]
        chosen = [c for c in chosen if c in kept]
    return tuple(_theme(candidate) for candidate in chosen)


def _choose(shared: list[_Candidate]) -> list[_Candidate]:
    """Per noun one theme: the noun itself, or its most used adjective + noun phrase when at
    least half of those who named the noun said it that way."""
    nouns = {c.key[0]: c for c in shared if len(c.key) == 1}
    phrases: dict[str, _Candidate] = {}
    for candidate in shared:
        if len(candidate.key) == 2:
            best = phrases.get(candidate.key[1])
            if best is None or len(candidate.members) > len(best.members):
                phrases[candidate.key[1]] = candidate
    chosen = []
    for head in nouns.keys() | phrases.keys():
        noun, phrase = nouns.get(head), phrases.get(head)
        # A noun the question names is no theme, but "praktijkgericht onderzoek" still is.
        if phrase is not None and (noun is None or 2 * len(phrase.members) >= len(noun.members)):
            chosen.append(phrase)
        elif noun is not None:
            chosen.append(noun)
    return sorted(chosen, key=lambda c: (-len(c.members), c.first))


def _theme(candidate: _Candidate) -> Theme:
    named = sorted(candidate.named, key=lambda m: (m.first_name, m.id))
    return Theme(
        phrase=candidate.phrase,
        members=len(candidate.members),
        gedeeld=True,
        names=tuple(member.first_name for member in named),
    )
