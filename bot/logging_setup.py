"""Logging for samenbot: standard logging, a chosen level, and no secret in any line.

httpx logs every request URL at INFO, and a Bot API URL contains the token; PTB puts the token
into the text of `InvalidToken`. Redaction therefore happens twice: a filter rewrites each
record's message (for handlers someone else adds), and the formatter rewrites the whole
formatted output, traceback included. Uncaught exceptions on stderr pass the same redactor.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from types import TracebackType

__all__ = ["Redactor", "TokenRedactor", "configure_logging", "install_excepthook"]

_TOKEN_SHAPE = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
PLACEHOLDER = "<token>"


class Redactor:
    """Replaces the configured secrets, and anything shaped like a bot token, in a text."""

    def __init__(self, secrets: tuple[str | None, ...] = ()) -> None:
        # Longest first, so that a secret containing another is replaced whole.
        self.secrets = tuple(sorted({s for s in secrets if s and len(s) >= 4}, key=len)[::-1])

    def __call__(self, text: str) -> str:
        text = _TOKEN_SHAPE.sub(PLACEHOLDER, text)
        for secret in self.secrets:
            text = text.replace(secret, PLACEHOLDER)
        return text


class TokenRedactor(logging.Filter):
    def __init__(self, secrets: tuple[str | None, ...] = ()) -> None:
        super().__init__()
        self.redact = Redactor(secrets)

    @property
    def secrets(self) -> tuple[str, ...]:
        return self.redact.secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingFormatter(logging.Formatter):
    """The formatted line with its traceback: exception texts carry secrets too."""

    def __init__(self, redact: Redactor, fmt: str) -> None:
        super().__init__(fmt)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


def configure_logging(level: str = "INFO", secrets: tuple[str | None, ...] = ()) -> None:
    redact = Redactor(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter(redact, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(TokenRedactor(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    install_excepthook(redact)


def install_excepthook(redact: Redactor) -> None:
    """An exception nobody caught still reaches stderr, but without a secret in it."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(redact("".join(traceback.format_exception(kind, error, tb))))

    sys.excepthook = hook
