"""The wired services of a running bot, made once by the composition root (`bot.app`).

Handlers are registered before the bot starts, but the database and the flows are opened in
PTB's `post_init`; handlers therefore hold the `Runtime` and read its services when an update
arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jinja2 import Environment
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.conductor.facilitators import AdminCache
from bot.conductor.outcomes import OutcomeWriter
from bot.conductor.runs import RunService
from bot.conductor.sending import Sender
from bot.delivery.courier import OutboxCourier
from bot.intake.processor import UpdateProcessor
from bot.reminders import ReminderDispatcher
from bot.settings import Settings
from flows.catalog import Catalog
from storage import UnitOfWork

__all__ = ["Runtime", "Services"]


@dataclass(frozen=True)
class Services:
    settings: Settings
    catalog: Catalog
    engine: AsyncEngine
    unit_of_work: Callable[[], UnitOfWork]
    runs: RunService
    courier: OutboxCourier
    sender: Sender
    admins: AdminCache
    outcomes: OutcomeWriter
    templates: Environment
    clock: Callable[[], datetime]
    bot_username: str
    reminders: ReminderDispatcher
    processor: UpdateProcessor


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: Settings
    clock: Callable[[], datetime] = utc_now
    _services: Services | None = field(default=None, repr=False)

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the bot has not finished starting")
        return self._services

    @property
    def started(self) -> bool:
        return self._services is not None

    def attach(self, services: Services) -> None:
        self._services = services
