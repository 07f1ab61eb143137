"""``samenbot demo --interactive``: type as a member of the simulated group.

    Anna> /knop De (aanstaande) leraar      press a button on the bot's latest message with buttons
    Anna> /knop Volgende                    (the start of a button's text is enough)
    Anna> Omdat de norm …                   plain text: a reply to the bot's latest question
    Anna> /as Bram                          switch member (Anna, Bram, Fatima)
    Bram> /status                           anything else starting with / goes to the bot
    Bram> /quit                             or Ctrl-D

After each input the bot's new messages (and edits, reactions, button alerts) are printed, once
the bot has reacted and then been quiet for a moment.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from typing import TextIO

from bot.demo.player import DemoGroup, DemoStuck
from bot.demo.script import GROUP_TITLE, MEMBERS, REGION, Member, member
from bot.demo.terminal import Style, render_message, render_transcript
from bot.sandbox import Message

__all__ = ["HELP", "Interactive", "read_line"]

ReadLine = Callable[[str], str]

HELP = """\
Je typt als lid van de groep. Gewone tekst is een antwoord (reply) op de laatste vraag van de bot.
  /as <naam>        wissel van lid: {names}
  /knop <tekst>     druk op een knop van het laatste bericht met knoppen (deel van tekst volstaat)
  /bewerk <tekst>   bewerk je laatste bericht
  /transcript       toon het hele gesprek opnieuw
  /quit             stop (of Ctrl-D)
Andere opdrachten met / gaan naar samenbot, bv. /status, /volgende, /samenvatting, /help."""


async def read_line(read: ReadLine, prompt: str) -> str:
    """``read(prompt)`` in a daemon thread, so the event loop keeps running (the bot answers
    while you type) and Ctrl-C does not wait for a pending ``input()`` to return."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(result: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result or "")

    def worker() -> None:
        try:
            line = read(prompt)
        except BaseException as error:  # EOFError, KeyboardInterrupt: handed to the loop
            loop.call_soon_threadsafe(settle, None, error)
        else:
            loop.call_soon_threadsafe(settle, line, None)

    threading.Thread(target=worker, name="samenbot-demo-input", daemon=True).start()
    return await future


class Interactive:
    def __init__(self, group: DemoGroup, out: TextIO, read: ReadLine, style: Style) -> None:
        self.group = group
        self.out = out
        self.read = read
        self.style = style
        self.current: Member = next(m for m in MEMBERS if m.facilitator)

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    async def run(self) -> int:
        names = ", ".join(f"{m.first_name} ({m.role})" for m in MEMBERS)
        self.say(self.style.wrap(f"samenbot demo — interactief · {GROUP_TITLE} ({REGION})", "bold"))
        self.say(HELP.format(names=names))
        self.say()
        await self.group.set_up()
        self.say(render_transcript(self.group.transcript, self.style))
        while True:
            try:
                line = await read_line(self.read, f"{self.current.first_name}> ")
            except EOFError:
                self.say()
                break
            line = line.strip()
            if not line:
                continue
            if line.split()[0].casefold() in ("/quit", "/exit"):
                break
            try:
                await self.handle(line)
            except DemoStuck as error:
                self.say(f"(samenbot reageert niet zoals verwacht)\n{error}")
        self.say("Tot ziens! De demo-groep en zijn database worden opgeruimd.")
        return 0

    async def handle(self, line: str) -> None:
        command, _, rest = line.partition(" ")
        rest = rest.strip()
        match command.casefold():
            case "/as":
                self.switch(rest)
            case "/knop":
                await self.press(rest)
            case "/bewerk":
                await self.edit(rest)
            case "/transcript":
                self.say(render_transcript(self.group.transcript, self.style))
            case _ if line.startswith("/"):
                await self.act(lambda: self.group.chat.command(self.user, line))
            case _:
                await self.answer(line)

    @property
    def user(self):
        return self.group.user(self.current.key)

    def switch(self, name: str) -> None:
        found = member(name)
        if found is None:
            names = ", ".join(m.first_name for m in MEMBERS)
            self.say(f"Wie? Kies uit: {names} (bv. /as Bram)")
            return
        self.current = found
        admin = ", gespreksleider" if found.facilitator else ""
        self.say(f"Je bent nu {found.full_name} ({found.role}{admin}).")

    async def answer(self, text: str) -> None:
        question = self.group.latest_question()
        if question is None:
            self.say("(Er is nog geen vraag; het bericht gaat gewoon de groep in.)")
            await self.act(lambda: self.group.chat.say(self.user, text))
            return
        await self.act(lambda: self.group.chat.reply(self.user, question, text))

    async def edit(self, text: str) -> None:
        mine = [
            m
            for m in self.group.transcript
            if m.sender.id == self.user.id and not m.is_service and m.text
        ]
        if not text or not mine:
            self.say("Gebruik: /bewerk <nieuwe tekst> — bewerkt je laatste bericht.")
            return
        await self.act(lambda: self.group.chat.edit(mine[-1], text))

    async def press(self, label: str) -> None:
        message = self.group.latest_with_buttons()
        if message is None:
            self.say("Er is geen bericht met knoppen.")
            return
        texts = [b["text"] for b in message.buttons if "callback_data" in b]
        chosen = _match_button(label, texts)
        if chosen is None:
            shown = " ".join(f"[{text}]" for text in texts)
            self.say(f"Welke knop? {shown}  (bv. /knop {texts[0].split(' · ')[0]})")
            return
        before = self.group.fingerprint()
        try:
            answer = await self.group.chat.press(self.user, message, chosen)
        except TimeoutError as error:
            raise DemoStuck(str(error)) from None
        if answer and answer.get("text"):
            kind = "melding" if answer.get("show_alert") else "pop-up"
            self.say(self.style.wrap(f"({kind} van samenbot: {answer['text']})", "dim"))
        await self.show_changes(before)

    async def act(self, action: Callable[[], object]) -> None:
        before = self.group.fingerprint()
        result = action()
        if asyncio.iscoroutine(result):
            await result
        await self.show_changes(before)

    async def show_changes(self, before: tuple) -> None:
        """Wait for the bot, then print every message that is new or changed since ``before``."""
        await self.group.settle(before)
        known = {entry[0]: entry for entry in before}
        for message in self.group.transcript:
            now = (message.message_id, message.version, tuple(message.reactions), message.deleted)
            old = known.get(message.message_id)
            if old == now:
                continue
            self.say(self._changed(message) if old is not None else self._new(message))

    def _new(self, message: Message) -> str:
        return render_message(message, self.style)

    def _changed(self, message: Message) -> str:
        mark = self.style.wrap("✎ bijgewerkt:", "dim")
        return f"{mark} {render_message(message, self.style)}"


def _match_button(label: str, texts: list[str]) -> str | None:
    """Exact text, else the only button starting with it, else the only one containing it —
    compared without case and punctuation: "aanstaande leraar" finds [De (aanstaande) leraar]."""
    if not label:
        return None
    if label in texts:
        return label
    wanted = _words(label)
    if not wanted:
        return None
    for test in (str.startswith, str.__contains__):
        found = [text for text in texts if test(_words(text), wanted)]
        if len(found) == 1:
            return found[0]
    return None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
