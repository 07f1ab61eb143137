"""Themes: the key phrases that recur across a card's answers, Dutch-aware.

yake (language "nl", up to three words) proposes candidate phrases from all answers together;
a phrase then counts for every member whose answer holds all its content words in some form
(snowball stems, so "onderzoekende houding" and "houding die onderzoekend is" both count).
Phrases two or more members used are *gedeeld* and come first, the most widely shared first;
the rest follow by yake's score. A phrase that repeats a chosen one — found in exactly the same
answers, or a part of it said by no one else — adds nothing and is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import yake

from flows.responses import Member
from flows.synthesis.merging import Said
from flows.synthesis.outcome import Theme
from flows.synthesis.words import stem, stop_words, tokens

__all__ = ["MAX_THEMES", "themes"]

MAX_THEMES = 8
_CANDIDATES = 60


@dataclass
class _Candidate:
    key: frozenset[str]
    phrase: str
    score: float
    members: frozenset[Member]
    named: frozenset[Member]
    sources: frozenset[int]

    @property
    def shared(self) -> bool:
        return len(self.members) >= 2


def themes(said: Sequence[Said], limit: int = MAX_THEMES) -> tuple[Theme, ...]:
    # yake's scores depend on where words stand in the document: fix the order first.
    said = sorted(said, key=lambda e: (e.text.casefold(), e.text, e.member.id, e.anonymous))
    lines = [line.strip() for entry in said for line in entry.text.splitlines() if line.strip()]
    if not lines:
        return ()
    # One sentence per line, so no candidate phrase runs from one answer into the next.
    document = "\n".join(line.rstrip(".!?;:,") + "." for line in lines)
    extractor = yake.KeywordExtractor(
        lan="nl", n=3, top=_CANDIDATES, dedup_lim=0.95, stopwords=set(stop_words())
    )
    spoken = [{stem(word) for word in tokens(entry.text)} for entry in said]
    candidates: dict[frozenset[str], _Candidate] = {}
    for phrase, score in extractor.extract_keywords(document):
        key = _key(phrase)
        if key is None:
            continue
        sources = frozenset(i for i, stems in enumerate(spoken) if key <= stems)
        if not sources:
            continue
        users = [said[i] for i in sources]
        found = candidates.get(key)
        if found is None or (float(score), phrase) < (found.score, found.phrase):
            candidates[key] = _Candidate(
                key=key,
                phrase=_display(phrase),
                score=float(score),
                members=frozenset(entry.member for entry in users),
                named=frozenset(entry.member for entry in users if not entry.anonymous),
                sources=sources,
            )
    return tuple(_theme(candidate) for candidate in _choose(list(candidates.values()), limit))


def _key(phrase: str) -> frozenset[str] | None:
    """The content stems of a phrase; None for a phrase of stop words, one letter, or numbers."""
    words = tokens(phrase)
    if not words or len(phrase.strip()) < 2:
        return None
    if words[0] in stop_words() or words[-1] in stop_words():
        return None
    content = [word for word in words if word not in stop_words()]
    if not content or all(len(word) < 2 or word.isdigit() for word in content):
        return None
    return frozenset(stem(word) for word in content if len(word) >= 2 and not word.isdigit())


def _display(phrase: str) -> str:
    """Lower case, but keep acronyms (HRM, BRLO, po/vo) as written."""
    return " ".join(
        word if len(word) > 1 and word.isupper() else word.lower() for word in phrase.split()
    )


def _choose(candidates: list[_Candidate], limit: int) -> list[_Candidate]:
    shared = sorted(
        (c for c in candidates if c.shared),
        key=lambda c: (-len(c.members), -len(c.key), c.score, c.phrase),
    )
    single = sorted((c for c in candidates if not c.shared), key=lambda c: (c.score, c.phrase))
    chosen: list[_Candidate] = []
    for candidate in shared:
        if not any(_repeats(candidate, c) for c in chosen):
            chosen.append(candidate)
    for candidate in single:
        if not any(_repeats(candidate, c) or candidate.key & c.key for c in chosen):
            chosen.append(candidate)
    return chosen[:limit]


def _repeats(candidate: _Candidate, chosen: _Candidate) -> bool:
    """Whether a candidate adds nothing to a chosen theme: it comes from exactly the same
    answers (another phrase of one merged answer), or it is part of the chosen phrase and
    brings no one new ("houding" after "onderzoekende houding", said by the same members)."""
    return candidate.sources == chosen.sources or (
        candidate.key <= chosen.key and candidate.members <= chosen.members
    )


def _theme(candidate: _Candidate) -> Theme:
    named = sorted(candidate.named, key=lambda m: (m.first_name, m.id))
    return Theme(
        phrase=candidate.phrase,
        members=len(candidate.members),
        gedeeld=candidate.shared,
        names=tuple(member.first_name for member in named),
    )
