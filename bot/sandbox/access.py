"""Which chat and message a request is about, refused the way Telegram refuses it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.errors import BotApiError, bad_request, forbidden
from bot.sandbox.html_entities import (
    ParsedText,
    ParseEntitiesError,
    parse_telegram_html,
    plain_text,
)
from bot.sandbox.models import Chat, Message
from bot.sandbox.params import Params
from bot.sandbox.world import World

__all__ = ["Placement", "chat_for_bot", "parse_text", "placement", "target_message"]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def chat_for_bot(world: World, p: Params, name: str = "chat_id") -> Chat:
    raw = p.raw(name)
    if raw in (None, ""):
        raise bad_request("chat_id is empty")
    try:
        chat = world.find_chat(raw if isinstance(raw, int) else str(raw).strip())
    except ValueError:
        chat = None
    if chat is None:
        if (
            isinstance(raw, int | str)
            and str(raw).lstrip("-").isdigit()
            and (int(raw) in world.users)
        ):
            raise forbidden("bot can't initiate conversation with a user")
        raise bad_request("chat not found")
    if chat.migrated_to is not None:
        raise bad_request(
            "group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": chat.migrated_to},
        )
    if chat.type == "private":
        if chat.blocked_by_user:
            raise forbidden("bot was blocked by the user")
        return chat
    if chat.bot_status == "absent":
        raise bad_request("chat not found")
    if chat.bot_status == "kicked":
        raise forbidden(f"bot was kicked from the {chat.kind_name}")
    if chat.bot_status == "left":
        raise forbidden(f"bot is not a member of the {chat.kind_name}")
    return chat


def target_message(chat: Chat, p: Params, not_found: str) -> Message:
    message_id = p.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None or message.deleted:
        raise bad_request(not_found)
    return message


def parse_text(
    text: str, parse_mode: str | None, entities: object, *, caption: bool = False
) -> ParsedText:
    mode = (parse_mode or "").strip().lower()
    try:
        if mode == "html":
            parsed = parse_telegram_html(text)
        elif mode == "":
            parsed = plain_text(text)
            if isinstance(entities, list):
                parsed = ParsedText(parsed.text, entities)
        elif mode in ("markdown", "markdownv2"):
            raise bad_request(
                "can't parse entities: the Bot API double checks parse_mode HTML only"
            )
        else:
            raise bad_request("unsupported parse_mode")
    except ParseEntitiesError as error:
        raise BotApiError(400, error.description) from None
    if caption:
        if parsed.length > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
    elif not parsed.text:
        raise bad_request("message text is empty")
    elif parsed.length > TEXT_LIMIT:
        raise bad_request("message is too long")
    return parsed


@dataclass(frozen=True)
class Placement:
    """Where a new bot message goes: reply target and (forum) thread."""

    reply_to: Message | None
    thread_id: int | None
    is_topic_message: bool


def placement(chat: Chat, p: Params) -> Placement:
    reply = p.nested("reply_parameters", "reply parameters") or {}
    if not isinstance(reply, dict):
        raise bad_request("can't parse reply parameters JSON object")
    reply_id = reply.get("message_id") or p.integer("reply_to_message_id")
    allow_without = bool(reply.get("allow_sending_without_reply")) or p.flag(
        "allow_sending_without_reply"
    )
    reply_to = None
    if reply_id:
        target = chat.messages.get(int(reply_id))
        if target is not None and not target.deleted:
            reply_to = target
        elif not allow_without:
            raise bad_request("message to be replied not found")
    thread_id = p.integer("message_thread_id")
    if thread_id is not None:
        if chat.is_forum:
            known = thread_id in chat.topics
        else:
            known = chat.type == "supergroup" and thread_id in chat.messages
        if not known:
            raise bad_request("message thread not found")
    elif reply_to is not None and chat.type == "supergroup":
        # A reply joins its target's topic (forum) or reply thread (other supergroups).
        thread_id = reply_to.thread_id
        if thread_id is None and not chat.is_forum:
            thread_id = reply_to.message_id
    return Placement(reply_to, thread_id, chat.is_forum and thread_id is not None)
