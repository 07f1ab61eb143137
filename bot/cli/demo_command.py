"""`samenbot demo [--interactive]` — the bot in a simulated group, no token, no network.

The Bot API double and the real bot share one event loop; the database is a SQLite file in a
temporary directory that is removed afterwards. `run_demo` is what the command runs; tests call
it with their own output stream (and, for --interactive, their own input function).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from bot.logging_setup import configure_logging

__all__ = ["run", "run_demo"]


def run(args: argparse.Namespace) -> int:
    configure_logging("WARNING")  # the transcript is the output; only problems are logged
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(errors="replace")  # emoji on a terminal that lacks them
    read = input if sys.stdin.isatty() else _echoing_input
    return run_demo(sys.stdout, interactive=args.interactive, read=read)


def _echoing_input(prompt: str) -> str:
    """input() from a pipe or file: show the line after the prompt, as a terminal would."""
    line = input(prompt)
    print(line, flush=True)
    return line


def run_demo(
    out: TextIO,
    *,
    interactive: bool = False,
    read: Callable[[str], str] = input,
) -> int:
    """Play the demo (or let ``read`` type as a member); 0 when it went through."""
    with _no_proxy_for_loopback():
        return asyncio.run(_demo(out, interactive, read))


async def _demo(out: TextIO, interactive: bool, read: Callable[[str], str]) -> int:
    from bot.demo.player import DemoStuck, demo_group, play_script
    from bot.demo.script import GROUP_TITLE, MEMBERS, REGION
    from bot.demo.terminal import Style, render_transcript

    style = Style.for_stream(out)
    try:
        async with demo_group() as group:
            if interactive:
                from bot.demo.interactive import Interactive

                return await Interactive(group, out, read, style).run()
            print(style.wrap(f"samenbot demo · {GROUP_TITLE} ({REGION})", "bold"), file=out)
            for member in MEMBERS:
                admin = ", gespreksleider (beheerder)" if member.facilitator else ""
                print(f"  {member.full_name} — {member.role}{admin}", file=out)
            print(
                "Zij spelen kaart 1 en 2 van “Visie op beroep” "
                "(zelf meedoen: samenbot demo --interactive)\n",
                file=out,
                flush=True,
            )
            await group.set_up()
            end = await play_script(group)
            print(render_transcript(group.transcript[:end], style), file=out, flush=True)
            return 0
    except DemoStuck as error:
        print(f"samenbot demo: de bot reageerde niet zoals verwacht.\n{error}", file=sys.stderr)
        return 1


@contextlib.contextmanager
def _no_proxy_for_loopback() -> Iterator[None]:
    """The double listens on 127.0.0.1: never send that through an HTTP(S)_PROXY."""
    saved = {name: os.environ.get(name) for name in ("NO_PROXY", "no_proxy")}
    extra = "127.0.0.1,localhost"
    for name, value in saved.items():
        os.environ[name] = f"{value},{extra}" if value else extra
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
