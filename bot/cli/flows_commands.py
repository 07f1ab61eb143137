"""`samenbot flows validate|list|show` — for the people who maintain the YAML."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.settings import load_settings
from flows.catalog import BUILTIN_DIR, Catalog, InvalidFlows, collect, flow_files, load_catalog
from flows.schema import Flow, Question

__all__ = ["flow_structure", "mermaid", "run"]


def run(args: argparse.Namespace) -> int:
    if args.flows_command == "validate":
        return _validate([Path(p) for p in args.paths])
    settings = load_settings()
    try:
        catalog = load_catalog(settings.flows_path)
    except InvalidFlows as error:
        print(error, file=sys.stderr)
        return 1
    if args.flows_command == "list":
        _list(catalog)
        return 0
    flow = catalog.get(args.flow)
    if flow is None:
        known = ", ".join(sorted(catalog.entries))
        print(f"samenbot: unknown flow '{args.flow}' (known: {known})", file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps(flow_structure(flow, catalog.hash_of(flow.id)), ensure_ascii=False, indent=2)
        )
    elif args.mermaid:
        print(mermaid(flow))
    else:
        print(_readable(flow))
    return 0


def _validate(paths: list[Path]) -> int:
    missing = [path for path in paths if not path.exists()]
    if missing:
        for path in missing:
            print(f"{path}: no such file or directory", file=sys.stderr)
        return 1
    settings_dirs = [] if paths else load_settings().flows_path
    targets = paths or [BUILTIN_DIR, *settings_dirs]
    own = flow_files(targets)
    builtin = [] if not paths else [f for f in flow_files([BUILTIN_DIR]) if f not in own]
    entries, errors = collect([*own, *builtin])
    checked = {str(path) for path in own}
    errors = [error for error in errors if error.file in checked]
    for error in errors:
        print(error, file=sys.stderr)
    valid = [entry for entry in entries.values() if entry.file in checked]
    if errors:
        print(f"{len(errors)} error(s) in {len(own)} file(s)", file=sys.stderr)
        return 1
    print(f"{len(valid)} flow(s) valid: {', '.join(entry.flow.id for entry in valid)}")
    return 0


def _list(catalog: Catalog) -> None:
    width = max((len(flow.id) for flow in catalog), default=0)
    for flow in sorted(catalog, key=lambda f: f.id):
        cards = len(flow.cards)
        questions = sum(len(card.questions) for card in flow.cards)
        print(
            f"{flow.id:<{width}}  {cards} kaart{'en' if cards != 1 else ''}, "
            f"{questions} vragen  ({flow.scope.value})  {flow.title}"
        )


def _question_structure(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type.value,
        "text": question.text,
        "required": question.required,
        "anonymous": question.anonymous,
    }
    if question.help:
        data["help"] = question.help
    if question.when:
        data["when"] = question.when.model_dump(by_alias=True, exclude_none=True)
    if question.options:
        data["options"] = [option.model_dump() for option in question.options]
    if question.scale:
        data["scale"] = [point.model_dump() for point in question.scale]
        data["items"] = [item.model_dump() for item in question.rating_items]
    if question.mark_specific:
        data["mark_specific"] = True
    if question.collects:
        data["collects"] = question.collects
    return data


def flow_structure(flow: Flow, content_hash: str | None = None) -> dict[str, Any]:
    return {
        "id": flow.id,
        "title": flow.title,
        "source": flow.source,
        "version": flow.version,
        "scope": flow.scope.value,
        "content_hash": content_hash,
        "intro": flow.intro,
        "cards": [
            {
                "number": card.number,
                "label": card.label,
                "title": card.title,
                "intro": card.intro,
                "scope": (card.scope or flow.scope).value,
                "held_by": sorted(scope.value for scope in flow.scopes_of(card)),
                "context": [ref.model_dump(exclude_none=True) for ref in card.context],
                "outcome": {
                    "title": card.outcome.title,
                    "sections": [section.value for section in card.outcome.sections],
                },
                "questions": [_question_structure(question) for question in card.questions],
            }
            for card in flow.cards
        ],
    }


def mermaid(flow: Flow) -> str:
    lines = ["flowchart TD", f'    start(["{_label(flow.title)}"])']
    previous = "start"
    for card in flow.cards:
        card_node = f"card{card.number}"
        lines.append(f'    subgraph {card_node} ["Kaart {card.number}. {_label(card.title)}"]')
        for question in card.questions:
            node = f"{card_node}_{question.id.replace('-', '_')}"
            lines.append(f'        {node}["{question.type.value}: {_label(question.text)}"]')
        lines.append("    end")
        nodes = [f"{card_node}_{q.id.replace('-', '_')}" for q in card.questions]
        for question, node in zip(card.questions, nodes, strict=True):
            arrow = "-->" if question.when is None else f'-. "{_condition(question)}" .->'
            lines.append(f"    {previous} {arrow} {node}")
            previous = node
        outcome = f"{card_node}_outcome"
        lines.append(f'    {outcome}[/"{_label(card.outcome.title)}"/]')
        lines.append(f"    {previous} --> {outcome}")
        previous = outcome
    return "\n".join(lines)


def _condition(question: Question) -> str:
    when = question.when
    assert when is not None
    if when.answered is not None:
        return f"{when.question} {'beantwoord' if when.answered else 'onbeantwoord'}"
    operator = "=" if when.equals else ("≠" if when.not_equals else "in")
    return f"{when.question} {operator} {', '.join(when.option_ids)}"


def _label(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split()).replace('"', "'")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _readable(flow: Flow) -> str:
    lines = [f"{flow.title} ({flow.id}, bron {flow.source}, versie {flow.version})"]
    for card in flow.cards:
        lines.append(f"\nKaart {card.number}. {card.title}  [{flow.card_scope(card).value}]")
        for question in card.questions:
            extra = " *" if question.required else ""
            lines.append(
                f"  - {question.id} ({question.type.value}{extra}): {_label(question.text, 90)}"
            )
        lines.append(f"  → {card.outcome.title}")
    return "\n".join(lines)
