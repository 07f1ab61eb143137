"""Bot API methods that create or change messages: send, edit, react, pin, delete, files."""

from __future__ import annotations

import struct

from bot.sandbox.access import (
    chat_for_bot,
    parse_text,
    placement,
    target_message,
)
from bot.sandbox.errors import bad_request
from bot.sandbox.models import Chat, Message, StoredFile
from bot.sandbox.params import Params, UploadedFile
from bot.sandbox.validation import validate_reaction, validate_reply_markup
from bot.sandbox.world import World

__all__ = ["MESSAGE_METHODS"]

_OPTIONS = (
    "disable_notification",
    "protect_content",
    "link_preview_options",
    "show_caption_above_media",
)


def _options(p: Params) -> dict:
    return {
        name: p.nested(name) if name == "link_preview_options" else p.flag(name)
        for name in _OPTIONS
        if name in p
    }


def _markup(p: Params) -> tuple[dict | None, dict | None]:
    return validate_reply_markup(p.nested("reply_markup", "reply keyboard markup"))


async def send_message(world: World, p: Params) -> dict:
    chat = chat_for_bot(world, p)
    text = p.string("text") or ""
    parsed = parse_text(text, p.string("parse_mode"), p.nested("entities"))
    where = placement(chat, p)
    inline, keyboard = _markup(p)
    world.flood.check(chat.id, chat.is_group)
    message = world.post(
        chat,
        world.bot,
        text=parsed.text,
        entities=parsed.entities,
        sent_text=text,
        parse_mode=p.string("parse_mode"),
        reply_markup=inline,
        keyboard=keyboard,
        reply_to=where.reply_to,
        thread_id=where.thread_id,
        is_topic_message=where.is_topic_message,
        options=_options(p),
    )
    world.flood.record(chat.id)
    await world.changed_now()
    return message.to_api()


async def send_document(world: World, p: Params) -> dict:
    return await _send_file(world, p, "document")


async def send_photo(world: World, p: Params) -> dict:
    return await _send_file(world, p, "photo")


async def _send_file(world: World, p: Params, kind: str) -> dict:
    chat = chat_for_bot(world, p)
    upload = p.file(kind)
    caption = p.string("caption")
    parsed = parse_text(
        caption or "", p.string("parse_mode"), p.nested("caption_entities"), caption=True
    )
    where = placement(chat, p)
    inline, keyboard = _markup(p)
    stored = _stored_file(world, upload, kind)
    world.flood.check(chat.id, chat.is_group)
    message = world.post(
        chat,
        world.bot,
        caption=parsed.text or None,
        caption_entities=parsed.entities,
        sent_text=caption,
        parse_mode=p.string("parse_mode"),
        reply_markup=inline,
        keyboard=keyboard,
        reply_to=where.reply_to,
        thread_id=where.thread_id,
        is_topic_message=where.is_topic_message,
        options=_options(p),
    )
    if stored.chat_id == 0:  # a new upload, not a resent file_id
        stored.chat_id, stored.message_id, stored.caption = chat.id, message.message_id, caption
    if kind == "document":
        message.document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.filename,
            "mime_type": stored.mime_type,
            "file_size": len(stored.data),
        }
    else:
        message.photo = _photo_sizes(stored)
    world.flood.record(chat.id)
    await world.changed_now()
    return message.to_api()


def _stored_file(world: World, upload: UploadedFile | str | None, kind: str) -> StoredFile:
    if upload is None:
        raise bad_request(f'parameter "{kind}" is required')
    if isinstance(upload, str):
        known = world.files.get(upload)
        if known is None or known.kind != kind:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return known
    if not upload.data:
        raise bad_request("file must be non-empty")
    if kind == "photo" and _image_size(upload.data) is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    file_id, unique_id = world.new_file_id()
    stored = StoredFile(
        file_id=file_id,
        file_unique_id=unique_id,
        kind=kind,
        filename=upload.filename,
        data=upload.data,
        mime_type=upload.content_type,
    )
    world.files[file_id] = stored
    return stored


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG (read from IHDR); a fixed guess for JPEG/GIF/WebP."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith((b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or data[8:12] == b"WEBP":
        return 1280, 960
    return None


