"""The composition root: the one place where samenbot's parts are made and wired.

Nothing is created at import time. The database engine, the flows and the services are built
in PTB's `post_init` (inside the running event loop) and disposed of in `post_shutdown`.
"""

from __future__ import annotations

import logging
from functools import partial

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeDefault,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, BaseRateLimiter, ContextTypes

from bot.commands import menu, shown_name
from bot.conductor.facilitators import AdminCache
from bot.conductor.outcomes import OutcomeWriter
from bot.conductor.recorder import EffectRecorder
from bot.conductor.runs import RunService
from bot.conductor.sending import ChatGone, Sender
from bot.delivery.courier import DeliveryPolicy, OutboxCourier
from bot.delivery.kinds import TALLY_SPACING, DeliveryKinds
from bot.delivery.rate_limits import MessageRateLimiter
from bot.handlers import build_handlers
from bot.handlers.answers import ReplyBatch
from bot.handlers.buttons import is_stale_query
from bot.handlers.common import chat_language, place_of
from bot.i18n import LANGUAGES, translator
from bot.intake.processor import UpdateProcessor
from bot.narrative import NarrativeWriter
from bot.reminders import ReminderDispatcher
from bot.runtime import Runtime, Services
from bot.templating import create_environment
from flows.catalog import Catalog, load_catalog
from flows.peer_review import load_timeline
from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database

__all__ = ["build_application", "file_base_url"]

log = logging.getLogger(__name__)


def file_base_url(api_base_url: str) -> str:
    """Telegram serves files under /file/bot<token>; a local Bot API server does the same."""
    root = api_base_url.removesuffix("/").removesuffix("/bot")
    return f"{root}/file/bot"


def build_application(
    runtime: Runtime,
    *,
    catalog: Catalog | None = None,
    rate_limiter: BaseRateLimiter | None = None,
    tally_delay: float = 1.5,
    tally_spacing: float = TALLY_SPACING,
    delivery: DeliveryPolicy | None = None,
) -> Application:
    """A PTB application wired to samenbot's services; run it with `bot.lifecycle.running`.

    It has no PTB Updater: updates come in through `bot.intake` (kept in the database before
    Telegram may forget them) and are handed to the handlers by the update processor. The
    services are made when the application starts and are then reachable through
    `runtime.services` (tests use that to run a reminder pass at a moment of their choosing).
    """
    settings = runtime.settings
    application = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .rate_limiter(rate_limiter or MessageRateLimiter())
        .updater(None)
        .post_init(
            partial(_start_services, runtime, catalog, (tally_delay, tally_spacing), delivery)
        )
        .post_stop(partial(_stop_dispatcher, runtime))
        .post_shutdown(partial(_stop_services, runtime))
        .build()
    )
    for handler in build_handlers(runtime):
        application.add_handler(handler)
    application.add_error_handler(_error_handler(runtime))
    return application


async def _start_services(
    runtime: Runtime,
    catalog: Catalog | None,
    tally_timing: tuple[float, float],
    delivery: DeliveryPolicy | None,
    application: Application,
) -> None:
    tally_delay, tally_spacing = tally_timing
    settings = runtime.settings
    catalog = catalog or load_catalog(settings.flows_path)
    engine = create_engine(settings.database_url)
    await upgrade_database(engine)
    sessions = create_session_factory(engine)

    def unit_of_work(*, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(sessions, read_only=read_only)

    # Several instances share the work only on PostgreSQL (SQLite serves one process).
    shared = engine.dialect.name != "sqlite"

    templates = create_environment(settings.flows_path)
    bot = application.bot
    sender = Sender(bot, unit_of_work)
    outcomes = OutcomeWriter(templates, settings.bot_language)
    recorder = EffectRecorder(outcomes.render, tally_delay=tally_delay, tz=settings.timezone)
    runs = RunService(
        unit_of_work, catalog, outcomes, recorder, runtime.clock, settings.bot_language
    )
    narrative = None
    if settings.llm_base_url and settings.llm_model:
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        narrative = NarrativeWriter(settings.llm_base_url, settings.llm_model, key)
    kinds = DeliveryKinds(
        bot,
        runs.view,
        outcomes.rendered,
        narrative,
        settings.bot_language,
        tally_spacing=tally_spacing,
    )
    courier = OutboxCourier(
        unit_of_work,
        kinds.table(),
        policy=delivery,
        on_chat_closed=sender.closed,
        shared=shared,
    )
    runs.notify = courier.wake
    reminders = ReminderDispatcher(
        unit_of_work,
        sender,
        runs,
        catalog,
        load_timeline(settings.peer_review_timeline),
        runtime.clock,
        tz=settings.timezone,
        language=settings.bot_language,
    )
    processor = UpdateProcessor(
        application, unit_of_work, shared=shared, batch=ReplyBatch(application)
    )
    runtime.attach(
        Services(
            settings=settings,
            catalog=catalog,
            engine=engine,
            unit_of_work=unit_of_work,
            runs=runs,
            courier=courier,
            sender=sender,
            admins=AdminCache(bot),
            outcomes=outcomes,
            templates=templates,
            clock=runtime.clock,
            bot_username=bot.username or "",
            reminders=reminders,
            processor=processor,
        )
    )
    # Whatever was decided before a crash and not yet shown goes out now, before anything new.
    courier.start()
    reminders.start()
    await _register_commands(application)
    processor.start()
    log.info("samenbot ready: %d flows, database %s", len(catalog), engine.url.render_as_string())


async def _register_commands(application: Application) -> None:
    """Members see their commands in the menu; group admins (who steer) see every command.
    Each list in Dutch and English, the English one with the English command names; without
    a language, Dutch."""
    scopes = ((BotCommandScopeDefault(), False), (BotCommandScopeAllChatAdministrators(), True))
    for scope, facilitator in scopes:
        for language in (*LANGUAGES, None):
            t = translator(language or LANGUAGES[0])
            commands = [
                BotCommand(shown_name(name, t.language), t.plain(f"command.{name}"))
                for name in menu(facilitator=facilitator)
            ]
            await application.bot.set_my_commands(commands, scope=scope, language_code=language)


async def _stop_dispatcher(runtime: Runtime, application: Application) -> None:
    """Stop taking on work while the bot can still finish what it is doing; what is left
    stays stored (kept updates, the outbox, reminders) for the next start."""
    if runtime.started:
        await runtime.services.processor.stop()
        await runtime.services.reminders.stop()
        await runtime.services.courier.stop()


async def _stop_services(runtime: Runtime, application: Application) -> None:
    if not runtime.started:
        return
    await _stop_dispatcher(runtime, application)
    await runtime.services.engine.dispose()


def _error_handler(runtime: Runtime):
    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log with the traceback; tell the member briefly, never with the traceback."""
        if isinstance(context.error, BadRequest) and is_stale_query(context.error):
            log.info("a button press was too old to answer: %s", context.error.message)
            return
        log.error("error while handling an update", exc_info=context.error)
        if not (runtime.started and isinstance(update, Update) and update.effective_message):
            return
        message = update.effective_message
        services = runtime.services
        try:
            # In the chat's own language; sent directly, not through the outbox: whatever
            # failed may be the database itself.
            t = await chat_language(services, message.chat_id)
        except Exception:
            t = translator(services.settings.bot_language)
        try:
            await services.sender.html(
                place_of(message), t("error.generic"), reply_to=message.message_id
            )
        except (TelegramError, ChatGone):
            log.warning("could not tell chat %s about the error", message.chat_id)

    return on_error
