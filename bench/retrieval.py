"""`/samenvatting` and `/export` with many answers stored, on SQLite and PostgreSQL.

    python -m bench.retrieval 1000000 [postgresql+asyncpg://postgres@127.0.0.1:5432/test]

Prints one JSON line: per database, the median ms of the reads `/samenvatting` does (latest
card, the archive of runs with who took part) and of `/export … md` (the run's report built
and rendered), each with `answers` rows in the database. The chat asked about has 10 finished
runs of 5 outcome cards each; the other answers belong to other runs. PostgreSQL gets a fresh
schema, dropped afterwards; it is skipped (with the reason) when it does not answer.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import (
    KeptMarkdown,
    UnitOfWork,
    create_engine,
    create_session_factory,
    upgrade_database,
)
from storage.models import Answer, Run

ROUNDS = 15
RUNS_OF_CHAT = 10
ANSWERS_PER_RUN = 500
CHUNK = 20_000


async def _median_ms(call: Callable[[], Awaitable[object]]) -> float:
    await call()
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 3)


async def _seed(engine: AsyncEngine, answers: int) -> int:
    """Fill the database; return the Telegram id of the chat that asks."""
    from bench.synthesis import _card
    from bot.rendering import card_markdown, markdown_edition
    from flows.synthesis import synthesize

    flow, card, responses = _card()
    outcome = synthesize(flow, card, responses)
    data, card_text = outcome.to_dict(), "Kaartje 2. Uitkomsten\n" + "antwoord\n" * 40
    # Kept beside each card, as the bot keeps it when it makes a card.
    markdown = KeptMarkdown(card_markdown(outcome), markdown_edition())
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        chat = await uow.chats.get_or_create(-1, "Partnerschap Bench")
        partnership = await uow.chats.bind_to_partnership(chat, "Bench", "Regio Bench")
        other = await uow.chats.get_or_create(-2, "Elders")
        await uow.chats.bind_to_partnership(other, "Elders", "Regio Bench")
        member = await uow.members.upsert(1, "Lid1")
        await uow.commit()
    run_count = max(RUNS_OF_CHAT + 1, answers // ANSWERS_PER_RUN)
    began = datetime(2025, 1, 1, tzinfo=UTC)
    runs = [
        {
            "chat_id": chat.id if index < RUNS_OF_CHAT else other.id,
            "thread_key": 0,
            "flow_id": "kwaliteitskader",
            "flow_version": 1,
            "flow_hash": "bench",
            "scope": "partnership",
            "partnership_id": partnership.id if index < RUNS_OF_CHAT else other.partnership_id,
            "region_id": partnership.region_id,
            "status": "finished",
            "mode": "live",
            "state": {},
            "version": 1,
            "started_at": began + timedelta(hours=index),
        }
        for index in range(run_count)
    ]
    async with engine.begin() as connection:
        await connection.execute(insert(Run), runs)
        first_run = await connection.scalar(text("SELECT min(id) FROM runs"))
        for first in range(0, answers, CHUNK):
            rows = [
                {
                    "run_id": first_run + index // ANSWERS_PER_RUN % run_count,
                    "card_number": 1 + index % 5,
                    "question_id": "q",
                    "member_id": member.id,
                    "telegram_chat_id": -1,
                    "message_id": index,
                    "text": f"Antwoord {index} over de visie op opleiden",
                    "created_at": began,
                }
                for index in range(first, min(first + CHUNK, answers))
            ]
            await connection.execute(insert(Answer), rows)
    async with UnitOfWork(sessions) as uow:
        for run_id in range(first_run, first_run + RUNS_OF_CHAT):
            for number in range(1, 6):
                await uow.outcomes.save(
                    run_id,
                    chat.id,
                    partnership.id,
                    partnership.region_id,
                    "kwaliteitskader",
                    number,
                    f"Kaartje {number}",
                    data,
                    card_text,
                    markdown,
                )
        await uow.commit()
    return -1


async def _measure(engine: AsyncEngine, answers: int) -> dict[str, float | int]:
    from bot.exporting import build_report, render_report, runs_of_place
    from bot.handlers.summaries import read_summary

    telegram_chat_id = await _seed(engine, answers)
    sessions = create_session_factory(engine)

    async def summary() -> None:
        # What SummaryCommands.summary reads.
        async with UnitOfWork(sessions, read_only=True) as uow:
            found = await read_summary(uow, telegram_chat_id, None, (None, None))
        assert found.texts and len(found.runs) == RUNS_OF_CHAT

    async def export() -> None:
        # What SummaryCommands.export does for `/export md`, rendering included.
        async with UnitOfWork(sessions) as uow:
            chat = await uow.chats.get(telegram_chat_id)
            runs = [run for run in await runs_of_place(uow, chat) if run.chat_id == chat.id]
            report = await build_report(uow, runs[0].id, "nl", "md")
        render_report(report, "md")

    return {
        "answers": answers,
        "summary_ms": await _median_ms(summary),
        "export_md_ms": await _median_ms(export),
    }


async def on_sqlite(answers: int) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(directory) / 'retrieval.db'}")
        try:
            await upgrade_database(engine)
            return await _measure(engine, answers)
        finally:
            await engine.dispose()


async def on_postgresql(url: str, answers: int) -> dict:
    schema = f"samenbot_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, connect_args={"timeout": 5})
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # any failure to reach it means "not here"
        await admin.dispose()
        return {"skipped": f"PostgreSQL at {url} does not answer: {error}"[:200]}
    engine = create_engine(url, connect_args={"server_settings": {"search_path": schema}})
    try:
        await upgrade_database(engine)
        return await _measure(engine, answers)
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


async def measure(answers: int, postgres_url: str | None) -> dict:
    result = {"sqlite": await on_sqlite(answers)}
    if postgres_url:
        result["postgresql"] = await on_postgresql(postgres_url, answers)
    return result


def main() -> None:
    answers = max(5_000, min(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, 2_000_000))
    postgres_url = sys.argv[2] if len(sys.argv) > 2 else None
    print(json.dumps(asyncio.run(measure(answers, postgres_url))))


if __name__ == "__main__":
    main()
