"""The floor: the least a python-telegram-bot bot does for an answer, run as its own process.

    TELEGRAM_BOT_TOKEN=… TELEGRAM_API_BASE_URL=http://127.0.0.1:…/bot python -m bench.floor

A minimal echo bot, as PTB's examples write one: polling, a 👍 on every text message, and a
question (a ForceReply message, as samenbot posts) for `/gesprek` and `/volgende`: with
privacy mode on, group members' answers reach a bot as replies to its own message. No
database, no rate limiter: a question refused with 429 is sent again after `retry_after`.
The benchmarks run it against the same Bot API double as samenbot, so whatever samenbot
costs beyond this is samenbot's own.
"""

from __future__ import annotations

import asyncio
import logging
import os

from telegram import ForceReply, Update
from telegram.error import RetryAfter
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters


async def acknowledge(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.set_reaction("👍")


async def ask(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    for _ in range(20):
        try:
            await update.effective_message.reply_text(
                "Kaart 2 · vraag 1/5", reply_markup=ForceReply()
            )
            return
        except RetryAfter as error:
            wait = error.retry_after  # seconds, or a timedelta in newer PTB versions
            await asyncio.sleep(wait.total_seconds() if hasattr(wait, "total_seconds") else wait)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .build()
    )
    application.add_handler(CommandHandler(["gesprek", "volgende"], ask))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, acknowledge))
    application.run_polling(poll_interval=0.0, timeout=10, allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
