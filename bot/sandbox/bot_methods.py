"""Bot API methods about the bot itself, its updates and its chats."""

from __future__ import annotations

import contextlib
import json

from bot.sandbox.access import chat_for_bot
from bot.sandbox.errors import BotApiError, bad_request
from bot.sandbox.models import chat_member_json
from bot.sandbox.params import Params
from bot.sandbox.validation import validate_commands
from bot.sandbox.world import World

__all__ = ["BOT_METHODS"]

_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


async def get_me(world: World, p: Params) -> dict:
    return {
        **world.bot.to_api(),
        "can_join_groups": True,
        "can_read_all_group_messages": not world.privacy_mode,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(world: World, p: Params) -> list[dict]:
    """A real long poll: returns as soon as an update is queued, or after ``timeout``."""
    if world.webhook["url"]:
        raise BotApiError(409, _WEBHOOK_CONFLICT)
    offset = p.integer("offset")
    limit = min(max(p.integer("limit", 100) or 100, 1), 100)
    timeout = max(p.integer("timeout", 0) or 0, 0)
    allowed = p.nested("allowed_updates", "allowed updates")
    if allowed is not None:
        world.allowed_updates = frozenset(allowed) if allowed else None
    if offset is not None:
        world.confirm(offset)
    world.poll_generation += 1
    mine = world.poll_generation
    await world.changed_now()  # wakes (and thereby terminates) an older poll

    def ready() -> bool:
        return world.closing or world.poll_generation != mine or bool(world.deliverable_updates())

    if timeout:
        with contextlib.suppress(TimeoutError):
            await world.wait_for(ready, timeout)
    if world.poll_generation != mine:
        raise BotApiError(409, _POLL_CONFLICT)
    return world.deliverable_updates()[:limit]


async def set_webhook(world: World, p: Params) -> bool:
    url = p.string("url") or ""
    if url and not url.lower().startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    world.webhook = {
        "url": url,
        "secret_token": p.string("secret_token"),
        "allowed_updates": p.nested("allowed_updates"),
        "max_connections": p.integer("max_connections"),
    }
    if p.flag("drop_pending_updates"):
        world.updates.clear()
    return True


async def delete_webhook(world: World, p: Params) -> bool:
    world.webhook = {"url": ""}
    if p.flag("drop_pending_updates"):
        world.updates.clear()
    return True


async def get_webhook_info(world: World, p: Params) -> dict:
    info = {
        "url": world.webhook["url"],
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates),
    }
    if world.webhook.get("allowed_updates"):
        info["allowed_updates"] = world.webhook["allowed_updates"]
    if world.webhook.get("max_connections"):
        info["max_connections"] = world.webhook["max_connections"]
    return info


def _commands_key(p: Params) -> tuple[str, str]:
    scope = p.nested("scope", "bot command scope") or {"type": "default"}
    language = p.string("language_code") or ""
    if language and not (len(language) == 2 and language.isalpha()):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language


async def set_my_commands(world: World, p: Params) -> bool:
    commands = validate_commands(p.nested("commands", "commands"))
    key = _commands_key(p)
    if commands:
        world.commands[key] = commands
    else:
        world.commands.pop(key, None)
    return True


async def get_my_commands(world: World, p: Params) -> list[dict]:
    return world.commands.get(_commands_key(p), [])


async def delete_my_commands(world: World, p: Params) -> bool:
    world.commands.pop(_commands_key(p), None)
    return True


async def answer_callback_query(world: World, p: Params) -> bool:
    query_id = p.required_str("callback_query_id")
    if world.callback_answers.get(query_id, "gone") is not None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.string("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    world.callback_answers[query_id] = {
        "text": text,
        "show_alert": p.flag("show_alert"),
        "url": p.string("url"),
        "cache_time": p.integer("cache_time"),
    }
    await world.changed_now()
    return True


async def get_chat(world: World, p: Params) -> dict:
    chat = chat_for_bot(world, p)
    info = {
        **chat.to_api(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }
    pinned = [m for m in chat.messages.values() if m.pinned and not m.deleted]
    if pinned:
        info["pinned_message"] = pinned[-1].to_api(with_reply=False)
    return info


async def get_chat_administrators(world: World, p: Params) -> list[dict]:
    chat = chat_for_bot(world, p)
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    members = []
    if chat.creator is not None:
        members.append(chat_member_json(chat.creator, "creator"))
    members += [chat_member_json(user, "administrator") for user in chat.admins]
    if chat.bot_status == "administrator":
        members.append(chat_member_json(world.bot, "administrator"))
    return members


async def get_chat_member(world: World, p: Params) -> dict:
    chat = chat_for_bot(world, p)
    user_id = p.required_int("user_id")
    user = world.users.get(user_id)
    if user is None:
        raise bad_request("PARTICIPANT_ID_INVALID")
    if user.id == world.bot.id:
        return chat_member_json(user, chat.bot_status)
    if chat.type == "private":
        return chat_member_json(user, "member" if user.id == chat.id else "left")
    if chat.creator is not None and chat.creator.id == user.id:
        return chat_member_json(user, "creator")
    if any(admin.id == user.id for admin in chat.admins):
        return chat_member_json(user, "administrator")
    return chat_member_json(user, "member" if user.id in chat.members else "left")


async def get_file(world: World, p: Params) -> dict:
    stored = world.files.get(p.required_str("file_id"))
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


async def send_chat_action(world: World, p: Params) -> bool:
    chat_for_bot(world, p)
    if p.string("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


async def leave_chat(world: World, p: Params) -> bool:
    chat = chat_for_bot(world, p)
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    old, chat.bot_status = chat.bot_status, "left"
    world.my_chat_member(chat, world.bot, old, "left")
    await world.changed_now()
    return True


async def log_out(world: World, p: Params) -> bool:
    return True


BOT_METHODS = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "answerCallbackQuery": answer_callback_query,
    "getChat": get_chat,
    "getChatAdministrators": get_chat_administrators,
    "getChatMember": get_chat_member,
    "getFile": get_file,
    "sendChatAction": send_chat_action,
    "leaveChat": leave_chat,
    "logOut": log_out,
    "close": log_out,
}
