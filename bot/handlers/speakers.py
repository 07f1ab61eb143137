"""Who is speaking: a person, or something that is not one.

Telegram lets a group admin post as the group itself (`sender_chat` is the group, `from` is
GroupAnonymousBot), forwards a linked channel's posts into its discussion group
(`is_automatic_forward`), lets a member post as a channel they own, and lets a reply quote a
message of another chat (`external_reply`). None of these is a member answering: an anonymous
admin is asked kindly to answer under their own name (their commands still count, they are an
admin); the others are passed over in silence.

`NOT_A_MEMBER_SPEAKING` matches exactly the messages to hold back; the gate's handler sits
before the command and answer handlers, so in PTB's one handler group nothing else sees them.
"""

from __future__ import annotations

from enum import StrEnum

from telegram import Message, Update
from telegram.ext import ContextTypes, filters

from bot.handlers.common import ANONYMOUS_ADMIN_USER_ID, chat_language, reply
from bot.runtime import Runtime

__all__ = [
    "ANONYMOUS_ADMIN_USER_ID",
    "NOT_A_MEMBER_SPEAKING",
    "Speaker",
    "SpeakerGate",
    "held_back",
    "speaker_of",
]


class Speaker(StrEnum):
    PERSON = "person"
    ANONYMOUS_ADMIN = "anonymous_admin"
    LINKED_CHANNEL = "linked_channel"
    OTHER_CHAT = "other_chat"
    NOBODY = "nobody"


def speaker_of(message: Message) -> Speaker:
    if message.is_automatic_forward:
        return Speaker.LINKED_CHANNEL
    sender_chat = message.sender_chat
    if sender_chat is not None:
        return Speaker.ANONYMOUS_ADMIN if sender_chat.id == message.chat_id else Speaker.OTHER_CHAT
    user = message.from_user
    if user is None:
        return Speaker.NOBODY
    if user.id == ANONYMOUS_ADMIN_USER_ID:
        return Speaker.ANONYMOUS_ADMIN
    return Speaker.PERSON


def _is_command(message: Message) -> bool:
    text = message.text or ""
    return text.startswith("/")


def held_back(message: Message) -> bool:
    """True for a message that must reach neither the commands nor the answers."""
    if message.new_chat_members or message.left_chat_member or message.migrate_from_chat_id:
        return False  # service messages: membership and migration handle them
    if message.migrate_to_chat_id:
        return False
    speaker = speaker_of(message)
    command = _is_command(message)
    if speaker is Speaker.PERSON:
        return message.external_reply is not None and not command
    # An admin steering anonymously: the commands decide, and they count them as admins.
    return not (speaker is Speaker.ANONYMOUS_ADMIN and command)


class _HeldBack(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return held_back(message)


NOT_A_MEMBER_SPEAKING = _HeldBack(name="NOT_A_MEMBER_SPEAKING")


class SpeakerGate:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def hold_back(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Only an anonymous admin answering a question hears why; the rest is silence."""
        message = update.message
        if message is None or speaker_of(message) is not Speaker.ANONYMOUS_ADMIN:
            return
        if _replies_to_bot(message):
            services = self._runtime.services
            t = await chat_language(services, message.chat_id)
            await reply(services, message, t("speaker.anonymous_admin"))


def _replies_to_bot(message: Message) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.is_bot)
