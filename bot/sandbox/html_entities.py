"""Telegram-HTML (``parse_mode="HTML"``) parser and validator.

Mirrors the parser Telegram runs server-side (tdlib's ``parse_html``): the same tags, the same
walk over the UTF-8 bytes and the same error texts with byte offsets. It is deliberately
*stricter* than Telegram in one respect: Telegram silently keeps a stray ``&`` (or an unknown
entity such as ``&nbsp;``) as literal text, which in a bot is always an escaping bug, so here it
is an error ("Character entity expected ...").

``validate_telegram_html(text)`` returns the visible length in UTF-16 code units, the unit in
which Telegram measures offsets and in which the double enforces the 4096/1024 limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ParseEntitiesError",
    "ParsedText",
    "parse_telegram_html",
    "plain_text",
    "utf16_len",
    "validate_telegram_html",
]

_ENTITY_TYPE_BY_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SPACE = b" \t\r\n\f\v"
_SPACE_OR_GT = (*[bytes([b]) for b in _SPACE], b">", b"\0")
# Telegram strips these around a message; the count in UTF-16 units shifts entity offsets.
_STRIP = " \t\r\n\f\v\u00a0\u2028\u2029"


class ParseEntitiesError(ValueError):
    """Raised with Telegram's own wording; ``description`` is the full Bot API description."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.description = f"Bad Request: can't parse entities: {reason}"


@dataclass(frozen=True)
class ParsedText:
    """The text as Telegram stores it: markup removed, entities with UTF-16 offsets."""

    text: str
    entities: list[dict] = field(default_factory=list)

    @property
    def length(self) -> int:
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def validate_telegram_html(text: str) -> int:
    """Visible length (UTF-16 units, surrounding whitespace stripped) or ParseEntitiesError."""
    return parse_telegram_html(text).length


def plain_text(text: str) -> ParsedText:
    """A message sent without parse_mode: only the surrounding whitespace goes."""
    return _strip(text, [])


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_start: int
    expandable: bool = False


class _Output:
    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.utf16 = 0

    def add(self, piece: str) -> None:
        if piece:
            self.chunks.append(piece)
            self.utf16 += utf16_len(piece)

    def text(self) -> str:
        return "".join(self.chunks)


def parse_telegram_html(text: str) -> ParsedText:
    data = text.encode("utf-8") + b"\0"  # sentinel, like tdlib's CSlice
    end = len(data) - 1
    out = _Output()
    entities: list[dict] = []
    open_tags: list[_OpenTag] = []
    i = 0
    while i < end:
        c = data[i : i + 1]
        if c == b"&":
            char, i = _decode_entity(data, i)
            out.add(char)
            continue
        if c != b"<":
            j = i
            while j < end and data[j : j + 1] not in (b"&", b"<"):
                j += 1
            out.add(data[i:j].decode("utf-8"))
            i = j
            continue
        if data[i + 1 : i + 2] != b"/":
            tag, i = _parse_start_tag(data, i, out.utf16)
            open_tags.append(tag)
        else:
            i = _close_tag(data, i, open_tags, out, entities)
    if open_tags:
        raise ParseEntitiesError(
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1].name}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return _strip(out.text(), entities)


def _decode_entity(data: bytes, pos: int) -> tuple[str, int]:
    """Strict: only &lt; &gt; &amp; &quot; and numeric references, always with ';'."""
    j = pos + 1
    if data[j : j + 1] == b"#":
        j += 1
        hexadecimal = data[j : j + 1] in (b"x", b"X")
        if hexadecimal:
            j += 1
        digits_start = j
        allowed = b"0123456789abcdefABCDEF" if hexadecimal else b"0123456789"
        while data[j : j + 1] and data[j] in allowed:
            j += 1
        digits = data[digits_start:j]
        value = int(digits, 16 if hexadecimal else 10) if digits else 0
        valid = 0 < value < 0x110000 and not 0xD800 <= value <= 0xDFFF
        if valid and data[j : j + 1] == b";":
            return chr(value), j + 1
    else:
        while data[j : j + 1].isalpha():
            j += 1
        name = data[pos + 1 : j]
        if name in _NAMED_ENTITIES and data[j : j + 1] == b";":
            return _NAMED_ENTITIES[name], j + 1
    raise ParseEntitiesError(f"Character entity expected at byte offset {pos}")


