"""The courier on real parts: a real database (SQLite file, PostgreSQL when configured), a real
python-telegram-bot `Bot` talking HTTP to the Bot API double — whose fault injection makes
Telegram fail the way it sometimes does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from telegram import Bot

from bot.delivery.courier import DeliveryPolicy, OutboxCourier
from bot.delivery.kinds import DeliveryKinds
from bot.sandbox import BotApiDouble, ChatScenario
from storage import UnitOfWork
from tests.storage import conftest as storage

database = storage.database
engine = storage.engine
session_factory = storage.session_factory
uow_factory = storage.uow_factory

# Retries come quickly in tests; the order and the outcome are what is tested, not the wait.
QUICK = DeliveryPolicy(first_retry=0.01, longest_wait=0.05, max_attempts=5, poll_interval=0.5)


@dataclass
class Post:
    """A chat the bot writes in, and its outbox."""

    api: BotApiDouble
    group: ChatScenario
    chat_id: int
    uow: Callable[[], UnitOfWork]
    courier: OutboxCourier

    async def enqueue(self, kind: str, payload: dict, **options) -> int:
        async with self.uow() as uow:
            row = await uow.outbox.add(self.chat_id, None, kind, payload, **options)
            await uow.commit()
        self.courier.wake(uow.outbox.lanes_added)  # as the run service does
        return row.id

    async def message(self, text: str, **options) -> int:
        return await self.enqueue("message", {"text": text}, **options)

    async def status_of(self, row_id: int):
        async with self.uow() as uow:
            return await uow.outbox.get(row_id)

    def texts(self) -> list[str]:
        return [m.text for m in self.group.messages_from_bot]


@pytest.fixture
async def post(uow_factory) -> AsyncIterator[Post]:
    async with BotApiDouble() as api:
        group = api.group("Partnerschap Noord", bot_is_member=True)
        async with uow_factory() as uow:
            chat = await uow.chats.get_or_create(group.id, "Partnerschap Noord")
            await uow.commit()
        bot = Bot(api.token, base_url=api.base_url)
        await bot.initialize()

        async def no_runs(uow, run_id):
            raise AssertionError("these tests post no run's messages")

        kinds = DeliveryKinds(bot, no_runs, lambda outcome, template: "")
        courier = OutboxCourier(uow_factory, kinds.table(), policy=QUICK)
        courier.start()
        try:
            yield Post(api, group, chat.id, uow_factory, courier)
        finally:
            await courier.stop()
            await bot.shutdown()
