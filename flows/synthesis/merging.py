"""Merge answers that say the same thing, keeping every member who said it.

Two wordings are the same when, after casefolding, dropping punctuation, accents and stop words
and stemming the rest (Dutch snowball), they have the same words — or nearly: a Jaccard overlap
of at least 0.8 between their stem sets, or a `token_sort_ratio` of at least 90 between the
sorted stems (a typo, a word more or less in a long answer). Deliberately not
`token_set_ratio`: it scores a short answer inside a long one as 100, and "Samen opleiden"
would swallow every longer answer that mentions it.

Wordings that name different numbers never merge: "groep 3 leest voor" and "groep 4 leest voor"
are two items. Action points merge on what they are about as well: when they name the same
things (nouns, by lemma; at least two, three quarters of them shared), "Training over de visie
voor werkplekbegeleiders organiseren" and "Werkplekbegeleiders krijgen een korte training over
de visie" are one action.

Groups come out by how many members said them, ties in the order they were first said, so a
reply like "Klopt, de pabo was leidend." keeps its place after what it answers.

Cost: every wording's stems are computed once; identical stem sets are grouped first, and only
the distinct ones are compared, the fuzzy ratio in rapidfuzz's C++ loop (`process.extract`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from flows.responses import Member
from flows.synthesis.outcome import MergedAnswer
from flows.synthesis.phrases import noun_lemmas
from flows.synthesis.words import content_stems, tokens

__all__ = ["Said", "connected", "merge", "same_meaning", "same_nouns", "similarity_key"]

JACCARD_SAME = 0.8
RATIO_SAME = 90
NOUNS_SAME = 0.75


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


def _numbers(text: str) -> frozenset[str]:
    return frozenset(word for word in tokens(text) if word.isdigit())


def same_nouns(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    return shared >= 2 and shared >= NOUNS_SAME * len(a | b)


def merge(
    said: Iterable[Said], *, anonymous: bool = False, actions: bool = False
) -> tuple[MergedAnswer, ...]:
    """Group near-duplicates; each group lists every member, the most complete wording first.

    `actions`: also merge wordings that name the same things (action points, decisions).
    """
    entries = [entry for entry in said if entry.text.strip()]
    # Distinct wordings by what decides sameness: stems and the numbers named.
    kinds: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
    for index, entry in enumerate(entries):
        key = (frozenset(content_stems(entry.text)), _numbers(entry.text))
        kinds.setdefault(key, []).append(index)
    keys = list(kinds)
    links = _links(keys, [entries[kinds[key][0]].text for key in keys] if actions else None)
    groups = _linked_groups(links)
    merged = []
    for group in groups:
        members = sorted(index for kind in group for index in kinds[keys[kind]])
        merged.append((members[0], _merged([entries[i] for i in members], anonymous)))
    merged.sort(key=lambda pair: (-pair[1].members, pair[0]))
    return tuple(answer for _, answer in merged)


def _links(
    keys: list[tuple[frozenset[str], frozenset[str]]], texts: list[str] | None
) -> list[set[int]]:
    """For each distinct wording, the later ones that say the same."""
    links: list[set[int]] = [set() for _ in keys]
    sorted_stems = [" ".join(sorted(stems)) for stems, _ in keys]
    by_stem: dict[str, list[int]] = {}
    for j, (stems, _) in enumerate(keys):
        for stem in stems:
            by_stem.setdefault(stem, []).append(j)
    for i, (stems, numbers) in enumerate(keys):
        if not stems:
            continue
        close = process.extract(
            sorted_stems[i],
            {j: sorted_stems[j] for j in range(i + 1, len(keys))},
            scorer=fuzz.ratio,
            score_cutoff=RATIO_SAME,
            limit=None,
        )
        links[i].update(j for _, _, j in close)
        # Jaccard ≥ 0.8 needs a shared stem and sizes within 0.8 of each other.
        for j in {j for stem in stems for j in by_stem[stem] if j > i} - links[i]:
            other = keys[j][0]
            if len(stems & other) >= JACCARD_SAME * len(stems | other):
                links[i].add(j)
        links[i] = {j for j in links[i] if keys[j][1] == numbers and keys[j][0]}
    if texts is not None:
        nouns = [noun_lemmas(text) for text in texts]
        for i in range(len(keys)):
            links[i].update(
                j
                for j in range(i + 1, len(keys))
                if keys[j][1] == keys[i][1] and same_nouns(nouns[i], nouns[j])
            )
    return links


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


def _linked_groups(links: list[set[int]]) -> list[list[int]]:
    parent = list(range(len(links)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, linked in enumerate(links):
        for j in linked:
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(links)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


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
