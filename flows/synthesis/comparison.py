"""The region view: partnerships side by side, what they share and what is their own.

Each partnership brings its earlier outcome (for visie-op-beroep: its card-2 kernelementen).
Two elements of different partnerships are the same element when their content stems overlap
enough — looser than merging answers within a group, because partnerships word the same idea
differently ("Onderzoekende houding" and "Een onderzoekende houding van leraar en opleider"):
a Jaccard overlap of at least 0.5, or the smaller element wholly inside the larger one when it
has at least two content words. Linked elements form one shared element (through others too);
whatever links to no other partnership is particular to its partnership.
"""

from __future__ import annotations

from collections.abc import Sequence

from flows.synthesis.merging import connected
from flows.synthesis.outcome import (
    ComparedElement,
    Comparison,
    OutcomeCard,
    PartnershipElements,
    PartnershipOutcome,
    SharedElement,
)
from flows.synthesis.phrases import noun_phrases
from flows.synthesis.words import content_stems

__all__ = ["compare", "elements_of", "similar_elements"]

JACCARD_SIMILAR = 0.5
MIN_CONTAINED_WORDS = 2


def elements_of(outcome: OutcomeCard) -> tuple[ComparedElement, ...]:
    """A partnership's elements: its list items, or its open answers when it has no lists."""
    items = [item for question in outcome.lists for item in question.items]
    if not items:
        items = [answer for question in outcome.answers for answer in question.answers]
    seen: set[str] = set()
    elements = []
    for item in items:
        if item.text.casefold() not in seen:
            seen.add(item.text.casefold())
            elements.append(ComparedElement(text=item.text, specific=item.specific))
    return tuple(elements)


def similar_elements(a: str, b: str) -> bool:
    return _similar(set(content_stems(a)), set(content_stems(b)))


def _similar(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    common = len(a & b)
    if common / len(a | b) >= JACCARD_SIMILAR:
        return True
    return common == min(len(a), len(b)) and common >= MIN_CONTAINED_WORDS


def compare(partnerships: Sequence[PartnershipOutcome]) -> Comparison:
    # One column per partnership; a partnership given twice keeps its latest outcome.
    latest = {p.name: p for p in partnerships}
    ordered = sorted(latest.values(), key=lambda p: (p.name.casefold(), p.name))
    nodes = [(p.name, element) for p in ordered for element in elements_of(p.outcome)]
    stems = [set(content_stems(element.text)) for _, element in nodes]
    groups = connected(
        len(nodes),
        lambda i, j: nodes[i][0] != nodes[j][0] and _similar(stems[i], stems[j]),
    )
    shared, shared_nodes = [], set()
    for group in groups:
        names = sorted({nodes[i][0] for i in group}, key=lambda n: (n.casefold(), n))
        if len(names) < 2:
            continue
        shared_nodes.update(group)
        wordings = sorted(
            {nodes[i][1].text for i in group}, key=lambda w: (-len(content_stems(w)), w)
        )
        # The shortest wording names the common core; the others show how each put it.
        text = min(wordings, key=lambda w: (len(content_stems(w)), len(w), w))
        shared.append(
            SharedElement(
                text=text,
                partnerships=tuple(names),
                wordings=tuple(w for w in sorted(wordings, key=str.casefold) if w != text),
            )
        )
    shared.sort(key=lambda s: (-len(s.partnerships), s.text.casefold(), s.text))
    columns = tuple(
        PartnershipElements(
            name=p.name,
            elements=elements_of(p.outcome),
            particular=tuple(
                element
                for i, (name, element) in enumerate(nodes)
                if name == p.name and i not in shared_nodes
            ),
        )
        for p in ordered
    )
    return Comparison(
        partnerships=columns,
        shared=tuple(shared),
        shared_themes=_shared_themes(ordered, shared),
    )


def _shared_themes(
    partnerships: Sequence[PartnershipOutcome], shared: Sequence[SharedElement]
) -> tuple[SharedElement, ...]:
    """Themes of one partnership that recur in what another said (in any word form), unless
    a shared element of the same partnerships already says it."""
    said: dict[str, list[set[str]]] = {
        p.name: [set(content_stems(text)) for text in _texts(p.outcome)] for p in partnerships
    }
    phrases: dict[frozenset[str], str] = {}
    for p in partnerships:
        # A partnership's own themes, and the terms its members named: a term one member of
        # each partnership raised is still a theme the partnerships share.
        named = [
            " ".join(n.words) for text in _texts(p.outcome) for n in noun_phrases(text) if n.is_term
        ]
        for phrase in [theme.phrase for theme in p.outcome.themes] + named:
            key = frozenset(content_stems(phrase))
            if key and (key not in phrases or len(phrase) < len(phrases[key])):
                phrases[key] = phrase
    found: list[tuple[frozenset[str], SharedElement]] = []
    for key in sorted(phrases, key=lambda k: (-len(k), phrases[k])):
        names = tuple(p.name for p in partnerships if any(key <= s for s in said[p.name]))
        if len(names) < 2 or any(_says(element, key, names) for element in shared):
            continue
        if any(key <= other and set(names) <= set(e.partnerships) for other, e in found):
            continue
        found.append((key, SharedElement(phrases[key], names)))
    return tuple(sorted((e for _, e in found), key=lambda e: (-len(e.partnerships), e.text)))


def _texts(outcome: OutcomeCard) -> list[str]:
    """Everything a partnership's outcome says in words: its elements, answers and themes."""
    return [
        *(element.text for element in elements_of(outcome)),
        *(answer.text for question in outcome.answers for answer in question.answers),
        *(theme.phrase for theme in outcome.themes),
    ]


def _says(element: SharedElement, key: frozenset[str], names: tuple[str, ...]) -> bool:
    if not set(names) <= set(element.partnerships):
        return False
    return any(key <= set(content_stems(w)) for w in (element.text, *element.wordings))
