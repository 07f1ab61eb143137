"""The simulated group: the Bot API double and the real bot in one event loop, and the script
played against it.

    async with demo_group() as group:
        await group.set_up()                 # bot added, /koppel, /gesprek visie-op-beroep
        end = await play_script(group)       # SESSION from bot.demo.script
        print(render_transcript(group.transcript[:end], Style.plain()))

Everything is local: a SQLite file in a temporary directory (removed afterwards), the double on
127.0.0.1 with an ephemeral port, no token and no network.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from telegram.ext import AIORateLimiter

from bot.app import build_application
from bot.demo.script import (
    FLOW_ID,
    GROUP_TITLE,
    LAST_CARD,
    MEMBERS,
    REGION,
    SESSION,
    Advance,
    Answer,
    Edit,
    Member,
    Step,
    Vote,
)
from bot.lifecycle import running
from bot.runtime import Runtime
from bot.sandbox import BotApiDouble, ChatScenario, FloodLimits, Message, User
from bot.settings import load_settings
from flows.catalog import load_catalog

__all__ = ["DemoGroup", "DemoStuck", "demo_group", "play_script"]

TALLY_DELAY = 0.05  # seconds; the live bot waits longer to bundle votes into one edit
# The demo's double has no flood limits, so a group's tally edits need no spacing either.
TALLY_SPACING = TALLY_DELAY
WAIT = 5.0  # the longest the demo waits for one reaction of the bot
_COUNT = re.compile(r"·\s*(\d+)\s*$")
NEXT_BUTTON = "Volgende ▶"


class DemoStuck(Exception):
    """The bot did not do what the script waited for; the message says what and where."""


@dataclass
class DemoGroup:
    api: BotApiDouble
    chat: ChatScenario
    users: dict[str, User]
    tags: dict[str, Message] = field(default_factory=dict)

    # -- what is in the chat --------------------------------------------------------------
    @property
    def transcript(self) -> list[Message]:
        return self.chat.transcript

    def latest_question(self) -> Message | None:
        """The bot's latest question: a message members reply to, or vote on with buttons."""
        return next((m for m in reversed(self.transcript) if _is_question(m)), None)

    def latest_with_buttons(self) -> Message | None:
        return next(
            (
                m
                for m in reversed(self.transcript)
                if m.from_bot and not m.deleted and any("callback_data" in b for b in m.buttons)
            ),
            None,
        )

    def fingerprint(self) -> tuple:
        """Changes when a message arrives, is edited or deleted, or gets a reaction."""
        return tuple(
            (m.message_id, m.version, tuple(m.reactions), m.deleted) for m in self.transcript
        )

    # -- waiting without sleeping ---------------------------------------------------------
    async def until(
        self,
        predicate: Callable[[], object],
        what: str,
        timeout: float = WAIT,  # noqa: ASYNC109 - a deadline passed through to the double
    ) -> object:
        try:
            return await self.chat.wait_for(predicate, timeout, waiting_for=what)
        except TimeoutError as error:
            raise DemoStuck(str(error)) from None

    async def maybe(
        self,
        predicate: Callable[[], object],
        timeout: float,  # noqa: ASYNC109 - a deadline passed through to the double
    ) -> bool:
        try:
            await self.api.wait_for(predicate, timeout)
        except TimeoutError:
            return False
        return True

    async def settle(self, before: tuple, *, first: float = 2.0, quiet: float = 0.5) -> None:
        """Wait for the bot to react to what just happened (anything changes within ``first``
        seconds), then until nothing has changed for ``quiet`` seconds."""
        if not await self.maybe(lambda: self.fingerprint() != before, first):
            return
        while True:
            now = self.fingerprint()
            if not await self.maybe(lambda now=now: self.fingerprint() != now, quiet):
                return

    async def question_after(self, message_id: int, what: str) -> Message:
        found = await self.until(
            lambda: next(
                (m for m in self.transcript if m.message_id > message_id and _is_question(m)),
                None,
            ),
            what,
        )
        assert isinstance(found, Message)
        return found

    # -- members act ----------------------------------------------------------------------
    def user(self, key: str) -> User:
        return self.users[key]

    async def set_up(self) -> Message:
        """The bot joins, the facilitator binds the group and starts the conversation;
        returns the first question."""
        anna = self.user(_facilitator().key)
        await self.chat.add_bot(by=anna)
        await self.chat.next_bot_message()
        await self.chat.command(anna, f"/koppel {GROUP_TITLE} | {REGION}")
        await self.chat.next_bot_message()
        start = await self.chat.command(anna, f"/gesprek {FLOW_ID}")
        return await self.question_after(start.message_id, "the first question")


