"""Merge answers that say the same thing, keeping every member who said it.

Two wordings are the same when, after casefolding, dropping punctuation, accents and stop words
and stemming the rest (Dutch snowball), they have the same words — or nearly: a Jaccard overlap
of at least 0.8 between their stem sets, or a `token_sort_ratio` of at least 90 between the
sorted stems (a typo, a word more or less in a long answer). Deliberately not
`token_set_ratio`: it scores a short answer inside a long one as 100, and "Samen opleiden"
would swallow every longer answer that mentions it.

The result does not depend on the order answers came in: answers are grouped in a canonical
order and groups come out by how many members said them, ties by text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from flows.responses import Member
from flows.synthesis.outcome import MergedAnswer
from flows.synthesis.words import content_stems

__all__ = ["Said", "connected", "merge", "same_meaning", "similarity_key"]

JACCARD_SAME = 0.8
RATIO_SAME = 90


@dataclass(frozen=True)
class Said:
    """One thing a member said: an open answer, a list item, an action."""

    member: Member
    text: str
    specific: bool = False
    anonymous: bool = False


def similarity_key(text: str) -> frozenset[str]:
    return frozenset(content_stems(text))


def same_meaning(a: str, b: str) -> bool:
    return _same(content_stems(a), content_stems(b))


def _same(stems_a: Sequence[str], stems_b: Sequence[str]) -> bool:
    set_a, set_b = set(stems_a), set(stems_b)
    if not set_a or not set_b:
        return False
    if set_a == set_b:
        return True
    if len(set_a & set_b) / len(set_a | set_b) >= JACCARD_SAME:
        return True
    return fuzz.token_sort_ratio(" ".join(sorted(set_a)), " ".join(sorted(set_b))) >= RATIO_SAME


def merge(said: Iterable[Said], *, anonymous: bool = False) -> tuple[MergedAnswer, ...]:
    """Group near-duplicates; each group lists every member, the most complete wording first."""
    entries = sorted(
        (entry for entry in said if entry.text.strip()),
        key=lambda e: (e.text.casefold(), e.text, e.member.id, e.specific),
    )
    stems = [content_stems(entry.text) for entry in entries]
    groups = connected(len(entries), lambda i, j: _same(stems[i], stems[j]))
    merged = [_merged([entries[i] for i in group], anonymous) for group in groups]
    return tuple(sorted(merged, key=lambda m: (-m.members, m.text.casefold(), m.text)))


def connected(count: int, linked: Callable[[int, int], bool]) -> list[list[int]]:
    """Groups of indices 0..count-1 that are linked, directly or through others (union-find);
    each group in ascending order, groups by their first index."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(count):
        for j in range(i + 1, count):
            if root(i) != root(j) and linked(i, j):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values())


def _merged(group: list[Said], anonymous: bool) -> MergedAnswer:
    wordings = sorted({entry.text.strip() for entry in group}, key=_completeness)
    members = sorted({entry.member for entry in group}, key=lambda m: (m.first_name, m.id))
    return MergedAnswer(
        text=wordings[0],
        members=len(members),
        names=() if anonymous else tuple(member.first_name for member in members),
        variants=tuple(sorted(wordings[1:], key=lambda w: (w.casefold(), w))),
        specific=any(entry.specific for entry in group),
    )


def _completeness(wording: str) -> tuple[int, bool, int, int, int, str]:
    """Most complete first: more distinct content words; among equals the tidiest wording (a
    capital at the start, no shouting, less punctuation), then the shortest — "Een" adds
    nothing to "Onderzoekende houding"."""
    punctuation = sum(not (ch.isalnum() or ch.isspace()) for ch in wording)
    capitals = sum(ch.isupper() for ch in wording[1:])
    return (
        -len(set(content_stems(wording))),
        not wording[:1].isupper(),
        capitals,
        punctuation,
        len(wording),
        wording,
    )
