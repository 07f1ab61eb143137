"""`samenbot db upgrade` — create or upgrade the schema (also done at every start);
`samenbot db copy --to URL` — copy the whole database to another (SQLite → PostgreSQL)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import load_settings
from storage import current_revision, head_revision, upgrade_database
from storage.copying import TargetNotEmpty, copy_database

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.db_command == "copy":
        return _copy(settings.database_url, args.to)
    before = asyncio.run(current_revision(settings.database_url))
    asyncio.run(upgrade_database(settings.database_url))
    head = head_revision()
    if before == head:
        print(f"database is up to date (revision {head})")
    else:
        print(f"database upgraded from {before or 'empty'} to {head}")
    return 0


def _copy(source: str, target: str) -> int:
    try:
        counts = asyncio.run(copy_database(source, target))
    except TargetNotEmpty as error:
        print(f"samenbot: not copied: {error}; copy into an empty database", file=sys.stderr)
        return 2
    rows = sum(counts.values())
    print(f"copied {rows} rows in {len(counts)} tables; the counts match on both sides")
    for table, count in counts.items():
        if count:
            print(f"  {table}: {count}")
    return 0
