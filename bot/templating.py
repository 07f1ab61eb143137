"""The one Jinja environment of samenbot: templates own the wording, code owns the data.

Build it once in the composition root with `create_environment(extra_dirs)` and pass it on.
Templates live in `bot/templates/`; a region's own templates (next to its flows, FLOWS_PATH)
come after them, so they add templates but cannot replace the built-in ones by accident.

Autoescaping is on for HTML (`*.html`, `*.html.j2`, …) and for any name it does not recognise;
only names ending in `.md.j2` / `.txt.j2` (or `.md`, `.txt`) render unescaped. So Telegram HTML
and standalone HTML templates escape every member's text, and a region template with an
unusual name fails safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date

__all__ = ["TEMPLATES_DIR", "create_environment"]

TEMPLATES_DIR = Path(__file__).parent / "templates"


def create_environment(extra_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES_DIR, *extra_dirs]),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            disabled_extensions=("md", "txt", "md.j2", "txt.j2"),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["getal"] = number_nl
    env.filters["datum"] = date_nl
    env.filters["namen"] = names_nl
    env.filters["md"] = markdown_escape
    env.filters["md_inline"] = markdown_cell
    env.filters["md_list"] = markdown_list
    return env


def number_nl(value: float | int | None) -> str:
    """2.5 → "2,5", 2.25 → "2,25", 3.0 → "3"; a Dutch decimal comma."""
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def date_nl(value: date | datetime | None) -> str:
    """3 maart 2026 (with the time, 14:05, for a datetime; an aware one in Dutch time)."""
    if value is None:
        return "–"
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(ZoneInfo("Europe/Amsterdam"))
    text = format_date(value, "d MMMM y", locale="nl")
    if isinstance(value, datetime):
        text += f", {value:%H:%M}"
    return text


def names_nl(names: Iterable[str]) -> str:
    """Anna, Bram en Carla."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


_MARKDOWN_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>#|~"})
_MARKDOWN_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MARKDOWN_LIST_START = re.compile(r"^(\d*)([-+.)])")
_MARKDOWN_NEEDS_ESCAPING = re.compile(r"[\\`*_\[\]<>#|~&]|^\s*\d*[-+.)]")


def markdown_list(answers: Iterable[Any], mentioned: Callable[[int], str]) -> str:
    """Answers as a Markdown list, a line each, with who gave each (`markdown_by`): built in
    one go, not an item at a time by the template (an export lists thousands)."""
    return "".join(
        f"- {markdown_escape(answer.text)}{markdown_by(answer, mentioned)}\n" for answer in answers
    )


def markdown_by(answer: Any, mentioned: Callable[[int], str]) -> str:
    """Who gave an answer, after it in a Markdown list: their names, or else how many gave it
    (`mentioned`, a phrase of the card's language); nothing when it was one unnamed member."""
    if answer.names:
        return f" _({markdown_cell(', '.join(answer.names))})_"
    if answer.members > 1:
        return f" _({mentioned(answer.members)})_"
    return ""


def markdown_cell(text: str) -> str:
    """Member text inside a Markdown table cell or heading: escaped, on one line."""
    return markdown_escape(text, inline=True)


def markdown_escape(text: str, *, inline: bool = False) -> str:
    """Member text in Markdown: markup characters escaped, HTML and entities inert, a new line
    stays a new line within the same list item (`inline`: within a table cell, a space)."""
    text = str(text)
    if text.isprintable() and not _MARKDOWN_NEEDS_ESCAPING.search(text):
        return text.strip()  # one line, nothing to escape: most answers
    lines = []
    for line in text.splitlines():
        line = line.strip().translate(_MARKDOWN_SPECIAL)
        line = _MARKDOWN_ENTITY.sub("&amp;", line)
        if line:
            lines.append(_MARKDOWN_LIST_START.sub(r"\1\\\2", line))
    return (" " if inline else "  \n  ").join(lines)
