"""`python -m bench` — samenbot's costs next to a baseline, measured in one run."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.scenarios import answer_burst, card_for_synthesis, storage_inserts


@dataclass
class Measurement:
    name: str
    seconds: float
    peak_kib: float
    count: int


async def measure(name: str, count: int, run: Callable[[], Awaitable[None]]) -> Measurement:
    tracemalloc.start()
    started = time.perf_counter()
    await run()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Measurement(name, seconds, peak / 1024, count)


def report(title: str, subject: Measurement, baseline: Measurement) -> None:
    per = subject.seconds / max(subject.count, 1) * 1000
    base_per = baseline.seconds / max(baseline.count, 1) * 1000
    ratio = subject.seconds / baseline.seconds if baseline.seconds else float("inf")
    print(f"\n{title}")
    for m, each in ((subject, per), (baseline, base_per)):
        print(
            f"  {m.name:<34} {m.count:>6} × {each:8.3f} ms = {m.seconds:7.3f} s"
            f"   peak {m.peak_kib:9.1f} KiB"
        )
    print(f"  ratio {ratio:.1f}× the baseline")


async def bench_answers(members: int, answers: int) -> None:
    async def baseline_round_trips(api) -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(members * answers):
                async with session.post(f"{api.base_url}{api.token}/getMe") as response:
                    await response.read()

    subject, baseline = await answer_burst(members, answers, measure, baseline_round_trips)
    report("answers: replies through the whole bot", subject, baseline)


async def bench_storage(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        subject = await storage_inserts(Path(directory) / "samenbot.db", count, measure)

        async def plain_sqlite() -> None:
            connection = sqlite3.connect(Path(directory) / "plain.db")
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE answers (chat INTEGER, message INTEGER, text TEXT)")
            for index in range(count):
                connection.execute("INSERT INTO answers VALUES (?, ?, ?)", (-1, index, "antwoord"))
                connection.commit()
            connection.close()

        baseline = await measure("plain sqlite3, commit each", count, plain_sqlite)
    report("storage: one answer per unit of work", subject, baseline)


async def bench_synthesis(members: int) -> None:
    flow, card, responses, synthesize = card_for_synthesis(members)

    async def synthesis() -> None:
        for _ in range(10):
            synthesize(flow, card, responses)

    async def exact_grouping() -> None:
        for _ in range(10):
            groups: dict[str, list[str]] = defaultdict(list)
            for answer in responses.answers:
                groups[answer.text.lower()].append(answer.member.first_name)

    subject = await measure("synthesize (×10)", 10, synthesis)
    baseline = await measure("group by exact text (×10)", 10, exact_grouping)
    report(f"synthesis: outcome card of {members} members", subject, baseline)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--answers", type=int, default=3)
    parser.add_argument("--only", choices=("answers", "storage", "synthesis"))
    args = parser.parse_args()
    members = max(1, min(args.members, 200))
    answers = max(1, min(args.answers, 20))
    if args.only in (None, "answers"):
        asyncio.run(bench_answers(members, answers))
    if args.only in (None, "storage"):
        asyncio.run(bench_storage(members * answers * 2))
    if args.only in (None, "synthesis"):
        asyncio.run(bench_synthesis(12))


if __name__ == "__main__":
    main()
