"""The update processor on a real database: every kept update is handled once, in order per
chat, and one whose handling failed is tried again."""

from __future__ import annotations

import asyncio
from collections import Counter

from telegram import Update

from bot.intake.processor import Batch, UpdateProcessor
from storage.repositories.inbox import InboxRepository
from tests.storage import conftest as storage

database = storage.database
engine = storage.engine
session_factory = storage.session_factory
uow_factory = storage.uow_factory


def message_update(update_id: int, chat_id: int, text: str) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_790_000_000,
            "chat": {"id": chat_id, "type": "group", "title": f"Groep {chat_id}"},
            "from": {"id": 7, "is_bot": False, "first_name": "Anna"},
            "text": text,
        },
    }


class RecordingApplication:
    """What the processor needs of python-telegram-bot's Application: `bot` and
    `process_update`. Records the updates handed over; `fail_once` makes the first handling of
    those update ids raise, as a database that is briefly unavailable would."""

    bot = None

    def __init__(self, *, fail_once: set[int] = frozenset(), wakes: bool = True) -> None:
        self._wakes = wakes
        self.handled: list[tuple[int, str]] = []
        self.attempts: Counter[int] = Counter()
        self._fail_once = set(fail_once)
        self.processor: UpdateProcessor | None = None

    async def process_update(self, update: Update) -> None:
        self.attempts[update.update_id] += 1
        # Every handling lets the processor look for updates again meanwhile: a scan that
        # overlaps a handling must not schedule that update a second time.
        if self._wakes:
            self.processor.wake()
        if update.update_id in self._fail_once:
            self._fail_once.discard(update.update_id)
            raise RuntimeError("the database is briefly unavailable")
        self.handled.append((update.effective_chat.id, update.message.text))


async def keep(uow_factory, *updates: dict) -> None:
    async with uow_factory() as uow:
        await uow.inbox.keep(updates)
        await uow.commit()


async def run_until_idle(
    uow_factory,
    application: RecordingApplication,
    batch: Batch | None = None,
    *,
    scan: int = 500,
) -> None:
    processor = UpdateProcessor(application, uow_factory, shared=False, batch=batch, scan_size=scan)
    processor.poll_interval = 60.0  # no pass comes by itself: each must be asked for
    application.processor = processor
    processor.start()
    try:
        processor.wake()
        await processor.wait_until_idle(timeout=30)
    finally:
        await processor.stop()


async def test_every_kept_update_is_handled_once_in_order_per_chat(uow_factory):
    updates = [
        message_update(update_id, chat_id=-100 - update_id % 3, text=f"antwoord {update_id}")
        for update_id in range(1, 61)
    ]
    await keep(uow_factory, *updates)
    application = RecordingApplication()

    await run_until_idle(uow_factory, application)

    assert set(application.attempts.values()) == {1}
    assert len(application.handled) == 60
    for chat_id in (-100, -101, -102):
        texts = [text for chat, text in application.handled if chat == chat_id]
        assert texts == [f"antwoord {u}" for u in range(1, 61) if -100 - u % 3 == chat_id]
    async with uow_factory(read_only=True) as uow:
        assert await uow.inbox.unhandled_ids() == []


async def test_updates_handed_over_as_they_were_kept_are_not_read_back(uow_factory, monkeypatch):
    read_back: list[int] = []
    original = InboxRepository.payloads

    async def payloads(self, update_ids):
        read_back.extend(update_ids)
        return await original(self, update_ids)

    monkeypatch.setattr(InboxRepository, "payloads", payloads)
    earlier = message_update(1, -100, "bewaard voor de start")
    await keep(uow_factory, earlier)
    fresh = [message_update(n, -100 - n % 2, f"antwoord {n}") for n in range(2, 8)]
    await keep(uow_factory, *fresh)
    application = RecordingApplication(wakes=False)
    processor = UpdateProcessor(application, uow_factory, shared=False)
    processor.poll_interval = 60.0
    application.processor = processor
    processor.start()
    try:
        processor.arrived(fresh)
        await processor.wait_until_idle(timeout=30)
    finally:
        await processor.stop()

    assert sorted(application.attempts) == list(range(1, 8))
    assert read_back == [1], "only the update kept before the processor was told is read back"


async def test_an_update_whose_handling_failed_is_tried_again_and_then_handled(uow_factory):
    await keep(
        uow_factory,
        message_update(1, -100, "eerste"),
        message_update(2, -100, "tweede"),
    )
    application = RecordingApplication(fail_once={1})

    await run_until_idle(uow_factory, application)

    assert application.attempts == {1: 2, 2: 1}
    assert sorted(text for _, text in application.handled) == ["eerste", "tweede"]
    async with uow_factory(read_only=True) as uow:
        assert await uow.inbox.unhandled_ids() == []


