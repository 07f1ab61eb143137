"""What an outbox row holds, in plain JSON: texts, reply markup, a question's fingerprint."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup

__all__ = ["ACK_REACTION", "fingerprint", "markup_from_payload", "markup_payload"]

ACK_REACTION = "👍"

_TAG = re.compile(r"<[^>]+>")


def fingerprint(text: str) -> str:
    """A message's text as members' clients show it, whitespace folded: from the HTML the bot
    sent, or from the plain text Telegram returns. A question post that timed out may still
    have arrived; a reply to that copy is recognised by this."""
    plain = unescape(_TAG.sub("", text)) if "<" in text or "&" in text else text
    return " ".join(plain.split())


def markup_payload(markup: InlineKeyboardMarkup | ForceReply | None) -> dict[str, Any] | None:
    if markup is None:
        return None
    kind = "force_reply" if isinstance(markup, ForceReply) else "inline"
    return {"type": kind, "data": markup.to_dict()}


def markup_from_payload(payload: dict[str, Any] | None) -> InlineKeyboardMarkup | ForceReply | None:
    if not payload:
        return None
    if payload["type"] == "force_reply":
        data = {k: v for k, v in payload["data"].items() if k != "force_reply"}
        return ForceReply(**data)
    return InlineKeyboardMarkup.de_json(payload["data"], None)