def _photo_sizes(stored: StoredFile) -> list[dict]:
    width, height = _image_size(stored.data) or (1280, 960)
    scale = min(1.0, 90 / max(width, height, 1))
    thumb = {
        "file_id": stored.file_id + "_s",
        "file_unique_id": stored.file_unique_id + "_s",
        "width": max(1, round(width * scale)),
        "height": max(1, round(height * scale)),
    }
    full = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": width,
        "height": height,
        "file_size": len(stored.data),
    }
    return [thumb, full]


def _own_message_to_edit(world: World, p: Params) -> tuple[Chat, Message]:
    if "inline_message_id" in p:
        raise bad_request("inline messages are not supported by the Bot API double")
    chat = chat_for_bot(world, p)
    message = target_message(chat, p, "message to edit not found")
    if not message.from_bot or message.sender.id != world.bot.id:
        raise bad_request("message can't be edited")
    return chat, message


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


async def edit_message_text(world: World, p: Params) -> dict:
    chat, message = _own_message_to_edit(world, p)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text = p.string("text") or ""
    parsed = parse_text(text, p.string("parse_mode"), p.nested("entities"))
    inline = _edit_markup(p)
    # Like Telegram: an edit without reply_markup removes the inline keyboard.
    if (parsed.text, parsed.entities, inline) == (
        message.text,
        message.entities,
        message.reply_markup,
    ):
        raise bad_request(_NOT_MODIFIED)
    world.flood.check(chat.id, chat.is_group)
    message.history.append(message.text)
    message.text, message.entities, message.sent_text = parsed.text, parsed.entities, text
    message.parse_mode = p.string("parse_mode")
    message.reply_markup = inline
    return await _edited(world, chat, message)


async def edit_message_reply_markup(world: World, p: Params) -> dict:
    chat, message = _own_message_to_edit(world, p)
    inline = _edit_markup(p)
    if inline == message.reply_markup:
        raise bad_request(_NOT_MODIFIED)
    world.flood.check(chat.id, chat.is_group)
    message.history.append(message.text if message.text is not None else message.caption)
    message.reply_markup = inline
    return await _edited(world, chat, message)


def _edit_markup(p: Params) -> dict | None:
    inline, keyboard = _markup(p)
    if keyboard is not None:
        raise bad_request("inline keyboard expected")
    return inline


async def _edited(world: World, chat: Chat, message: Message) -> dict:
    message.version += 1
    message.edit_date = world.now()
    world.flood.record(chat.id)
    await world.changed_now()
    return message.to_api()


async def set_message_reaction(world: World, p: Params) -> bool:
    chat = chat_for_bot(world, p)
    message = target_message(chat, p, "MESSAGE_ID_INVALID")
    emoji = validate_reaction(p.nested("reaction", "reaction types"))
    message.reactions = emoji
    await world.changed_now()
    return True


async def pin_chat_message(world: World, p: Params) -> bool:
    chat = chat_for_bot(world, p)
    message = target_message(chat, p, "message to pin not found")
    if chat.type == "supergroup" and chat.bot_status != "administrator":
        raise bad_request("not enough rights to manage pinned messages in the chat")
    message.pinned = True
    world.post(chat, world.bot, service={"pinned_message": message.to_api(with_reply=False)})
    await world.changed_now()
    return True


async def delete_message(world: World, p: Params) -> bool:
    chat = chat_for_bot(world, p)
    message = target_message(chat, p, "message to delete not found")
    own = message.sender.id == world.bot.id
    if not (own or chat.type == "private" or chat.bot_status == "administrator"):
        raise bad_request("message can't be deleted")
    message.deleted = True
    await world.changed_now()
    return True


MESSAGE_METHODS = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "setMessageReaction": set_message_reaction,
    "pinChatMessage": pin_chat_message,
    "deleteMessage": delete_message,
}
