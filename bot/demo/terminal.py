"""The group chat as a terminal transcript: who says what, the bot's questions and buttons, and
the bot's HTML (``<b>``, ``<i>``, ``<u>``…) as terminal emphasis.

    Anna: /gesprek visie-op-beroep
    samenbot:
      Kaart 1 · vraag 1/4
      …
      [De (aanstaande) leraar · 2]
      [Overslaan ⏭] [Volgende ▶]
    Bram ↩ Kaart 1 · vraag 2/4: Omdat de bekwaamheidseisen de norm zijn.  👍

Emphasis uses ANSI escape codes only when the output is a terminal (and NO_COLOR is not set);
otherwise the tags are simply dropped. Text is wrapped to the terminal's width.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TextIO

from bot.sandbox import Message

__all__ = ["Style", "html_to_terminal", "render_message", "render_transcript"]

BOT_INDENT = "  "
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PROGRESS = re.compile(r"^(?:Kaart|Card) \d+ · (?:vraag|question) \d+/\d+")


@dataclass(frozen=True)
class Style:
    ansi: bool = False
    width: int | None = None  # wrap to this many columns; None: no wrapping

    @classmethod
    def plain(cls) -> Style:
        return cls()

    @classmethod
    def for_stream(cls, stream: TextIO) -> Style:
        """ANSI emphasis and wrapping on a terminal; plain text into a pipe, file or test."""
        is_tty = getattr(stream, "isatty", None)
        if not (callable(is_tty) and is_tty()):
            return cls()
        color = not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        return cls(ansi=color, width=max(40, shutil.get_terminal_size().columns))

    def codes(self, *names: str) -> str:
        if not self.ansi or not names:
            return ""
        return "\x1b[" + ";".join(_SGR[name] for name in names) + "m"

    @property
    def reset(self) -> str:
        return "\x1b[0m" if self.ansi else ""

    def wrap(self, text: str, *names: str) -> str:
        if not self.ansi or not names or not text:
            return text
        return f"{self.codes(*names)}{text}{self.reset}"


_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "strike": "9", "cyan": "36"}
_TAG_STYLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "strike": "strike",
    "del": "strike",
    "code": "cyan",
    "pre": "cyan",
}


class _TelegramHtml(HTMLParser):
    """Telegram's small HTML subset into text with ANSI emphasis (or none)."""

    def __init__(self, style: Style) -> None:
        super().__init__(convert_charrefs=True)
        self.style = style
        self.parts: list[str] = []
        self.active: list[str] = []  # one entry per open tag (possibly "")
        self.links: list[str | None] = []
        self.link_text: list[str] = []
        self.shown: tuple[str, ...] = ()  # the emphasis currently switched on

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.link_text.append("")
            self.active.append("underline")
        elif tag == "blockquote":
            self.active.append("italic")
        else:
            self.active.append(_TAG_STYLE.get(tag, ""))
        self._apply()

    def handle_endtag(self, tag: str) -> None:
        if self.active:
            self.active.pop()
        self._apply()
        if tag == "a" and self.links:
            href, text = self.links.pop(), self.link_text.pop()
            if href and href != text and not href.startswith("tg://"):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self.link_text:
            self.link_text[-1] += data

    def _apply(self) -> None:
        if not self.style.ansi:
            return
        names = tuple(sorted({name for name in self.active if name}))
        if names != self.shown:
            self.parts.append((self.style.reset if self.shown else "") + self.style.codes(*names))
            self.shown = names

    def text(self) -> str:
        self.close()
        return "".join(self.parts) + (self.style.reset if self.shown else "")


def html_to_terminal(html: str, style: Style) -> str:
    parser = _TelegramHtml(style)
    parser.feed(html)
    return parser.text()


def render_transcript(messages: Iterable[Message], style: Style) -> str:
    return "\n".join(render_message(message, style) for message in messages)


def render_message(message: Message, style: Style) -> str:
    if message.is_service:
        return style.wrap(f"· {_service(message)}", "dim")
    if message.from_bot:
        return _bot_message(message, style)
    return _member_message(message, style)


