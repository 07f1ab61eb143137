"""Split Telegram HTML into messages that fit, at the most natural place that works.

Telegram refuses a message over 4096 characters "after entities parsing": the visible text,
counted in UTF-16 code units. `split_html` keeps each piece within `limit` both visibly and in
raw length (tags and entities included), cutting at the last paragraph break (a blank line)
that fits; only a paragraph too long on its own is cut at a line break, then between words,
then — a single endless word — anywhere between characters. A cut never falls inside a tag or
an entity; tags open at the cut are closed at the end of one piece and opened again (with
their attributes) at the start of the next.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["TELEGRAM_LIMIT", "split_html", "visible_length"]

TELEGRAM_LIMIT = 4096

_ATOM = re.compile(
    r"<[^<>]*>"  # a tag
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"  # an entity
    r"|.",  # any other single character
    re.DOTALL,
)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_PARAGRAPH, _LINE, _WORD = 3, 2, 1
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(text: str) -> int:
    """The length Telegram counts: tags removed, entities decoded, in UTF-16 code units."""
    return utf16(_plain(text))


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^<>]*>", "", text))


@dataclass(frozen=True)
class _Atom:
    raw: str
    size: int  # raw length, UTF-16 units
    visible: int  # visible length, UTF-16 units
    tag: str | None = None  # the tag's name for a tag
    closing: bool = False

    @property
    def space(self) -> bool:
        return self.tag is None and self.raw.isspace()


def _atoms(text: str) -> list[_Atom]:
    atoms = []
    for match in _ATOM.finditer(text):
        raw = match.group(0)
        if raw.startswith("<") and len(raw) > 1 and (name := _TAG_NAME.match(raw)):
            atoms.append(_Atom(raw, utf16(raw), 0, name.group(1).lower(), raw.startswith("</")))
        elif raw.startswith("&") and len(raw) > 1:
            atoms.append(_Atom(raw, utf16(raw), utf16(html.unescape(raw))))
        else:
            atoms.append(_Atom(raw, utf16(raw), utf16(raw)))
    return atoms


def _break_levels(atoms: list[_Atom], limit: int) -> list[int]:
    """For each atom that starts a run of white space: how good a place to cut it is.

    A blank line before a paragraph too long for one message anyway is only as good as a line
    break: that paragraph will be cut regardless, so it may as well start on this message
    rather than leave a lone heading behind.
    """
    levels = [0] * len(atoms)
    i = 0
    while i < len(atoms):
        if not atoms[i].space:
            i += 1
            continue
        j = i
        while j < len(atoms) and atoms[j].space:
            j += 1
        newlines = sum(atom.raw == "\n" for atom in atoms[i:j])
        levels[i] = _PARAGRAPH if newlines >= 2 else _LINE if newlines else _WORD
        i = j
    following = 0  # the raw size of the paragraph after position i
    for i in range(len(atoms) - 1, -1, -1):
        if levels[i] == _PARAGRAPH:
            if following > limit:
                levels[i] = _LINE
            following = 0
        following += atoms[i].size
    return levels


def _closing(stack: list[_Atom]) -> str:
    return "".join(f"</{atom.tag}>" for atom in reversed(stack))


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pieces of `text`, each at most `limit` visible and raw UTF-16 units, in order."""
    atoms = _atoms(text.strip())
    levels = _break_levels(atoms, limit)
    pieces: list[str] = []
    carried: list[_Atom] = []  # tags open at the last cut
    i = 0
    while i < len(atoms):
        stack = list(carried)
        parts = [atom.raw for atom in stack]
        size = sum(atom.size for atom in stack)
        closing = utf16(_closing(stack))
        visible = 0
        cuts: dict[int, tuple[int, int, list[_Atom]]] = {}
        start = i
        while i < len(atoms):
            atom = atoms[i]
            if levels[i] and visible:
                cuts[levels[i]] = (i, len(parts), list(stack))
            grown = closing
            if atom.tag is not None:
                grown += (-1 if atom.closing else 1) * utf16(f"</{atom.tag}>")
            if size + atom.size + grown > limit or visible + atom.visible > limit:
                break
            parts.append(atom.raw)
            size += atom.size
            visible += atom.visible
            closing = grown
            if atom.tag is not None:
                _apply(stack, atom)
            i += 1
        else:
            _emit(pieces, parts, stack)
            break
        if i == start:
            raise ValueError(f"cannot fit {atoms[i].raw[:40]!r}… into a message of {limit}")
        if cuts:
            at, kept, stack = cuts[max(cuts)]
            del parts[kept:]
            i = at
            while i < len(atoms) and atoms[i].space:
                i += 1
        else:
            # One endless word: cut between characters, but not before a joiner or accent.
            while i - 1 > start and (atoms[i].raw in _JOINERS or _combining(atoms[i].raw)):
                i -= 1
                parts.pop()
            stack = _stack_after(carried, atoms[start:i])
        _emit(pieces, parts, stack)
        carried = stack
    return pieces


def _apply(stack: list[_Atom], tag: _Atom) -> None:
    if not tag.closing:
        stack.append(tag)
        return
    for k in range(len(stack) - 1, -1, -1):
        if stack[k].tag == tag.tag:
            del stack[k]
            return


def _stack_after(stack: list[_Atom], atoms: list[_Atom]) -> list[_Atom]:
    stack = list(stack)
    for atom in atoms:
        if atom.tag is not None:
            _apply(stack, atom)
    return stack


def _combining(char: str) -> bool:
    return len(char) == 1 and unicodedata.combining(char) > 0


def _emit(pieces: list[str], parts: list[str], stack: list[_Atom]) -> None:
    piece = "".join(parts) + _closing(stack)
    if _plain(piece).strip():  # a piece of only tags or white space is no message
        pieces.append(piece)
