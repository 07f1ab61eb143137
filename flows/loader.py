"""Reading flow files: YAML → strict models → whole-flow checks, every error pinned to a line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path as FilePath

from pydantic import ValidationError

from flows.schema import Flow
from flows.validation import Problem, check_flow
from flows.yaml_source import SourceProblem, YamlDocument, read_yaml, read_yaml_file

__all__ = ["FlowError", "LoadedFlow", "content_hash", "load_flow_file", "load_flow_text"]

FlowError = SourceProblem


@dataclass(frozen=True)
class LoadedFlow:
    flow: Flow
    document: YamlDocument
    content_hash: str

    @property
    def file(self) -> str:
        return self.document.file

    def error(self, problem: Problem) -> FlowError:
        return self.document.problem(problem.path, problem.reason)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_flow_file(path: FilePath) -> LoadedFlow | list[FlowError]:
    document = read_yaml_file(path)
    return document if isinstance(document, list) else _load(document)


def load_flow_text(text: str, file: str) -> LoadedFlow | list[FlowError]:
    document = read_yaml(text, file)
    return document if isinstance(document, list) else _load(document)


def _load(document: YamlDocument) -> LoadedFlow | list[FlowError]:
    if not isinstance(document.data, dict):
        return [document.problem((), "a flow file must be a mapping with id, title, cards, …")]
    try:
        flow = Flow.model_validate(document.data)
    except ValidationError as error:
        return document.validation_problems(error)
    loaded = LoadedFlow(flow, document, content_hash(document.text))
    problems = check_flow(flow)
    return [loaded.error(problem) for problem in problems] if problems else loaded