class AnswersTogether:
    """A batch taking the messages that start with "antwoord"; it leaves those saying
    "(later)" to be handled one by one, and fails altogether when told to."""

    def __init__(self, uow_factory, *, failing: bool = False) -> None:
        self._uow = uow_factory
        self._failing = failing
        self.taken_together: list[list[str]] = []
        self.took = asyncio.Event()

    def accepts(self, update: Update) -> bool:
        return update.message.text.startswith("antwoord")

    async def handle(self, updates) -> set[int]:
        if self._failing:
            raise RuntimeError("the database is briefly unavailable")
        self.taken_together.append([update.message.text for update in updates])
        taken = {u.update_id for u in updates if "(later)" not in u.message.text}
        async with self._uow() as uow:
            await uow.inbox.mark_all_handled(list(taken))
            await uow.commit()
        self.took.set()
        return taken


async def test_waiting_answers_are_taken_together_and_the_rest_keeps_its_turn(uow_factory):
    texts = ["antwoord 1", "antwoord 2 (later)", "antwoord 3", "/volgende", "antwoord 4"]
    await keep(
        uow_factory,
        *(message_update(update_id, -100, text) for update_id, text in enumerate(texts, 1)),
    )
    application = RecordingApplication()
    together = AnswersTogether(uow_factory)

    await run_until_idle(uow_factory, application, together)

    assert together.taken_together == [["antwoord 1", "antwoord 2 (later)", "antwoord 3"]]
    # What the batch left comes before what followed it; one answer alone goes the usual way.
    assert [text for _, text in application.handled] == [
        "antwoord 2 (later)",
        "/volgende",
        "antwoord 4",
    ]
    async with uow_factory(read_only=True) as uow:
        assert await uow.inbox.unhandled_ids() == []


async def test_answers_waiting_in_many_chats_are_taken_together_each_chat_in_order(uow_factory):
    chats = [-100 - n for n in range(6)]
    updates = [
        message_update(update_id, chats[update_id % 6], f"antwoord {update_id}")
        for update_id in range(1, 31)
    ]
    updates.append(message_update(31, chats[1], "/volgende"))
    await keep(uow_factory, *updates)
    application = RecordingApplication()
    together = AnswersTogether(uow_factory)

    await run_until_idle(uow_factory, application, together)

    taken = [text for batch in together.taken_together for text in batch]
    assert sorted(taken) == sorted(f"antwoord {n}" for n in range(1, 31))
    assert len(together.taken_together) < len(chats), "chats' answers share a batch"
    for chat in chats:
        in_chat = [int(t.split()[1]) for t in taken if chats[int(t.split()[1]) % 6] == chat]
        assert in_chat == sorted(in_chat)
    assert [text for _, text in application.handled] == ["/volgende"]
    async with uow_factory(read_only=True) as uow:
        assert await uow.inbox.unhandled_ids() == []


async def test_when_taking_answers_together_fails_each_is_handled_on_its_own(uow_factory):
    texts = ["antwoord 1", "antwoord 2", "antwoord 3"]
    await keep(
        uow_factory,
        *(message_update(update_id, -100, text) for update_id, text in enumerate(texts, 1)),
    )
    application = RecordingApplication()

    await run_until_idle(uow_factory, application, AnswersTogether(uow_factory, failing=True))

    assert [text for _, text in application.handled] == texts
    assert set(application.attempts.values()) == {1}


async def test_a_backlog_longer_than_one_scan_is_worked_off_without_waiting(uow_factory):
    await keep(
        uow_factory,
        *(
            message_update(update_id, -100 - update_id % 2, f"antwoord {update_id}")
            for update_id in range(1, 13)
        ),
    )
    application = RecordingApplication(wakes=False)

    await run_until_idle(uow_factory, application, scan=5)

    assert sorted(application.attempts) == list(range(1, 13))
    assert set(application.attempts.values()) == {1}


class WaitingOnTelegram(RecordingApplication):
    """An `/export` that waits for Telegram (sending a document) until `answered` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.answered = asyncio.Event()

    async def process_update(self, update: Update) -> None:
        if update.message.text == "/export":
            await self.answered.wait()
        await super().process_update(update)


async def test_commands_waiting_on_telegram_hold_up_no_other_chats_answers(uow_factory):
    exports = [message_update(n, -100 - n, "/export") for n in range(1, 9)]
    answers = [message_update(n, -200, f"antwoord {n}") for n in (9, 10)]
    await keep(uow_factory, *exports, *answers)
    application = WaitingOnTelegram()
    together = AnswersTogether(uow_factory)
    processor = UpdateProcessor(application, uow_factory, shared=False, batch=together)
    application.processor = processor
    processor.start()
    try:
        processor.wake()
        # Eight chats wait on Telegram (more than there are turns); the ninth answers.
        await asyncio.wait_for(together.took.wait(), timeout=10)
        assert together.taken_together == [["antwoord 9", "antwoord 10"]]
        application.answered.set()
        await processor.wait_until_idle(timeout=30)
    finally:
        application.answered.set()
        await processor.stop()
    assert len(application.handled) == 8
