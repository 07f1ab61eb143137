"""YAML files that remember where each value was written, and their errors worded for the
people who maintain them: `file:line: cards[2].questions[1].options: reason`.

Flow files and the peer-review timeline are both read this way. The YAML is composed into
nodes first so each value keeps its line; a path from pydantic or from a whole-file check is
mapped back to the nearest line. A key written twice is an error, not a silent override.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import ValidationError

__all__ = ["Path", "SourceProblem", "YamlDocument", "format_path", "read_yaml", "read_yaml_file"]

Path = tuple[str | int, ...]

# A model validator may name the field at the start of its message ("kind: only one …").
_NAMED_FIELD = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+)*): ")


@dataclass(frozen=True)
class SourceProblem:
    file: str
    line: int
    path: Path
    reason: str

    def __str__(self) -> str:
        where = format_path(self.path)
        return f"{self.file}:{self.line}: {where + ': ' if where else ''}{self.reason}"


@dataclass(frozen=True)
class YamlDocument:
    file: str
    text: str
    data: Any
    lines: dict[Path, int]

    def line_of(self, path: Path) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def problem(self, path: Path, reason: str) -> SourceProblem:
        return SourceProblem(self.file, self.line_of(path), path, reason)

    def validation_problems(self, error: ValidationError) -> list[SourceProblem]:
        return [self._described(issue) for issue in error.errors()]

    def _described(self, issue: Any) -> SourceProblem:
        path: Path = tuple(part for part in issue["loc"] if not str(part).startswith("function-"))
        kind = issue["type"]
        message = issue["msg"].removeprefix("Value error, ")
        if kind == "missing":
            message = f"'{path[-1]}' is required"
        elif kind == "extra_forbidden":
            message = f"unknown key '{path[-1]}'"
        elif kind == "enum":
            message = f"'{issue['input']}' is not one of {issue.get('ctx', {}).get('expected', '')}"
        elif kind == "string_pattern_mismatch":
            message = f"'{issue['input']}' is not a valid id (lower-case letters, digits, - and _)"
        elif kind == "string_too_short":
            message = "must not be empty"
        elif kind == "too_short" and isinstance(issue.get("input"), list):
            message = f"needs at least {issue['ctx']['min_length']} entries"
        elif kind == "value_error" and (named := _NAMED_FIELD.match(message)):
            parts = re.findall(r"\w+", named[1])
            path = (*path, *(int(part) if part.isdigit() else part for part in parts))
            message = message[named.end() :]
        return self.problem(path, message)


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml_file(path: FilePath) -> YamlDocument | list[SourceProblem]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [SourceProblem(str(path), 1, (), f"cannot read the file ({error})")]
    return read_yaml(text, str(path))


def read_yaml(text: str, file: str) -> YamlDocument | list[SourceProblem]:
    """The document with its line map, or every problem that makes it unreadable."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return [SourceProblem(file, mark.line + 1 if mark else 1, (), f"not valid YAML: {reason}")]
    lines: dict[Path, int] = {}
    duplicates: list[SourceProblem] = []
    if node is not None:
        _line_map(node, (), lines, duplicates, file)
    return duplicates or YamlDocument(file, text, data, lines)


def _line_map(
    node: yaml.Node, path: Path, lines: dict[Path, int], duplicates: list[SourceProblem], file: str
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            where = (*path, key)
            if key in seen:
                line = key_node.start_mark.line + 1
                reason = f"'{key}' is written twice in the same place"
                duplicates.append(SourceProblem(file, line, where, reason))
            seen.add(key)
            _line_map(value_node, where, lines, duplicates, file)
            lines[where] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines, duplicates, file)
