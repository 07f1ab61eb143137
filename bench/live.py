"""The bot as a group meets it: the real `samenbot run` process and the floor (bench/floor.py),
each in its own process, against the Bot API double at Telegram's limits over loopback.

For each bot, in one run: a busy group (30 members answer at once, then the facilitator sends
`/volgende`), then ingest (N answers over C groups, injected at once, each timed from the
moment it reaches the double to its 👍), with the process's CPU time over the ingest. For
samenbot also its RSS with 1,000 active runs. samenbot runs with its production rate limiter
(`bot.app.build_application`'s default); the double refuses what Telegram would (`FloodLimits`).

Every wait here has a deadline; the processes are stopped (SIGTERM, then SIGKILL) however a
measurement ends. Nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bot.sandbox import BotApiDouble, ChatScenario, FloodLimits, User
from bot.sandbox import server as double_server
from bot.sandbox.access import chat_for_bot
from bot.sandbox.models import Message

PHRASES = (
    "Een onderzoekende houding bij iedere leraar",
    "Leren van en met elkaar in de school",
    "Pedagogisch vakmanschap staat centraal",
    "Eigenaarschap over het eigen leren",
    "Samen opleiden versterkt de begeleiding van starters",
)
FLOW_START = "/gesprek visie-op-beroep kaart 2"
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


class ReactionClock:
    """The moment the double set a reaction on each message (perf_counter)."""

    def __init__(self) -> None:
        self.stamps: dict[tuple[int, int], float] = {}
        self._waiting: tuple[int, asyncio.Event] | None = None

    @contextlib.contextmanager
    def installed(self) -> Iterator[ReactionClock]:
        key = "setmessagereaction"
        name, original = double_server._METHODS[key]

        async def timed(world, params):
            result = await original(world, params)
            chat = chat_for_bot(world, params)
            self.stamps.setdefault((chat.id, params.integer("message_id")), time.perf_counter())
            if self._waiting and len(self.stamps) >= self._waiting[0]:
                self._waiting[1].set()
            return result

        double_server._METHODS[key] = (name, timed)
        try:
            yield self
        finally:
            double_server._METHODS[key] = (name, original)

    async def wait_for(self, count: int, timeout: float) -> None:  # noqa: ASYNC109
        event = asyncio.Event()
        self._waiting = (count, event)
        if len(self.stamps) >= count:
            event.set()
        try:
            await asyncio.wait_for(event.wait(), timeout)
        finally:
            self._waiting = None


class BotProcess:
    """A bot in a process of its own, with its CPU time and memory read from /proc."""

    def __init__(self, argv: list[str], environ: dict[str, str], log: Path) -> None:
        self.argv, self.environ, self.log = argv, environ, log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> BotProcess:
        self.process = subprocess.Popen(
            self.argv,
            env=self.environ,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parent.parent,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def profile(self, output: str | None) -> subprocess.Popen | None:
        """`BENCH_PROFILE=/tmp/ingest.txt`: py-spy samples the bot during the ingest (collapsed
        stacks, for a flame graph or `sort | uniq`). py-spy's own CPU is not the bot's."""
        if not output:
            return None
        spy = Path(sys.executable).with_name("py-spy")
        return subprocess.Popen(
            [
                str(spy),
                "record",
                "--pid",
                str(self.process.pid),
                "--format",
                "raw",
                "--output",
                output,
                "--rate",
                "200",
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime

    def rss_mib(self) -> float:
        pages = int(Path(f"/proc/{self.process.pid}/statm").read_text().split()[1])
        return round(pages * _PAGE / 2**20, 1)

    def alive(self) -> None:
        if self.process.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{self.argv} exited with {self.process.returncode}:\n{tail}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


class Bench:
    """One bot under measurement: `samenbot` (the real process) or `floor`."""

    def __init__(self, kind: str, api: BotApiDouble, workdir: Path, clock: ReactionClock):
        self.kind, self.api, self.workdir, self.clock = kind, api, workdir, clock
        self.facilitator = api.user("Facilitator")
        self.members = [api.user(f"Lid{index}") for index in range(30)]
        self.database = workdir / "samenbot.db"
        environ = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "LOG_LEVEL": "WARNING",
        }
        if kind == "samenbot":
            environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{self.database}"
            argv = [sys.executable, "-m", "bot", "run"]
        else:
            argv = [sys.executable, "-m", "bench.floor"]
        self.process = BotProcess(argv, environ, workdir / f"{kind}.log")

    async def open_group(self, title: str, timeout: float) -> tuple[ChatScenario, Message]:  # noqa: ASYNC109
        """A group with the bot in it, bound (samenbot) and at its first open question."""
        group = self.api.group(title)
        group.set_admins(self.facilitator)
        await group.add_bot(by=self.facilitator)
        if self.kind == "samenbot":
            await group.command(self.facilitator, f"/koppel {title} | Regio Bench")
        await group.command(self.facilitator, FLOW_START)
        question = await group.wait_for(
            lambda: next((m for m in group.messages_from_bot if m.force_reply), None),
            timeout=timeout,
            waiting_for="the first question",
        )
        return group, question

    async def answer(self, group: ChatScenario, question: Message, user: User, text: str):
        return await group.reply(user, question, text)

    async def ready(self, timeout: float) -> None:  # noqa: ASYNC109
        deadline = time.monotonic() + timeout
        while not self.api.calls_to("getUpdates"):
            self.process.alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.kind} never asked for updates")
            await asyncio.sleep(0.05)

    async def busy_group(self, timeout: float) -> dict:  # noqa: ASYNC109
        group, question = await self.open_group("Drukke Groep", timeout)
        await asyncio.sleep(1.0)  # what the start posted has gone out
        started = time.perf_counter()
        sent = [
            await self.answer(group, question, member, PHRASES[index % len(PHRASES)])
            for index, member in enumerate(self.members)
        ]
        asked = time.perf_counter()
        command = await group.command(self.facilitator, "/volgende")
        await group.wait_for(
            lambda: next(
                (
                    m
                    for m in group.messages_from_bot
                    if m.message_id > command.message_id and m.force_reply
                ),
                None,
            ),
            timeout=timeout,
            waiting_for="the next question",
        )
        next_question = time.perf_counter() - asked
        keys = [(group.id, message.message_id) for message in sent]
        deadline = time.monotonic() + timeout
        while not all(key in self.clock.stamps for key in keys):
            if time.monotonic() > deadline:
                raise TimeoutError("not every answer of the busy group got its 👍")
            await asyncio.sleep(0.01)
        last = max(self.clock.stamps[key] for key in keys) - started
        return {
            "members": len(sent),
            "last_ack_s": round(last, 3),
            "next_question_s": round(next_question, 3),
        }

    async def ingest(self, answers: int, groups: int, timeout: float) -> dict:  # noqa: ASYNC109
        opened = await asyncio.gather(
            *(self.open_group(f"Partnerschap {index}", timeout) for index in range(groups))
        )
        self.opened = opened
        await asyncio.sleep(2.0)  # the start's messages have gone out; the bot is idle
        already = len(self.clock.stamps)
        profiler = self.process.profile(
            os.environ.get("BENCH_PROFILE") if self.kind == "samenbot" else None
        )
        cpu_before = self.process.cpu_seconds()
        injected: dict[tuple[int, int], float] = {}
        first = time.perf_counter()
        for index in range(answers):
            group, question = opened[index % groups]
            member = self.members[(index // groups) % len(self.members)]
            text = f"{PHRASES[index % len(PHRASES)]} ({index})"
            message = await self.answer(group, question, member, text)
            injected[(group.id, message.message_id)] = time.perf_counter()
            if index % 25 == 24:
                await asyncio.sleep(0)  # let the double answer the bot's long poll
        await self.clock.wait_for(already + answers, timeout)
        cpu = self.process.cpu_seconds() - cpu_before
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)  # py-spy writes its profile on SIGINT
            profiler.wait(timeout=60)
        latencies = [self.clock.stamps[key] - at for key, at in injected.items()]
        last = max(self.clock.stamps[key] for key in injected)
        return {
            "answers": answers,
            "groups": groups,
            "per_second": round(answers / (last - first), 1),
            "p50_ms": _ms(_percentile(latencies, 0.50)),
            "p95_ms": _ms(_percentile(latencies, 0.95)),
            "p99_ms": _ms(_percentile(latencies, 0.99)),
            "mean_ms": _ms(statistics.fmean(latencies)),
            "cpu_ms_per_answer": round(cpu * 1000 / answers, 2),
        }

    async def rss_with_runs(self, runs: int, timeout: float) -> dict:  # noqa: ASYNC109
        """Bring the number of active runs to `runs` and let each take an answer.

        Starting 1,000 runs through the chat would take minutes at Telegram's 30 messages a
        second; instead each extra group gets a copy of an ingest group's run and question
        (rows copied in the bot's database, the question posted in the double), then one member
        answers in every group, so the bot has handled every run."""
        template_group, template_question = self.opened[0]
        before = self.process.rss_mib()
        with sqlite3.connect(self.database, timeout=30) as db:
            db.row_factory = sqlite3.Row
            (active,) = db.execute(
                "SELECT count(*) FROM runs WHERE status IN ('active', 'paused')"
            ).fetchone()
            chat = dict(
                db.execute(
                    "SELECT * FROM chats WHERE telegram_chat_id = ?", (template_group.id,)
                ).fetchone()
            )
            run = dict(
                db.execute(
                    "SELECT * FROM runs WHERE chat_id = ? AND status = 'active'", (chat["id"],)
                ).fetchone()
            )
            posted = dict(
                db.execute(
                    "SELECT * FROM question_messages WHERE run_id = ? AND message_id = ?",
                    (run["id"], template_question.message_id),
                ).fetchone()
            )
            extra = []
            for index in range(max(0, runs - active)):
                group = self.api.group(f"Kopie {index}", bot_is_member=True)
                question = self.api.world.post(
                    group.chat, self.api.world.bot, text=template_question.text
                )
                chat_id = _insert(
                    db, "chats", chat, telegram_chat_id=group.id, title=group.chat.title
                )
                run_id = _insert(db, "runs", run, chat_id=chat_id)
                _insert(
                    db,
                    "question_messages",
                    posted,
                    run_id=run_id,
                    telegram_chat_id=group.id,
                    message_id=question.message_id,
                )
                extra.append((group, question))
        already = len(self.clock.stamps)
        for index, (group, question) in enumerate(extra):
            await group.reply(self.members[index % len(self.members)], question, PHRASES[0])
            if index % 25 == 24:
                await asyncio.sleep(0)
        await self.clock.wait_for(already + len(extra), timeout)
        with sqlite3.connect(self.database, timeout=30) as db:
            (active,) = db.execute(
                "SELECT count(*) FROM runs WHERE status IN ('active', 'paused')"
            ).fetchone()
        return {"active_runs": active, "rss_mib": self.process.rss_mib(), "rss_mib_before": before}


def _insert(db: sqlite3.Connection, table: str, row: dict, **changes: object) -> int:
    values = {key: value for key, value in {**row, **changes}.items() if key != "id"}
    columns = ", ".join(f'"{key}"' for key in values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values()))
    return cursor.lastrowid


async def measure(kind: str, answers: int, groups: int, runs: int | None, workdir: Path) -> dict:
    """Busy group, ingest and (samenbot) memory for one bot, in one process of its own."""
    workdir.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - before anything runs
    clock = ReactionClock()
    timeout = 60 + answers / 5
    with clock.installed():
        async with BotApiDouble(flood_limits=FloodLimits()) as api:
            bench = Bench(kind, api, workdir, clock)
            with bench.process:
                await bench.ready(timeout=90)
                result = {"busy_group": await bench.busy_group(timeout=timeout)}
                result["ingest"] = await bench.ingest(answers, groups, timeout=timeout)
                if runs:
                    result["memory"] = await bench.rss_with_runs(runs, timeout=timeout)
                result["rate_limited"] = api.rate_limited_count
                bench.process.alive()
    return result
