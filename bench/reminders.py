"""What a reminder claim costs with few and with many reminders pending (SQLite).

    python -m bench.reminders 1000 100000      # one JSON line: {"1000": ms, "100000": ms}

Each size gets a fresh database file with that many pending reminders (all due, oldest
first); then claims of 50 are timed, each in its own unit of work as the dispatcher does,
taking turns between the sizes so that a busy machine slows both alike; the median is
reported. Nothing here talks to the network.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database
from storage.models import Reminder

ROUNDS = 15
START = datetime(2026, 1, 1, tzinfo=UTC)


async def _filled(pending: int, directory: Path):
    engine = create_engine(f"sqlite+aiosqlite:///{directory / f'reminders-{pending}.db'}")
    await upgrade_database(engine)
    sessions = create_session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        chat = await uow.chats.get_or_create(-1, "Bench")
        await uow.commit()
    rows = [
        {
            "chat_id": chat.id,
            "kind": "milestone",
            "key": f"k{index}",
            "due_at": START + timedelta(seconds=index),
            "status": "pending",
            "payload": {},
            "attempts": 0,
        }
        for index in range(pending)
    ]
    async with engine.begin() as connection:
        for first in range(0, pending, 10_000):
            await connection.execute(insert(Reminder), rows[first : first + 10_000])
    return engine, sessions


async def _claim_ms(sessions, pending: int, worker: str) -> float:
    now = START + timedelta(seconds=pending + 1)
    started = time.perf_counter()
    async with UnitOfWork(sessions) as uow:
        claimed = await uow.reminders.claim_due(now, worker)
        await uow.commit()
    assert len(claimed) == min(50, pending)
    return (time.perf_counter() - started) * 1000


async def measure(sizes: list[int]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        filled = [(size, *await _filled(size, Path(directory))) for size in sizes]
        times: dict[int, list[float]] = {size: [] for size in sizes}
        try:
            for round_ in range(ROUNDS + 1):
                for size, _engine, sessions in filled:
                    elapsed = await _claim_ms(sessions, size, f"bench-{round_}")
                    if round_:  # the first claim warms the caches
                        times[size].append(elapsed)
        finally:
            for _size, engine, _sessions in filled:
                await engine.dispose()
    return {str(size): round(statistics.median(times[size]), 3) for size in sizes}


def main() -> None:
    sizes = [max(50, min(int(arg), 1_000_000)) for arg in sys.argv[1:]] or [1_000, 100_000]
    print(json.dumps(asyncio.run(measure(sizes))))


if __name__ == "__main__":
    main()
