"""The catalogue: every flow the bot knows, loaded and checked as a whole.

Flows ship in `flows/definitions/`; a region adds its own cards by pointing `FLOWS_PATH` at a
directory of YAML files. A flow id may appear once across all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flows.loader import FlowError, LoadedFlow, load_flow_file
from flows.schema import Flow
from flows.validation import check_references

__all__ = ["BUILTIN_DIR", "Catalog", "InvalidFlows", "load_catalog"]

BUILTIN_DIR = Path(__file__).parent / "definitions"


class InvalidFlows(Exception):
    def __init__(self, errors: list[FlowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class Catalog:
    entries: dict[str, LoadedFlow]

    def __iter__(self) -> Iterator[Flow]:
        return (entry.flow for entry in self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, flow_id: object) -> bool:
        return flow_id in self.entries

    def get(self, flow_id: str) -> Flow | None:
        entry = self.entries.get(flow_id)
        return entry.flow if entry else None

    def hash_of(self, flow_id: str) -> str:
        return self.entries[flow_id].content_hash


def flow_files(directories: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for directory in directories:
        if directory.is_file():
            files.append(directory)
        else:
            files.extend(sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]))
    return files


def collect(files: Iterable[Path]) -> tuple[dict[str, LoadedFlow], list[FlowError]]:
    """Load files; return the valid flows and every error found, also across flows."""
    entries: dict[str, LoadedFlow] = {}
    errors: list[FlowError] = []
    for file in files:
        loaded = load_flow_file(file)
        if isinstance(loaded, list):
            errors.extend(loaded)
            continue
        flow_id = loaded.flow.id
        if flow_id in entries:
            errors.append(
                loaded.document.problem(
                    ("id",), f"flow id '{flow_id}' is already used by {entries[flow_id].file}"
                )
            )
            continue
        entries[flow_id] = loaded
    catalogue = {flow_id: entry.flow for flow_id, entry in entries.items()}
    for entry in entries.values():
        errors.extend(entry.error(problem) for problem in check_references(entry.flow, catalogue))
    return entries, errors


def load_catalog(extra_dirs: Iterable[Path] = ()) -> Catalog:
    """All built-in flows plus those in `extra_dirs`; raises `InvalidFlows` listing every error."""
    entries, errors = collect(flow_files([BUILTIN_DIR, *extra_dirs]))
    if errors:
        raise InvalidFlows(errors)
    return Catalog(entries)