def _parse_start_tag(data: bytes, begin: int, utf16_offset: int) -> tuple[_OpenTag, int]:
    i = begin + 1
    while data[i : i + 1] not in _SPACE_OR_GT:
        i += 1
    if data[i] == 0:
        raise ParseEntitiesError(f"Unclosed start tag at byte offset {begin}")
    name = data[begin + 1 : i].decode("utf-8", "replace").lower()
    if name not in _ENTITY_TYPE_BY_TAG:
        raise ParseEntitiesError(f'Unsupported start tag "{name}" at byte offset {begin}')
    tag = _OpenTag(name=name, argument="", utf16_start=utf16_offset)
    while data[i : i + 1] != b">":
        while data[i] != 0 and data[i : i + 1] in _SPACE:
            i += 1
        if data[i : i + 1] == b">":
            break
        attr_start = i
        while data[i] != 0 and data[i : i + 1] not in _SPACE and data[i : i + 1] not in b"=>":
            i += 1
        attribute = data[attr_start:i].decode("utf-8", "replace").lower()
        if not attribute:
            raise ParseEntitiesError(
                f'Empty attribute name in the tag "{name}" at byte offset {begin}'
            )
        while data[i] != 0 and data[i : i + 1] in _SPACE:
            i += 1
        if data[i : i + 1] != b"=":
            if name == "blockquote" and attribute == "expandable":
                tag.expandable = True
                continue
            if data[i] == 0:
                raise ParseEntitiesError(f'Unclosed start tag "{name}" at byte offset {begin}')
            raise ParseEntitiesError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{name}" at byte offset {begin}'
            )
        i += 1
        while data[i] != 0 and data[i : i + 1] in _SPACE:
            i += 1
        if data[i] == 0:
            raise ParseEntitiesError(f'Unclosed start tag "{name}" at byte offset {begin}')
        value, i = _attribute_value(data, i, begin)
        _apply_attribute(tag, attribute, value)
    if name == "span" and tag.argument != "spoiler":
        raise ParseEntitiesError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    return tag, i + 1


def _attribute_value(data: bytes, i: int, begin: int) -> tuple[str, int]:
    quote = data[i : i + 1]
    if quote not in (b"'", b'"'):
        start = i
        while data[i : i + 1].isalnum() or data[i : i + 1] in (b".", b"-"):
            i += 1
        if data[i : i + 1] not in _SPACE and data[i : i + 1] != b">":
            raise ParseEntitiesError(f"Unexpected end of name token at byte offset {start}")
        return data[start:i].decode("utf-8").lower(), i
    i += 1
    chunks: list[str] = []
    while data[i] != 0 and data[i : i + 1] != quote:
        if data[i : i + 1] == b"&":
            char, i = _decode_entity(data, i)
            chunks.append(char)
            continue
        j = i
        while data[j] != 0 and data[j : j + 1] not in (quote, b"&"):
            j += 1
        chunks.append(data[i:j].decode("utf-8"))
        i = j
    if data[i] == 0:
        raise ParseEntitiesError(f"Unclosed start tag at byte offset {begin}")
    return "".join(chunks), i + 1


def _apply_attribute(tag: _OpenTag, attribute: str, value: str) -> None:
    if tag.name == "a" and attribute == "href":
        tag.argument = value
    elif tag.name == "code" and attribute == "class" and value.startswith("language-"):
        tag.argument = value.removeprefix("language-")
    elif tag.name == "span" and attribute == "class" and value.startswith("tg-"):
        tag.argument = value.removeprefix("tg-")
    # Telegram ignores every other attribute.


def _close_tag(
    data: bytes, begin: int, open_tags: list[_OpenTag], out: _Output, entities: list[dict]
) -> int:
    if not open_tags:
        raise ParseEntitiesError(f"Unexpected end tag at byte offset {begin}")
    i = begin + 2
    while data[i : i + 1] not in _SPACE_OR_GT:
        i += 1
    end_name = data[begin + 2 : i].decode("utf-8", "replace").lower()
    while data[i] != 0 and data[i : i + 1] in _SPACE:
        i += 1
    if data[i : i + 1] != b">":
        raise ParseEntitiesError(f"Unclosed end tag at byte offset {begin}")
    tag = open_tags.pop()
    if end_name and end_name != tag.name:
        raise ParseEntitiesError(
            f'Unmatched end tag at byte offset {begin}, expected "</{tag.name}>", '
            f'found "</{end_name}>"'
        )
    length = out.utf16 - tag.utf16_start
    if length > 0:
        entities.append(_entity(tag, length, out, entities))
    return i + 1


def _entity(tag: _OpenTag, length: int, out: _Output, entities: list[dict]) -> dict:
    kind = _ENTITY_TYPE_BY_TAG[tag.name]
    entity: dict = {"type": kind, "offset": tag.utf16_start, "length": length}
    if kind == "text_link":
        entity["url"] = tag.argument or _tail_utf16(out.text(), length)
    elif kind == "blockquote" and tag.expandable:
        entity["type"] = "expandable_blockquote"
    elif kind == "pre":
        inner = [
            e
            for e in entities
            if e["type"] == "code" and e["offset"] == tag.utf16_start and e["length"] == length
        ]
        if inner and inner[0].get("language"):
            entities.remove(inner[0])
            entity["language"] = inner[0]["language"]
    elif kind == "code" and tag.argument:
        entity["language"] = tag.argument
    return entity


def _tail_utf16(text: str, length: int) -> str:
    encoded = text.encode("utf-16-le")
    return encoded[len(encoded) - 2 * length :].decode("utf-16-le")


def _strip(text: str, entities: list[dict]) -> ParsedText:
    stripped = text.strip(_STRIP)
    if not stripped:
        return ParsedText("", [])
    lead = utf16_len(text[: len(text) - len(text.lstrip(_STRIP))])
    size = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        stop = min(entity["offset"] + entity["length"] - lead, size)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    for entity in kept:
        if entity["type"] == "code" and "language" in entity:
            del entity["language"]  # only pre carries a language
    return ParsedText(stripped, kept)
