"""Reading flow files: YAML → strict models → whole-flow checks, every error pinned to a line.

The YAML is composed into nodes first so each value keeps the line it was written on; an error
from pydantic or from `flows.validation` carries a path, which is mapped back to that line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import ValidationError

from flows.schema import Flow
from flows.validation import Path, Problem, check_flow

__all__ = [
    "FlowError",
    "LoadedFlow",
    "content_hash",
    "format_path",
    "load_flow_file",
    "load_flow_text",
]


@dataclass(frozen=True)
class FlowError:
    file: str
    line: int
    path: Path
    reason: str

    def __str__(self) -> str:
        where = format_path(self.path)
        return f"{self.file}:{self.line}: {where + ': ' if where else ''}{self.reason}"


@dataclass(frozen=True)
class LoadedFlow:
    flow: Flow
    file: str
    content_hash: str
    lines: dict[Path, int]

    def error(self, problem: Problem) -> FlowError:
        return FlowError(
            self.file, _line_of(problem.path, self.lines), problem.path, problem.reason
        )


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_flow_file(path: FilePath) -> LoadedFlow | list[FlowError]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [FlowError(str(path), 1, (), f"cannot read the file ({error})")]
    return load_flow_text(text, str(path))


def load_flow_text(text: str, file: str) -> LoadedFlow | list[FlowError]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return [FlowError(file, line, (), f"not valid YAML: {reason}")]
    if node is None or not isinstance(node, yaml.MappingNode):
        return [FlowError(file, 1, (), "a flow file must be a mapping with id, title, cards, …")]
    lines: dict[Path, int] = {}
    duplicates: list[FlowError] = []
    _line_map(node, (), lines, duplicates, file)
    if duplicates:
        return duplicates
    data = yaml.safe_load(text)
    try:
        flow = Flow.model_validate(data)
    except ValidationError as error:
        return [_pydantic_error(file, issue, lines) for issue in error.errors()]
    loaded = LoadedFlow(flow, file, content_hash(text), lines)
    problems = check_flow(flow)
    if problems:
        return [loaded.error(problem) for problem in problems]
    return loaded


def _line_map(
    node: yaml.Node, path: Path, lines: dict[Path, int], duplicates: list[FlowError], file: str
) -> None:
    """Record the line of every value; a key written twice is an error, not a silent override."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            where = (*path, key)
            if key in seen:
                line = key_node.start_mark.line + 1
                reason = f"'{key}' is written twice in the same place"
                duplicates.append(FlowError(file, line, where, reason))
            seen.add(key)
            _line_map(value_node, where, lines, duplicates, file)
            lines[where] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines, duplicates, file)


def _pydantic_error(file: str, issue: Any, lines: dict[Path, int]) -> FlowError:
    path: Path = tuple(part for part in issue["loc"] if not str(part).startswith("function-"))
    kind = issue["type"]
    message = issue["msg"].removeprefix("Value error, ")
    if kind == "missing":
        message = f"'{path[-1]}' is required"
    elif kind == "extra_forbidden":
        message = f"unknown key '{path[-1]}'"
    elif kind == "enum":
        expected = issue.get("ctx", {}).get("expected", "")
        message = f"'{issue['input']}' is not one of {expected}"
    elif kind == "string_pattern_mismatch":
        message = f"'{issue['input']}' is not a valid id (lower-case letters, digits, - and _)"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "too_short" and isinstance(issue.get("input"), list):
        message = f"needs at least {issue['ctx']['min_length']} entries"
    return FlowError(file, _line_of(path, lines), path, message)


def _line_of(path: Path, lines: dict[Path, int]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1
