"""`samenbot` — entry point: parse arguments, read settings, hand over to a subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.settings import SettingsError, load_settings

__all__ = ["main"]

USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samenbot",
        description="Telegram group assistant for partnerschappen Samen Opleiden.",
    )
    commands = parser.add_subparsers(dest="command", metavar="<command>", required=True)

    run = commands.add_parser("run", help="run the bot (long polling, or --webhook)")
    run.add_argument("--webhook", action="store_true", help="receive updates on a webhook")

    demo = commands.add_parser("demo", help="play a card in a simulated group, no token needed")
    demo.add_argument("--interactive", action="store_true", help="type as a member yourself")

    flows = commands.add_parser("flows", help="check and show the declarative flows")
    flow_commands = flows.add_subparsers(dest="flows_command", metavar="<action>", required=True)
    validate = flow_commands.add_parser("validate", help="check flow files (default: all)")
    validate.add_argument("paths", nargs="*", help="YAML files or directories")
    flow_commands.add_parser("list", help="list the flows and their cards")
    show = flow_commands.add_parser("show", help="show one flow")
    show.add_argument("flow")
    form = show.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="machine-readable structure")
    form.add_argument("--mermaid", action="store_true", help="a Mermaid flowchart")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="<action>", required=True)
    db_commands.add_parser("upgrade", help="create or upgrade the schema")
    copy = db_commands.add_parser(
        "copy", help="copy the whole database (DATABASE_URL) to another, e.g. to PostgreSQL"
    )
    copy.add_argument("--to", required=True, metavar="URL", help="the target database URL")

    commands.add_parser("chats", help="list the chats, what they are bound to, and their runs")

    export = commands.add_parser("export", help="export a chat's run as a document")
    export.add_argument("--chat", type=int, required=True, help="Telegram chat id")
    export.add_argument("--format", choices=("docx", "md", "html"), default="docx")
    export.add_argument("--run", type=int, help="run id (default: the chat's latest run)")
    export.add_argument(
        "--output", "-o", help="file to write, - for stdout (default: a name from the flow)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except SettingsError as error:  # a start-up failure is one too
        print(f"samenbot: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as error:  # a database that cannot be opened is one line, not a traceback
        from bot.cli.startup import explain

        line = explain(error, api_base_url="", database_url=_database_url())
        if line is None:
            raise
        print(f"samenbot: {line}", file=sys.stderr)
        return USAGE_ERROR


def _dispatch(args: argparse.Namespace) -> int:
    # Imported per command: `samenbot flows …` should not pay for loading the whole bot.
    if args.command == "flows":
        from bot.cli import flows_commands

        return flows_commands.run(args)
    if args.command == "db":
        from bot.cli import db_commands

        return db_commands.run(args)
    if args.command == "export":
        from bot.cli import export_command

        return export_command.run(args)
    if args.command == "chats":
        from bot.cli import chats_command

        return chats_command.run(args)
    if args.command == "demo":
        from bot.cli import demo_command

        return demo_command.run(args)
    from bot.cli import run_command

    return run_command.run(args)


def _database_url() -> str:
    try:
        return load_settings().database_url
    except SettingsError:
        return "DATABASE_URL"


if __name__ == "__main__":
    sys.exit(main())
