"""The action ledger in the bot: items recorded from outcome cards, their reminders, and how
they read in a chat. `bot/handlers/actions.py` holds /acties and its buttons."""

from bot.ledger.recording import ledger_of_chat, record_actions
from bot.ledger.reminders import (
    LEDGER_REMINDERS,
    deliver_ledger_reminder,
    open_actions_text,
    schedule_for_item,
)

__all__ = [
    "LEDGER_REMINDERS",
    "deliver_ledger_reminder",
    "ledger_of_chat",
    "open_actions_text",
    "record_actions",
    "schedule_for_item",
]
