"""Reminder tests run on real databases (a SQLite file, and PostgreSQL when TEST_DATABASE_URL
is set) with the storage tests' fixtures, and on fakes for everything that talks to Telegram."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from telegram.error import NetworkError

from bot.conductor.places import Place
from bot.conductor.sending import ChatGone
from bot.reminders import ReminderDispatcher, schedule_milestones
from flows.catalog import Catalog, load_catalog
from flows.events import Event
from flows.peer_review import load_timeline, plan
from storage import UnitOfWork
from tests.storage import conftest as storage

# The storage tests' databases: a fresh SQLite file, and a PostgreSQL schema when configured.
database = storage.database
engine = storage.engine
session_factory = storage.session_factory
uow_factory = storage.uow_factory


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class FakeSender:
    """Records what would be sent; a chat can be gone, or Telegram briefly unreachable."""

    sent: list[tuple[Place, str]] = field(default_factory=list)
    gone: set[int] = field(default_factory=set)
    failures_left: int = 0
    calls: int = 0
    delivered: asyncio.Event = field(default_factory=asyncio.Event)

    async def html(self, place: Place, text: str, markup=None, *, reply_to=None) -> list:
        self.calls += 1
        if place.chat_id in self.gone:
            raise ChatGone(place.chat_id)
        if self.failures_left:
            self.failures_left -= 1
            raise NetworkError("Bad Gateway")
        self.sent.append((place, text))
        self.delivered.set()
        return []

    def texts(self) -> list[str]:
        return [text for _, text in self.sent]


@dataclass
class FakeRuns:
    """Stands in for the run service: remembers the events (the real one also stores what
    the run shows next, for the outbox)."""

    events: list[tuple[Place, Event, int | None]] = field(default_factory=list)

    async def handle(self, place: Place, event: Event, run_id: int | None = None):
        self.events.append((place, event, run_id))
        return ("applied", run_id)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))


@pytest.fixture
def sender() -> FakeSender:
    return FakeSender()


@pytest.fixture
def make_dispatcher(
    uow_factory: Callable[[], UnitOfWork], catalog: Catalog, clock: Clock, sender: FakeSender
) -> Callable[..., ReminderDispatcher]:
    """`make_dispatcher()`: a dispatcher on the test database; pass another uow/sender/worker."""
    timeline = load_timeline()

    def make(**overrides) -> ReminderDispatcher:
        arguments = {
            "unit_of_work": uow_factory,
            "sender": sender,
            "runs": FakeRuns(),
            "catalog": catalog,
            "timeline": timeline,
            "clock": clock,
            **overrides,
        }
        return ReminderDispatcher(**arguments)

    return make


@dataclass(frozen=True)
class BoundChat:
    chat_id: int
    telegram_chat_id: int
    partnership_id: int
    region_id: int
    members: dict[str, int]


@pytest.fixture
def bound_chat(uow_factory: Callable[[], UnitOfWork]) -> Callable[..., object]:
    """`await bound_chat(telegram_chat_id)`: a partnership group with Anna, Bram and Cees."""

    async def make(telegram_chat_id: int = -1001, partnership: str = "Partnerschap Noord"):
        async with uow_factory() as uow:
            chat = await uow.chats.get_or_create(telegram_chat_id, partnership)
            bound = await uow.chats.bind_to_partnership(chat, partnership, "Onderwijsregio Oost")
            members = {}
            for offset, name in enumerate(("Anna", "Bram", "Cees")):
                member = await uow.members.upsert(
                    abs(telegram_chat_id) * 10 + offset, name, None, None
                )
                await uow.members.seen_in_chat(member, chat)
                members[name] = member.id
            await uow.commit()
            return BoundChat(chat.id, telegram_chat_id, bound.id, bound.region_id, members)

    return make


@pytest.fixture
def plan_review(
    uow_factory: Callable[[], UnitOfWork],
) -> Callable[..., object]:
    """`await plan_review(chat, date(2027, 3, 1), now)`: what `/peerreview 2027-03-01` stores."""
    timeline = load_timeline()

    async def make(chat: BoundChat, visit, now: datetime, thread_id: int | None = None):
        async with uow_factory() as uow:
            review = await uow.peer_reviews.plan(
                chat.chat_id, chat.partnership_id, chat.region_id, visit, None
            )
            planned = plan(visit, now, timeline)
            await schedule_milestones(uow, review, planned, thread_id)
            await uow.commit()
            return review, planned

    return make
