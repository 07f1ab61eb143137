"""Which group messages reach the bot: Telegram's privacy mode.

With privacy mode on (Telegram's default for bots) a bot in a group receives commands meant for
it, replies to its own messages and service messages; everything else stays hidden unless the
bot is an admin there or privacy is off. Private chats are always delivered.
"""

from __future__ import annotations

import re

from bot.sandbox.models import Message

__all__ = ["bot_receives", "command_target"]

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@(?P<bot>[A-Za-z0-9_]+))?(?=\s|$)")


def command_target(text: str | None) -> tuple[bool, str | None]:
    """(starts with a command, the @bot it names or None)."""
    match = _COMMAND.match(text or "")
    if match is None:
        return False, None
    return True, match.group("bot")


def bot_receives(message: Message, *, bot_id: int, bot_username: str, privacy_on: bool) -> bool:
    chat = message.chat
    if chat.type == "private":
        return not chat.blocked_by_user
    if chat.bot_status not in ("member", "administrator"):
        return False
    if message.is_service:
        return True
    if not privacy_on or chat.bot_status == "administrator":
        return True
    if message.reply_to is not None and message.reply_to.sender.id == bot_id:
        return True
    is_command, target = command_target(message.text)
    if not is_command or not any(
        e["type"] == "bot_command" and e["offset"] == 0 for e in message.entities
    ):
        return False
    return target is None or target.lower() == bot_username.lower()
