"""Bot API errors as the double returns them: ``{"ok": false, "error_code", "description"}``."""

from __future__ import annotations

__all__ = ["BotApiError", "bad_request", "forbidden"]


class BotApiError(Exception):
    """An error response; raised inside a method handler, turned into JSON by the server."""

    def __init__(self, error_code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict:
        body: dict = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str, parameters: dict | None = None) -> BotApiError:
    return BotApiError(400, f"Bad Request: {reason}", parameters)


def forbidden(reason: str) -> BotApiError:
    return BotApiError(403, f"Forbidden: {reason}")