def _bot_message(message: Message, style: Style) -> str:
    head = style.wrap(message.sender.first_name, "bold", "cyan")
    if message.reply_to is not None:
        head += style.wrap(f" ↩ {message.reply_to.sender.first_name}", "dim")
    lines = [head + ":"]
    body = _body(message, style)
    lines += _indented(body, style, BOT_INDENT)
    rows = message.reply_markup["inline_keyboard"] if message.reply_markup else []
    for row in rows:
        lines += _indented(" ".join(f"[{button['text']}]" for button in row), style, BOT_INDENT)
    if message.reactions:
        lines.append(BOT_INDENT + " ".join(message.reactions))
    return "\n".join(lines)


def _member_message(message: Message, style: Style) -> str:
    head = style.wrap(message.sender.first_name, "bold")
    if message.reply_to is not None:
        head += style.wrap(f" ↩ {_reply_label(message.reply_to)}", "dim")
    body = _body(message, style)
    marks = ""
    if message.reactions:
        marks += "  " + " ".join(message.reactions)
    if message.version:
        marks += "  " + style.wrap("(bewerkt)", "dim")
    first, *rest = body.split("\n") if body else [""]
    lines = _indented(f"{head}: {first}{marks}", style, "", hang="    ")
    for line in rest:
        lines += _indented(line, style, "    ")
    for earlier in message.history:
        if earlier:
            shown = " / ".join(earlier.split("\n"))
            lines += _indented(style.wrap(f"✎ eerst: {shown}", "dim"), style, "    ")
    return "\n".join(lines)


def _reply_label(replied: Message) -> str:
    """The progress line ("Kaart 1 · vraag 2/4") of a bot question, else the sender's name."""
    first_line = (replied.text or replied.caption or "").split("\n", 1)[0]
    if replied.from_bot and (match := _PROGRESS.match(first_line)):
        return match.group()
    return replied.sender.first_name


def _body(message: Message, style: Style) -> str:
    parts = []
    if message.document is not None:
        parts.append(f"[document {message.document.get('file_name', '')}]")
    if message.photo is not None:
        parts.append("[foto]")
    if message.sticker is not None:
        parts.append(f"[sticker {message.sticker.get('emoji', '')}]")
    if message.from_bot and message.parse_mode and message.parse_mode.upper() == "HTML":
        text = html_to_terminal(message.sent_text or "", style)
    else:
        text = message.text if message.text is not None else message.caption
    if text:
        parts.append(text)
    if message.deleted:
        parts.append(style.wrap("(verwijderd)", "dim"))
    return " ".join(parts)


def _indented(text: str, style: Style, indent: str, hang: str | None = None) -> list[str]:
    """Each line of ``text`` with ``indent``, wrapped to the style's width; continuation lines
    get ``hang`` (default: the indent)."""
    hang = indent if hang is None else hang
    lines = []
    for line in text.split("\n"):
        lines += _wrap(line, style.width, indent, hang)
    return lines


def _wrap(line: str, width: int | None, indent: str, hang: str) -> list[str]:
    if width is None or _visible(indent + line) <= width:
        return [(indent + line).rstrip()]
    out: list[str] = []
    current, prefix = "", indent
    for word in re.split(r"(?<=\s)(?=\S)", line):
        if current and _visible(prefix + current + word.rstrip()) > width:
            out.append((prefix + current).rstrip())
            current, prefix = word, hang
        else:
            current += word
    out.append((prefix + current).rstrip())
    return out


def _visible(text: str) -> int:
    return len(_ANSI.sub("", text))


def _service(message: Message) -> str:
    actor = message.sender.first_name
    service = message.service
    if "new_chat_members" in service:
        names = ", ".join(m["first_name"] for m in service["new_chat_members"])
        ids = [m["id"] for m in service["new_chat_members"]]
        joined = ids == [message.sender.id]
        return f"{names} kwam in de groep" if joined else f"{actor} voegde {names} toe"
    if "left_chat_member" in service:
        return f"{service['left_chat_member']['first_name']} verliet de groep"
    if "pinned_message" in service:
        return f"{actor} zette een bericht vast"
    return f"{actor}: {', '.join(service)}"
