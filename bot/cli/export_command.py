"""`samenbot export --chat … --format …` — a run's report from the command line.

`--output -` writes the document to stdout (for a pipe); the summary line then goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cli.startup import StartupFailure, check_database_location
from bot.exporting import build_report, latest_run_id, render_report
from bot.settings import load_settings
from storage import UnitOfWork, create_engine, create_session_factory, upgrade_database

__all__ = ["run"]

STDOUT = "-"


def run(args: argparse.Namespace) -> int:
    if args.output and args.output != STDOUT:
        directory = Path(args.output).expanduser().resolve().parent
        if not directory.is_dir():
            raise StartupFailure(
                f"--output: the directory {directory} does not exist; create it first"
            )
    settings = load_settings()
    check_database_location(settings.database_url)
    found = asyncio.run(_report(args, settings.database_url, settings.bot_language))
    if found is None:
        return 1
    content, filename, cards = found
    if args.output == STDOUT:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        print(f"wrote {filename} to stdout ({cards} outcome cards)", file=sys.stderr)
        return 0
    target = Path(args.output or filename)
    try:
        target.write_bytes(content)
    except OSError as error:
        raise StartupFailure(f"cannot write {target}: {error.strerror}") from None
    print(f"wrote {target} ({cards} outcome cards, {len(content)} bytes)")
    return 0


async def _report(
    args: argparse.Namespace, database_url: str, default_language: str
) -> tuple[bytes, str, int] | None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with UnitOfWork(create_session_factory(engine)) as uow:
            chat = await uow.chats.get(args.chat)
            if chat is None:
                print(
                    f"samenbot: no chat {args.chat} in the database; `samenbot chats` lists them",
                    file=sys.stderr,
                )
                return None
            run_id = args.run or await latest_run_id(uow, chat.id)
            run = await uow.runs.get(run_id) if run_id else None
            if run is None or run.chat_id != chat.id:
                print(
                    f"samenbot: chat {args.chat} has no such run with outcomes; "
                    "`samenbot chats` lists its runs",
                    file=sys.stderr,
                )
                return None
            language = chat.language or default_language
            report = await build_report(uow, run_id, language, args.format)
    finally:
        await engine.dispose()
    content, filename = render_report(report, args.format)
    return content, filename, len(report.outcomes)
