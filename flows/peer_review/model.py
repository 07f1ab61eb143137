"""The peer-review timeline file: strict pydantic models, and reading the file.

The milestones are data (`timeline.yaml` beside this module) so a region can replace them with
its own file of the same shape. Every model forbids unknown keys: a typo in a region's file is
an error naming the file, line and field, never a silently ignored milestone.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from string import Formatter
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from flows.yaml_source import read_yaml_file

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
    document = read_yaml_file(path)
    if isinstance(document, list):
        raise TimelineError(str(path), [str(problem) for problem in document])
    if not isinstance(document.data, dict):
        problem = document.problem((), "a timeline file is a mapping with 'milestones'")
        raise TimelineError(document.file, [str(problem)])
    try:
        return Timeline.model_validate(document.data)
    except ValidationError as error:
        problems = [str(problem) for problem in document.validation_problems(error)]
        raise TimelineError(document.file, problems) from None
