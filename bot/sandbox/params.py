"""Typed access to request parameters in any of the Bot API's wire encodings.

PTB v22 (HTTPXRequest) never sends a JSON body: without files it posts
``application/x-www-form-urlencoded`` and with files ``multipart/form-data``, and every value
is a string: ``"-100123"``, ``"true"``, nested objects JSON-encoded (``'{"inline_keyboard":…}'``),
plain strings raw (``text`` is not JSON-quoted). A JSON body (other clients, raw tests) keeps
native types. The getters accept both.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from bot.sandbox.errors import bad_request

__all__ = ["Params", "UploadedFile"]

_NESTED = frozenset(
    {
        "allowed_updates",
        "caption_entities",
        "commands",
        "entities",
        "link_preview_options",
        "reaction",
        "reply_markup",
        "reply_parameters",
        "scope",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A multipart part with a filename: what PTB sends for an InputFile."""

    filename: str
    data: bytes
    content_type: str


class Params:
    def __init__(self, values: dict[str, object]) -> None:
        self.values = values

    def __contains__(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def raw(self, name: str) -> object:
        return self.values.get(name)

    def string(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, UploadedFile):
            raise bad_request(f'parameter "{name}" must be a string, not a file')
        return value if isinstance(value, str) else json.dumps(value)

    def required_str(self, name: str) -> str:
        value = self.string(name)
        if value is None:
            raise bad_request(f'parameter "{name}" is required')
        return value

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad_request(f'parameter "{name}" must be a number') from None

    def required_int(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(f'parameter "{name}" is required')
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("true", "1")

    def nested(self, name: str, what: str | None = None) -> object:
        """A nested object: decoded from its JSON string, or as sent in a JSON body."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what or name} JSON object") from None

    def file(self, name: str) -> UploadedFile | str | None:
        """An uploaded part, or a file_id/URL string; ``attach://x`` resolves to part ``x``."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self.values.get(value.removeprefix("attach://"))
        if value is None or isinstance(value, UploadedFile):
            return value
        return str(value)

    def recorded(self) -> dict[str, object]:
        """What ``api.calls`` shows: nested JSON decoded, so tests can assert on structure."""
        shown: dict[str, object] = {}
        for name, value in self.values.items():
            if name in _NESTED and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            shown[name] = value
        return shown
