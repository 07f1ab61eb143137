"""The soak: a group of members talks with the real `samenbot run` process while it is killed
with SIGKILL at random moments and started again; afterwards the database and the chat are
compared, and every guarantee of docs/reliability.md is counted.

    report = await soak(workdir, kills=50, seed=7)
    report.problems()   # {} when nothing was lost, skipped, doubled or left stale

`python -m tests.soak --kills 50` (`make soak`) prints the report as JSON; the test suite runs
a shorter soak (tests/soak/test_soak.py). Every loop here is bounded and stops by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.sandbox import BotApiDouble, ChatScenario, FloodLimits, User
from bot.sandbox.models import Message

__all__ = ["SoakReport", "soak"]

FLOW = """\
id: proef
title: Proefgesprek
source: 000_0c52a99342ebaf6b.txt
version: 1
cards:
  - number: 1
    title: Eerste kaart
    intro: "Een kaart om het gesprek te beproeven."
    questions:
      - {id: kern, type: open, text: "Wat is de kern van jullie visie?"}
      - id: functies
        type: multi
        text: "Welke functies raakt de visie?"
        options:
          - {id: werven, label: Werven}
          - {id: begeleiden, label: Begeleiden}
          - {id: professionaliseren, label: Professionaliseren}
      - {id: elementen, type: list, text: "Welke elementen horen erbij?"}
    outcome: {title: "Kaartje 1. Eerste kaart: Uitkomsten"}
  - number: 2
    title: Tweede kaart
    intro: "De tweede kaart."
    questions:
      - id: keuze
        type: choice
        text: "Welke keuze maken jullie?"
        options:
          - {id: een, label: Een visie}
          - {id: meer, label: Meerdere visies}
      - {id: slot, type: open, text: "Wat nemen jullie mee?"}
    outcome: {title: "Kaartje 2. Tweede kaart: Uitkomsten"}
