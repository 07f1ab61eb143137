"""A strict local stand-in for the Telegram Bot API (tests, benchmarks, ``samenbot demo``).

Start with ``BotApiDouble`` (see ``bot/sandbox/double.py``); ``validate_telegram_html`` is
Telegram's HTML check on its own, for rendering tests.
"""

from bot.sandbox.double import BotApiDouble
from bot.sandbox.errors import BotApiError
from bot.sandbox.faults import Fault, Faults
from bot.sandbox.html_entities import (
    ParsedText,
    ParseEntitiesError,
    parse_telegram_html,
    utf16_len,
    validate_telegram_html,
)
from bot.sandbox.limits import FloodLimits
from bot.sandbox.models import ApiCall, Chat, Message, StoredFile, User
from bot.sandbox.scenario import ChatScenario
from bot.sandbox.validation import VALID_REACTION_EMOJI

__all__ = [
    "VALID_REACTION_EMOJI",
    "ApiCall",
    "BotApiDouble",
    "BotApiError",
    "Chat",
    "ChatScenario",
    "Fault",
    "Faults",
    "FloodLimits",
    "Message",
    "ParseEntitiesError",
    "ParsedText",
    "StoredFile",
    "User",
    "parse_telegram_html",
    "utf16_len",
    "validate_telegram_html",
]
