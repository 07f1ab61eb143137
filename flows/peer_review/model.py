"""The peer-review timeline file: strict pydantic models, and reading the file.

The milestones are data (`timeline.yaml` beside this module) so a region can replace them with
its own file of the same shape. Every model forbids unknown keys: a typo in a region's file is
an error naming the file, line and field, never a silently ignored milestone.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from string import Formatter
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

__all__ = [
    "DEFAULT_TIMELINE_PATH",
    "PLACEHOLDERS",
    "ExportOffer",
    "Milestone",
    "MilestoneKind",
    "Offset",
    "Timeline",
    "TimelineError",
    "load_timeline",
]

DEFAULT_TIMELINE_PATH = Path(__file__).with_name("timeline.yaml")

# What the bot can fill into a reminder text; see `flows.peer_review.timeline.fill_text`.
PLACEHOLDERS = frozenset({"datum", "vraagstukken", "volgende_datum"})

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=40)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


_NAMED_FIELD = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+)*): ")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MilestoneKind(StrEnum):
    MILESTONE = "milestone"
    VISIT = "visit"  # the day of the visit itself (offset zero)
    NEXT_CYCLE = "next_cycle"  # the moment the four-yearly cycle starts again


class Offset(_Strict):
    """Relative to the visit date T; negative is before. Years are applied first, so
    `{years: 4, weeks: -12}` is twelve weeks before the visit's four-year anniversary."""

    years: StrictInt = 0
    weeks: StrictInt = 0
    days: StrictInt = 0


class ExportOffer(_Strict):
    format: Literal["docx", "md", "html"] = "docx"
    flow: Identifier | None = None  # whose run's report to export, e.g. kwaliteitskader
    to: Text  # who receives it, e.g. "het bezoekend panel"


class Milestone(_Strict):
    id: Identifier
    offset: Offset
    kind: MilestoneKind = MilestoneKind.MILESTONE
    title: Text
    reminder: Text
    offers_flow: Identifier | None = None
    offers_export: ExportOffer | None = None

    @model_validator(mode="after")
    def _check(self) -> Milestone:
        if "{" in self.title or "}" in self.title:
            raise ValueError("title: placeholders are only filled in the reminder text")
        unknown = sorted(_placeholders(self.reminder) - PLACEHOLDERS)
        if unknown:
            allowed = ", ".join(f"{{{name}}}" for name in sorted(PLACEHOLDERS))
            raise ValueError(
                f"reminder: unknown placeholder {', '.join(f'{{{u}}}' for u in unknown)}"
                f" (known: {allowed}; write {{{{ and }}}} for a literal brace)"
            )
        if self.kind is MilestoneKind.VISIT and self.offset != Offset():
            raise ValueError("offset: the visit milestone is the visit day itself (offset 0)")
        return self

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(_placeholders(self.reminder))


class Timeline(_Strict):
    source: Text | None = None  # the seed document the milestones follow
    version: StrictInt = 1
    milestones: list[Milestone]

    @model_validator(mode="after")
    def _check(self) -> Timeline:
        if not self.milestones:
            raise ValueError("milestones: a timeline needs at least one milestone")
        seen: set[str] = set()
        kinds: set[MilestoneKind] = set()
        for index, milestone in enumerate(self.milestones):
            if milestone.id in seen:
                raise ValueError(f"milestones[{index}].id: the id '{milestone.id}' is used twice")
            seen.add(milestone.id)
            if milestone.kind in kinds and milestone.kind is not MilestoneKind.MILESTONE:
                raise ValueError(
                    f"milestones[{index}].kind: only one milestone may be of kind"
                    f" '{milestone.kind}'"
                )
            kinds.add(milestone.kind)
        return self

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)


class TimelineError(ValueError):
    """A timeline file that cannot be used; `problems` holds one line per error."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(problems))


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError as error:  # a lone { or }
        raise ValueError(f"reminder: {error} (write {{{{ and }}}} for a literal brace)") from None


def load_timeline(path: Path | None = None) -> Timeline:
    """The default timeline, or a region's own file of the same shape.

    Raises `TimelineError` whose lines read `file:line: milestones[2].offset.weeks: reason`.
    """
    path = path or DEFAULT_TIMELINE_PATH
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TimelineError(file, [f"{file}: cannot read the file ({error})"]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark else 1
        raise TimelineError(file, [f"{file}:{line}: not valid YAML: {reason}"]) from None
    if not isinstance(node, yaml.MappingNode):
        raise TimelineError(file, [f"{file}:1: a timeline file is a mapping with 'milestones'"])
    lines: dict[tuple[str | int, ...], int] = {}
    _line_map(node, (), lines)
    try:
        return Timeline.model_validate(data)
    except ValidationError as error:
        problems = [_problem(file, issue, lines) for issue in error.errors()]
        raise TimelineError(file, problems) from None


def _line_map(
    node: yaml.Node, path: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _line_map(value_node, (*path, key_node.value), lines)
            lines[(*path, key_node.value)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines)


def _problem(file: str, issue: Any, lines: dict[tuple[str | int, ...], int]) -> str:
    path = tuple(part for part in issue["loc"] if not str(part).startswith("function-"))
    kind = issue["type"]
    message = issue["msg"].removeprefix("Value error, ")
    if kind == "missing":
        message = f"'{path[-1]}' is required"
    elif kind == "extra_forbidden":
        message = f"unknown key '{path[-1]}'"
    elif kind == "string_pattern_mismatch":
        message = f"'{issue['input']}' is not a valid id (lower-case letters, digits, - and _)"
    elif kind == "string_too_short":
        message = "must not be empty"
    # A model validator names the field at the start of its message; add it to the path.
    named = _NAMED_FIELD.match(message)
    if kind == "value_error" and named:
        path = (*path, *(int(p) if p.isdigit() else p for p in re.findall(r"\w+", named[1])))
        message = message[named.end() :]
    line = next((lines[path[:end]] for end in range(len(path), -1, -1) if path[:end] in lines), 1)
    return f"{file}:{line}: {_format_path(path) or '(top level)'}: {message}"


def _format_path(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