@asynccontextmanager
async def demo_group(*, tally_delay: float = TALLY_DELAY) -> AsyncIterator[DemoGroup]:
    """The double, the bot (polling it) and the group with its members, until the block ends."""
    with tempfile.TemporaryDirectory(prefix="samenbot-demo-") as directory:
        database = Path(directory) / "samenbot-demo.db"
        limits = FloodLimits(per_group_per_minute=10_000, overall_per_second=1_000)
        async with BotApiDouble(flood_limits=limits) as api:
            settings = load_settings(
                {
                    "TELEGRAM_BOT_TOKEN": api.token,
                    "TELEGRAM_API_BASE_URL": api.base_url,
                    "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
                    "BOT_LANGUAGE": "nl",
                    "LOG_LEVEL": "WARNING",
                }
            )
            runtime = Runtime(settings)
            application = build_application(
                runtime,
                rate_limiter=AIORateLimiter(
                    overall_max_rate=1_000, group_max_rate=10_000, max_retries=5
                ),
                tally_delay=tally_delay,
                tally_spacing=TALLY_SPACING,
            )
            users = {
                m.key: api.user(m.first_name, last_name=m.last_name, language_code="nl")
                for m in MEMBERS
            }
            chat = api.group(GROUP_TITLE, creator=users[_facilitator().key])
            chat.set_admins(*(users[m.key] for m in MEMBERS if m.facilitator))
            chat.chat.members.update(user.id for user in users.values())
            group = DemoGroup(api, chat, users)
            async with running(application, runtime):
                yield group


async def play_script(group: DemoGroup, steps: Iterable[Step] = SESSION) -> int:
    """Play the steps after ``set_up``; returns how many transcript messages to show — up to
    and including the last card's outcome card (what the bot says next is left out)."""
    question = group.latest_question()
    if question is None:
        raise DemoStuck("no open question: call set_up() first")
    voters: dict[int, set[int]] = {}
    for step in steps:
        match step:
            case Vote(who, option):
                user = group.user(who)
                await group.chat.press(user, question, _button(question, option))
                voters.setdefault(question.message_id, set()).add(user.id)
                count = len(voters[question.message_id])
                await group.maybe(lambda q=question, n=count: _tally_total(q) == n, 2.0)
            case Answer(who, text, tag):
                sent = await group.chat.reply(group.user(who), question, text)
                if tag is not None:
                    group.tags[tag] = sent
                await group.until(
                    lambda m=sent: bool(m.reactions), f"the bot to acknowledge {who}'s answer"
                )
            case Edit(tag, text):
                # Updates of one chat are handled in order: what follows sees the edit.
                await group.chat.edit(group.tags[tag], text)
            case Advance(who, by):
                last = group.transcript[-1].message_id
                if by == "button":
                    await group.chat.press(group.user(who), question, _button(question, "Volgende"))
                else:
                    await group.chat.command(group.user(who), "/volgende")
                if _closes_last_card(question):
                    return await _end_of_last_card(group, last)
                question = await group.question_after(last, "the next question")
    return len(group.transcript)


async def _end_of_last_card(group: DemoGroup, after: int) -> int:
    """Wait for the last card's outcome card; cut the transcript before the next card."""
    title, _ = _last_card()
    outcome = await group.until(
        lambda: next(
            (
                m
                for m in group.transcript
                if m.message_id > after and m.from_bot and (m.text or "").startswith(title)
            ),
            None,
        ),
        f"the outcome card “{title}”",
    )
    assert isinstance(outcome, Message)
    if await group.maybe(lambda: _question_since(group, outcome.message_id), 3.0):
        question = _question_since(group, outcome.message_id)
        assert question is not None
        bot_between = [
            m
            for m in group.transcript
            if outcome.message_id < m.message_id < question.message_id and m.from_bot
        ]
        # the message before the next card's first question is that card's introduction
        cut = bot_between[-1].message_id if bot_between else question.message_id
        return next(i for i, m in enumerate(group.transcript) if m.message_id == cut)
    await group.settle(group.fingerprint(), first=0.1)
    return len(group.transcript)


def _question_since(group: DemoGroup, message_id: int) -> Message | None:
    return next(
        (m for m in group.transcript if m.message_id > message_id and _is_question(m)), None
    )


def _closes_last_card(question: Message) -> bool:
    """True when ``question`` asks the last question of the last card the demo plays."""
    _, last_question = _last_card()
    return last_question in " ".join((question.text or "").split())


@cache
def _last_card() -> tuple[str, str]:
    """The last card's outcome title and the text of its last question (flow content)."""
    flow = load_catalog().get(FLOW_ID)
    if flow is None:
        raise DemoStuck(f"the flow {FLOW_ID!r} is not in the catalog")
    card = flow.card(LAST_CARD)
    return card.outcome.title, " ".join(card.questions[-1].text.split())


def _facilitator() -> Member:
    return next(m for m in MEMBERS if m.facilitator)


def _is_question(message: Message) -> bool:
    if not message.from_bot or message.deleted or message.is_service:
        return False
    return message.force_reply or any("callback_data" in b for b in message.buttons)


def _button(message: Message, label: str) -> str:
    """The button whose text starts with ``label`` (tallies add "· 2" to option labels)."""
    texts = message.button_texts
    if label in texts:
        return label
    found = [t for t in texts if t.startswith(label)]
    if len(found) != 1:
        raise DemoStuck(f"no single button “{label}” on message {message.message_id}: {texts}")
    return found[0]


def _tally_total(message: Message) -> int:
    return sum(
        int(m.group(1)) for text in message.button_texts if (m := _COUNT.search(text)) is not None
    )
