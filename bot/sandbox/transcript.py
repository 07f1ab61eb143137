"""A chat as readable text: what a tester would see scrolling the group."""

from __future__ import annotations

from bot.sandbox.models import Message

__all__ = ["render_message", "render_transcript"]


def render_transcript(messages: list[Message], *, ids: bool = False) -> str:
    return "\n".join(render_message(message, ids=ids) for message in messages)


def render_message(message: Message, *, ids: bool = False) -> str:
    prefix = f"#{message.message_id} " if ids else ""
    if message.is_service:
        return f"{prefix}· {_service(message)}"
    head = message.sender.first_name
    if message.reply_to is not None:
        head += f" ↩ {message.reply_to.sender.first_name}"
        if ids:
            head += f" #{message.reply_to.message_id}"
    if message.thread_id is not None and message.chat.is_forum:
        head += f" [{message.chat.topics.get(message.thread_id, message.thread_id)}]"
    body = _body(message)
    if message.button_texts:
        rows = message.reply_markup["inline_keyboard"] if message.reply_markup else []
        body += "\n" + "\n".join(" ".join(f"[{b['text']}]" for b in row) for row in rows)
    marks = ""
    if message.reactions:
        marks += " {" + "".join(message.reactions) + "}"
    if message.version:
        marks += " (edited)"
    if message.deleted:
        marks += " (deleted)"
    first, *rest = body.split("\n")
    lines = [f"{prefix}{head}: {first}{marks}", *(f"  {line}" for line in rest)]
    return "\n".join(lines)


def _body(message: Message) -> str:
    parts = []
    if message.document is not None:
        parts.append(f"[document {message.document.get('file_name', '')}]")
    if message.photo is not None:
        parts.append("[photo]")
    if message.sticker is not None:
        parts.append(f"[sticker {message.sticker.get('emoji', '')}]")
    text = message.text if message.text is not None else message.caption
    if text:
        parts.append(text)
    return " ".join(parts)


def _service(message: Message) -> str:
    actor = message.sender.first_name
    service = message.service
    if "new_chat_members" in service:
        names = ", ".join(m["first_name"] for m in service["new_chat_members"])
        ids = [m["id"] for m in service["new_chat_members"]]
        return f"{names} joined" if ids == [message.sender.id] else f"{actor} added {names}"
    if "left_chat_member" in service:
        gone = service["left_chat_member"]
        if gone["id"] == message.sender.id:
            return f"{gone['first_name']} left"
        return f"{actor} removed {gone['first_name']}"
    if "migrate_to_chat_id" in service:
        return f"the group was upgraded to supergroup {service['migrate_to_chat_id']}"
    if "migrate_from_chat_id" in service:
        return f"supergroup created from group {service['migrate_from_chat_id']}"
    if "forum_topic_created" in service:
        return f"{actor} created topic “{service['forum_topic_created']['name']}”"
    if "pinned_message" in service:
        pinned = service["pinned_message"]
        text = pinned.get("text") or pinned.get("caption") or ""
        return f"{actor} pinned “{text[:40]}”"
    return f"{actor}: {', '.join(service)}"
