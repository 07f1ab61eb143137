"""Where a run lives: a Telegram chat, and in a forum supergroup one of its topics."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Place"]


@dataclass(frozen=True)
class Place:
    chat_id: int
    thread_id: int | None = None
