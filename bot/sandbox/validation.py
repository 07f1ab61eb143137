"""Telegram's checks on reply markup, reactions and bot commands, with its error texts."""

from __future__ import annotations

import re

from bot.sandbox.errors import bad_request

__all__ = [
    "VALID_REACTION_EMOJI",
    "validate_commands",
    "validate_reaction",
    "validate_reply_markup",
]

# fmt: off
VALID_REACTION_EMOJI = frozenset({
    "👍", "👎", "❤", "🔥", "🥰", "👏", "😁", "🤔", "🤯", "😱", "🤬", "😢", "🎉", "🤩", "🤮",
    "💩", "🙏", "👌", "🕊", "🤡", "🥱", "🥴", "😍", "🐳", "❤‍🔥", "🌚", "🌭", "💯", "🤣", "⚡",
    "🍌", "🏆", "💔", "🤨", "😐", "🍓", "🍾", "💋", "🖕", "😈", "😴", "😭", "🤓", "👻",
    "👨‍💻", "👀", "🎃", "🙈", "😇", "😨", "🤝", "✍", "🤗", "🫡", "🎅", "🎄", "☃", "💅",
    "🤪", "🗿", "🆒", "💘", "🙉", "🦄", "😘", "💊", "🙊", "😎", "👾", "🤷‍♂", "🤷", "🤷‍♀",
    "😡",
})
# fmt: on

_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


def validate_reply_markup(markup: object) -> tuple[dict | None, dict | None]:
    """Split into (inline keyboard echoed on the message, client-side keyboard)."""
    if markup is None:
        return None, None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return _inline_keyboard(markup), None
    if markup.get("force_reply"):
        placeholder = markup.get("input_field_placeholder")
        if placeholder is not None and not 0 < len(placeholder) <= 64:
            raise bad_request("can't parse reply keyboard markup JSON object")
        return None, markup
    if "keyboard" in markup or markup.get("remove_keyboard"):
        return None, markup
    raise bad_request(
        "object expected as reply markup"
        if not markup
        else "can't parse reply keyboard markup JSON object"
    )


def _inline_keyboard(markup: dict) -> dict | None:
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            _inline_button(button)
    if not any(rows):
        return None  # an empty keyboard is no keyboard
    return {"inline_keyboard": rows}


def _inline_button(button: object) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not _URL.match(str(button["url"])):
        raise bad_request("BUTTON_URL_INVALID")


def validate_reaction(reaction: object) -> list[str]:
    """The emoji a bot sets: a list of at most one ReactionTypeEmoji of the standard set."""
    if reaction is None:
        return []
    if not isinstance(reaction, list):
        raise bad_request("can't parse reaction types JSON object")
    emoji = []
    for item in reaction:
        if not isinstance(item, dict) or item.get("type") != "emoji":
            raise bad_request("REACTION_INVALID")
        if item.get("emoji") not in VALID_REACTION_EMOJI:
            raise bad_request("REACTION_INVALID")
        emoji.append(item["emoji"])
    if len(emoji) > 1:
        raise bad_request("REACTIONS_TOO_MANY")
    return emoji


def validate_commands(commands: object) -> list[dict]:
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    cleaned = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand")
        name = str(item.get("command", ""))
        description = str(item.get("description", ""))
        if not _COMMAND_NAME.match(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description.strip()) <= 256:
            raise bad_request("command description must be non-empty")
        cleaned.append({"command": name, "description": description})
    return cleaned
