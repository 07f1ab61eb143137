"""The situations the benchmarks measure, built from the real parts."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from telegram.ext import AIORateLimiter

from bot.app import build_application
from bot.lifecycle import running
from bot.runtime import Runtime
from bot.sandbox import BotApiDouble, FloodLimits
from bot.settings import load_settings
from flows.catalog import load_catalog
from flows.responses import Answer, Member, Responses
from flows.synthesis import synthesize
from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database

PHRASES = (
    "Een onderzoekende houding bij iedere leraar",
    "Leren van en met elkaar in de school",
    "Pedagogisch vakmanschap staat centraal",
    "Eigenaarschap over het eigen leren",
    "Samen opleiden versterkt de begeleiding van starters",
)


async def answer_burst(members, answers, measure, baseline_round_trips):
    logging.getLogger().setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as directory:
        async with BotApiDouble(flood_limits=FloodLimits.off()) as api:
            environ = {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}",
            }
            limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0)
            runtime = Runtime(load_settings(environ))
            application = build_application(runtime, rate_limiter=limiter)
            users = [api.user(f"Lid{index}") for index in range(members)]
            async with running(application, runtime):
                group = api.group("Partnerschap Bench")
                group.set_admins(users[0])
                await group.add_bot(by=users[0])
                await group.command(users[0], "/koppel Partnerschap Bench | Regio Bench")
                await group.command(users[0], "/gesprek visie-op-beroep kaart 2")
                question = await group.wait_for(
                    lambda: next((m for m in group.messages_from_bot if m.force_reply), None),
                    timeout=30,
                )
                sent = []

                async def replies() -> None:
                    for round_ in range(answers):
                        for index, user in enumerate(users):
                            text = PHRASES[(index + round_) % len(PHRASES)]
                            sent.append(await group.reply(user, question, text))
                    await group.wait_for(
                        lambda: all(message.reactions for message in sent), timeout=600
                    )

                subject = await measure("reply → stored → 👍", members * answers, replies)
            baseline = await measure(
                "bare HTTP round trip (getMe)", members * answers, lambda: baseline_round_trips(api)
            )
    return subject, baseline


async def storage_inserts(path: Path, count: int, measure):
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade_database(engine)
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        chat = await uow.chats.get_or_create(-1, "Bench")
        await uow.chats.bind_to_partnership(chat, "Bench", "Regio")
        member = await uow.members.upsert(1, "Anna")
        run = await uow.runs.start(
            chat_id=chat.id,
            thread_id=None,
            flow_id="visie-op-beroep",
            flow_version=1,
            flow_hash="bench",
            scope="partnership",
            partnership_id=chat.partnership_id,
            region_id=chat.region_id,
        )
        await uow.commit()

    async def inserts() -> None:
        for index in range(count):
            async with UnitOfWork(sessions) as uow:
                await uow.answers.store(
                    run.id, 2, "kernelementen", member.id, -1, index, "antwoord"
                )
                await uow.commit()

    try:
        return await measure("UnitOfWork + repository", count, inserts)
    finally:
        await engine.dispose()


def card_for_synthesis(members: int):
    flow = load_catalog().get("visie-op-beroep")
    card = flow.card(2)
    team = [Member(index, f"Lid{index}") for index in range(members)]
    answers = []
    for index, member in enumerate(team):
        lines = "\n".join(PHRASES[(index + k) % len(PHRASES)] for k in range(3))
        answers.append(Answer(2, "kernelementen", member, lines, key=index))
        answers.append(
            Answer(2, "inzichten", member, PHRASES[index % 5] + " blijkt nodig", index + 100)
        )
    return flow, card, Responses.of(answers), synthesize