"""

_VOTERS = re.compile(r"(\d+) stemmer")
_PROGRESS = re.compile(r"Kaart (\d+) · vraag (\d+)/(\d+)")


@dataclass
class SoakReport:
    """`duplicates`: an answer stored twice, an outcome card made twice. A message posted
    twice is counted apart (`reposted_in_kill_window`): a kill in the milliseconds between
    Telegram accepting a message and the bot recording it makes the bot post it again, as any
    client of an API without idempotency keys must; a reply to either copy of a question
    counts (docs/reliability.md)."""

    kills: int
    seconds: float
    runs: int
    answers_sent: int
    answers_stored: int
    presses: int
    steps: int
    updates_taken_but_lost: int
    acknowledged_but_lost: int
    duplicates: int
    reposted_in_kill_window: int
    skipped_questions: int
    runs_stuck: int
    cards_without_intro: int
    stale_tallies: int

    MUST_BE_ZERO = (
        "updates_taken_but_lost",
        "acknowledged_but_lost",
        "duplicates",
        "skipped_questions",
        "runs_stuck",
        "cards_without_intro",
        "stale_tallies",
    )

    def problems(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.MUST_BE_ZERO if getattr(self, name)}

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


class _Bot:
    """The real `samenbot run` process, started again after every kill."""

    def __init__(self, api: BotApiDouble, workdir: Path) -> None:
        self.database = workdir / "samenbot.db"
        self.log = workdir / "bot.log"
        flows = workdir / "flows"
        flows.mkdir(exist_ok=True)
        (flows / "proef.yaml").write_text(FLOW, encoding="utf-8")
        self.environ = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.database}",
            "FLOWS_PATH": str(flows),
            "LOG_LEVEL": "INFO",
        }
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=self.environ,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            cwd=self.workdir,
        )

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None

    def query(self, sql: str, *args) -> list[tuple]:
        with sqlite3.connect(self.database, timeout=30) as connection:
            return connection.execute(sql, args).fetchall()


async def soak(
    workdir: Path,
    *,
    kills: int,
    seed: int = 7,
    members: int = 4,
    startup_timeout: float = 60.0,
) -> SoakReport:
    rng = random.Random(seed)
    began = time.monotonic()
    async with BotApiDouble(flood_limits=FloodLimits(per_group_per_minute=None)) as api:
        bot = _Bot(api, workdir)
        people = [api.user(name) for name in ("Anna", "Bram", "Cees", "Dirk", "Eva")[:members]]
        group = api.group("Partnerschap Soak")
        group.set_admins(people[0])
        bot.start()
        try:
            await group.add_bot(by=people[0])
            await group.next_bot_message(timeout=startup_timeout)
            await group.command(people[0], "/koppel Partnerschap Soak | Onderwijsregio Soak")
            await group.next_bot_message(timeout=startup_timeout)
            talk = _Talk(group, people, bot, rng)
            talking = asyncio.create_task(talk.forever())
            try:
                for _ in range(kills):
                    # Mostly a random moment of a bot at work; sometimes one while it starts.
                    if rng.random() < 0.8:
                        await _polling(api, startup_timeout)
                    await asyncio.sleep(rng.uniform(0.05, 2.0))
                    bot.kill()
                    bot.start()
            finally:
                talk.stop = True
                await talking
            await _settled(api, bot, 2 * startup_timeout)
        finally:
            bot.kill()
        return _report(api, group, bot, talk, kills, time.monotonic() - began)


class _Talk:
    """Members answering, pressing buttons and a facilitator moving on, like a busy group."""

    def __init__(self, group: ChatScenario, people: list[User], bot: _Bot, rng: random.Random):
        self.group = group
        self.people = people
        self.bot = bot
        self.rng = rng
        self.stop = False
        self.answers: list[Message] = []
        self.presses = 0
        self.steps = 0
        self.runs = 0

    async def forever(self, limit: int = 100_000) -> None:
        for turn in range(limit):
            if self.stop:
                return
            await self.turn(turn)
            # A busy group's pace (four members, several actions a second between them), within
            # what Telegram lets a bot post in one group; this is load, not synchronisation.
            await asyncio.sleep(self.rng.uniform(0.1, 0.5))

    async def turn(self, turn: int) -> None:
        facilitator = self.people[0]
        question = self._open_question()
        if question is None or self._run_closed():
            if self._waiting_for_a_run():
                return
            self.runs += 1
            await self.group.command(facilitator, "/gesprek proef")
            return
        roll = self.rng.random()
        if roll < 0.12:
            self.steps += 1
            await self.group.command(facilitator, "/volgende")
        elif question.buttons and any(
            b.get("callback_data", "").startswith("v:") for b in question.buttons
        ):
            options = [b for b in question.buttons if b.get("callback_data", "").startswith("v:")]
            button = self.rng.choice(options)
            self.presses += 1
            await self.group.press(
                self.rng.choice(self.people), question, button["text"], wait_for_answer=False
            )
        elif question.force_reply:
            member = self.rng.choice(self.people)
            text = f"antwoord {turn} van {member.first_name}"
            self.answers.append(await self.group.reply(member, question, text))

    def _open_question(self) -> Message | None:
        for message in reversed(self.group.messages_from_bot):
            if _PROGRESS.search(message.text or ""):
                return message
        return None

    def _run_closed(self) -> bool:
        rows = self.bot.query("SELECT status FROM runs ORDER BY id DESC LIMIT 1")
        return not rows or rows[0][0] not in ("active", "paused")

    def _waiting_for_a_run(self) -> bool:
        """A /gesprek sent and not yet handled: do not send another."""
        last = [m for m in self.group.transcript if (m.text or "").startswith("/gesprek")]
        return bool(last) and not self._handled(last[-1])

    def _handled(self, message: Message) -> bool:
        started = self.bot.query("SELECT count(*) FROM runs")[0][0]
        return started >= self.runs


async def _polling(api: BotApiDouble, limit: float) -> None:
    """Until the (re)started bot asks Telegram for updates: it is up and at work."""
    calls = len(api.calls)
    await api.wait_for(
        lambda: any(call.method == "getUpdates" for call in api.calls[calls:]), timeout=limit
    )


async def _settled(api: BotApiDouble, bot: _Bot, limit: float) -> None:
    """Until every update is handled and the outbox is empty; re-checked whenever the bot
    does something, and at least every second (bounded by `limit` seconds)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            unhandled = bot.query("SELECT count(*) FROM inbound_updates WHERE handled_at IS NULL")
            waiting = bot.query("SELECT count(*) FROM outbox WHERE status = 'pending'")
        except sqlite3.OperationalError:
            unhandled = waiting = [(1,)]
        if not api.pending_updates and not unhandled[0][0] and not waiting[0][0]:
            return
        calls = len(api.calls)
        with contextlib.suppress(TimeoutError):
            await api.wait_for(lambda calls=calls: len(api.calls) > calls, timeout=1.0)
    raise TimeoutError(
        f"the bot did not settle after the soak: {len(api.pending_updates)} update(s) not "
        f"taken, {unhandled[0][0]} not handled, {waiting[0][0]} message(s) waiting to be sent"
    )


