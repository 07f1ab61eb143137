"""Checks that need a whole flow, or the whole catalogue, beyond what the schema types say.

Each check yields a `Problem` with the path into the YAML document (`cards[2].questions[1]
.options`), so the loader can pin it to a file and line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from flows.piping import placeholders
from flows.schema import ContextRef, Flow, Question, QuestionType, Scope
from flows.yaml_source import Path

__all__ = ["Problem", "check_flow", "check_references"]


@dataclass(frozen=True)
class Problem:
    path: Path
    reason: str


def check_flow(flow: Flow) -> list[Problem]:
    return [*_check_cards(flow), *_check_questions(flow)]


def check_references(flow: Flow, catalogue: Mapping[str, Flow]) -> list[Problem]:
    """Context references must name a flow and card that exist, of a kind of group that can
    hold them: all partnerships' outcomes only on a card held by the region group alone, and a
    region's outcome only of a card a region group holds."""
    problems = []
    for c, card in enumerate(flow.cards):
        for r, ref in enumerate(card.context):
            target = flow if ref.flow in (None, flow.id) else catalogue.get(ref.flow)
            path: Path = ("cards", c, "context", r)
            earlier = _check_earlier(ref, path)
            if earlier is not None:
                problems.append(earlier)
            elif target is None:
                problems.append(Problem((*path, "flow"), f"unknown flow '{ref.flow}'"))
            elif ref.card is None:
                continue  # earlier action points, of any flow or of the one named
            elif target.card(ref.card) is None:
                problems.append(
                    Problem((*path, "card"), f"flow '{target.id}' has no card {ref.card}")
                )
            elif ref.of == "partnerships" and flow.scopes_of(card) != {Scope.REGION}:
                problems.append(
                    Problem(
                        (*path, "of"),
                        "outcomes of all partnerships can only be shown on a region card",
                    )
                )
            elif ref.of == "region" and not target.is_held_in(target.card(ref.card), Scope.REGION):
                problems.append(
                    Problem(
                        (*path, "of"),
                        f"card {ref.card} of flow '{target.id}' is not held by a region group,"
                        " so the region has no outcome of it",
                    )
                )
    return problems


def _check_earlier(ref: ContextRef, path: Path) -> Problem | None:
    """An entry names a card or earlier action points; earlier runs are the group's own."""
    if ref.card is None and ref.actions is None:
        return Problem(path, "name a card (card: N) or earlier action points (actions: earlier)")
    if ref.card is not None and ref.actions is not None:
        return Problem(
            (*path, "actions"),
            "an entry shows a card's outcome or the action points, not both: make two entries",
        )
    if ref.actions is not None and ref.run is not None:
        return Problem((*path, "run"), "action points of earlier runs need no run: leave it out")
    if (ref.actions is not None or ref.run == "earlier") and ref.of != "own":
        return Problem(
            (*path, "of"),
            "earlier runs are this group's own: action points and run: earlier need of: own",
        )
    return None


def _check_cards(flow: Flow) -> Iterator[Problem]:
    seen: set[int] = set()
    for c, card in enumerate(flow.cards):
        if card.number in seen:
            yield Problem(("cards", c, "number"), f"card number {card.number} is used twice")
        seen.add(card.number)
        if not any(question.answerable for question in card.questions):
            yield Problem(("cards", c, "questions"), "a card needs at least one question to answer")


def _check_questions(flow: Flow) -> Iterator[Problem]:
    earlier: dict[str, Question] = {}
    for c, card in enumerate(flow.cards):
        for q, question in enumerate(card.questions):
            path: Path = ("cards", c, "questions", q)
            if question.id in earlier:
                yield Problem((*path, "id"), f"question id '{question.id}' is used twice")
            yield from _check_fit(question, path)
            yield from _check_condition(question, earlier, path)
            yield from _check_piping(question, earlier, path)
            earlier[question.id] = question


def _check_fit(question: Question, path: Path) -> Iterator[Problem]:
    kind = question.type
    name = kind.value
    if kind in (QuestionType.CHOICE, QuestionType.MULTI):
        if len(question.options) < 2:
            yield Problem((*path, "options"), f"a {name} question needs at least 2 options")
        yield from _duplicates(question.options, (*path, "options"), "option id")
    elif question.options:
        yield Problem(
            (*path, "options"), f"options belong to choice and multi questions, not {name}"
        )
    if kind is QuestionType.RATING:
        values = [point.value for point in question.scale]
        if len(values) < 2:
            yield Problem((*path, "scale"), "a rating question needs a scale of at least 2 points")
        elif values != list(range(values[0], values[0] + len(values))):
            yield Problem(
                (*path, "scale"), "scale values must be consecutive whole numbers, rising"
            )
        yield from _duplicates(question.items, (*path, "items"), "item id")
    else:
        if question.scale:
            yield Problem((*path, "scale"), f"a scale belongs to rating questions, not {name}")
        if question.items:
            yield Problem((*path, "items"), f"items belong to rating questions, not {name}")
    if question.mark_specific and kind is not QuestionType.LIST:
        yield Problem((*path, "mark_specific"), "mark_specific only applies to list questions")
    if question.collects and kind not in (QuestionType.OPEN, QuestionType.LIST):
        yield Problem((*path, "collects"), "collects only applies to open and list questions")
    if kind is QuestionType.INFO:
        for flag in ("required", "anonymous"):
            if getattr(question, flag):
                yield Problem(
                    (*path, flag), f"an info question takes no answers, so it is never {flag}"
                )


def _duplicates(entries, path: Path, what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry.id in seen:
            yield Problem((*path, index, "id"), f"{what} '{entry.id}' is used twice")
        seen.add(entry.id)


def _check_condition(
    question: Question, earlier: Mapping[str, Question], path: Path
) -> Iterator[Problem]:
    condition = question.when
    if condition is None:
        return
    where = (*path, "when", "question")
    if condition.question == question.id:
        yield Problem(where, "a question cannot depend on its own answers")
        return
    target = earlier.get(condition.question)
    if target is None:
        yield Problem(where, f"'{condition.question}' is not an earlier question of this flow")
        return
    if not target.answerable:
        yield Problem(where, f"'{condition.question}' is an info question and has no answers")
        return
    if condition.answered is not None:
        return
    if target.type not in (QuestionType.CHOICE, QuestionType.MULTI):
        yield Problem(
            (*path, "when"),
            f"equals, not_equals and in compare options: '{target.id}' is a {target.type.value} "
            "question (use answered: true)",
        )
        return
    known = {option.id for option in target.options}
    for option_id in condition.option_ids:
        if option_id not in known:
            yield Problem((*path, "when"), f"'{target.id}' has no option '{option_id}'")


def _check_piping(
    question: Question, earlier: Mapping[str, Question], path: Path
) -> Iterator[Problem]:
    for name in placeholders(question.text):
        target = earlier.get(name)
        if target is None:
            yield Problem((*path, "text"), f"'{{{{ {name} }}}}' is not an earlier question")
        elif not target.answerable:
            yield Problem((*path, "text"), f"'{{{{ {name} }}}}' is an info question")
