"""`samenbot db upgrade` — create or upgrade the schema (also done at every start)."""

from __future__ import annotations

import argparse
import asyncio

from bot.settings import load_settings
from storage import current_revision, head_revision, upgrade_database

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    before = asyncio.run(current_revision(settings.database_url))
    asyncio.run(upgrade_database(settings.database_url))
    head = head_revision()
    if before == head:
        print(f"database is up to date (revision {head})")
    else:
        print(f"database upgraded from {before or 'empty'} to {head}")
    return 0