def _report(
    api: BotApiDouble, group: ChatScenario, bot: _Bot, talk: _Talk, kills: int, seconds: float
) -> SoakReport:
    handled = {
        row[0]
        for row in bot.query("SELECT update_id FROM inbound_updates WHERE handled_at IS NOT NULL")
    }
    taken = {update["update_id"] for update in api.world.confirmed_updates}
    stored = {row[0] for row in bot.query("SELECT message_id FROM answers")}
    acknowledged = [m for m in talk.answers if m.reactions]

    rows = bot.query("SELECT id, run_id, kind, status, payload, message_ids FROM outbox")
    recorded: set[int] = set()
    posts: dict[int, list[dict]] = {}
    for _, run_id, kind, status, payload, message_ids in rows:
        recorded.update(json.loads(message_ids))
        posts.setdefault(run_id, []).append({"kind": kind, "status": status, **json.loads(payload)})
    tracked_texts = {m.text for m in group.messages_from_bot if m.message_id in recorded}
    duplicates = [
        m
        for m in group.messages_from_bot
        if m.message_id not in recorded and m.text in tracked_texts
    ]
    doubled_answers = bot.query(
        "SELECT count(*) FROM (SELECT telegram_chat_id, message_id FROM answers "
        "GROUP BY telegram_chat_id, message_id HAVING count(*) > 1)"
    )[0][0]
    doubled_cards = bot.query(
        "SELECT count(*) FROM (SELECT run_id, card_number FROM outcome_cards "
        "GROUP BY run_id, card_number HAVING count(*) > 1)"
    )[0][0]

    skipped = intro_missing = 0
    for run_id, state_json in bot.query("SELECT id, state FROM runs"):
        state = json.loads(state_json)
        asked_posts = {
            p["question_id"]
            for p in posts.get(run_id, [])
            if p["kind"] == "question" and p["status"] == "sent"
        }
        skipped += len([q for q in state["asked"] if q not in asked_posts])
        entered = state["cards"][: state["card_index"] + 1]
        intros = [
            p["text"]
            for p in posts.get(run_id, [])
            if p["kind"] == "message" and p["status"] == "sent"
        ]
        intro_missing += len(
            [n for n in entered if not any(t.startswith(f"<b>Kaart {n}.") for t in intros)]
        )
    stuck = bot.query("SELECT count(*) FROM outbox WHERE status != 'sent'")[0][0]

    stale = 0
    newest = bot.query(
        "SELECT run_id, question_id, max(message_id) FROM question_messages "
        "WHERE question_id IN ('functies', 'keuze') GROUP BY run_id, question_id"
    )
    for run_id, question_id, message_id in newest:
        voters = bot.query(
            "SELECT count(DISTINCT member_id) FROM votes WHERE run_id = ? AND question_id = ? "
            "AND value != '[]'",
            run_id,
            question_id,
        )[0][0]
        shown = _VOTERS.search(group.message(message_id).text or "")
        if shown is None or int(shown.group(1)) != voters:
            stale += 1

    return SoakReport(
        kills=kills,
        seconds=round(seconds, 1),
        runs=len(bot.query("SELECT id FROM runs")),
        answers_sent=len(talk.answers),
        answers_stored=len(stored),
        presses=talk.presses,
        steps=talk.steps,
        updates_taken_but_lost=len(taken - handled),
        acknowledged_but_lost=len([m for m in acknowledged if m.message_id not in stored]),
        duplicates=doubled_answers + doubled_cards,
        reposted_in_kill_window=len(duplicates),
        skipped_questions=skipped,
        runs_stuck=stuck,
        cards_without_intro=intro_missing,
        stale_tallies=stale,
    )
