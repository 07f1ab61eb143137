"""Start-up failures said in one line: what went wrong and what to do about it.

A wrong token, an unreachable database or no network are the operator's to fix, not bugs; a
traceback of a hundred lines hides the one line that matters (and may carry a secret).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from telegram.error import InvalidToken, NetworkError

from bot.settings import SettingsError

__all__ = ["StartupFailure", "check_database_location", "explain"]


class StartupFailure(SettingsError):
    """One line for the operator; the command exits with 2."""


def check_database_location(database_url: str) -> None:
    """A SQLite file in a directory that does not exist fails late and obscurely: say so now."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise StartupFailure("DATABASE_URL is not a database URL") from None
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    directory = Path(url.database).expanduser().resolve().parent
    if not directory.is_dir():
        raise StartupFailure(
            f"DATABASE_URL: the directory {directory} does not exist; "
            "create it or point DATABASE_URL at an existing directory"
        )


def explain(error: BaseException, *, api_base_url: str, database_url: str) -> str | None:
    """The one line for a known start-up failure, or None for a real bug."""
    if isinstance(error, StartupFailure):
        return str(error)
    if isinstance(error, InvalidToken):
        return (
            "TELEGRAM_BOT_TOKEN was rejected by the Bot API: copy the token again from "
            "@BotFather (or /revoke it there and use the new one)"
        )
    if isinstance(error, NetworkError):
        return (
            f"cannot reach the Bot API at {_host(api_base_url)}: check the network connection "
            "and TELEGRAM_API_BASE_URL"
        )
    if isinstance(error, (DBAPIError, OSError, sqlite3.Error)) or _from_database_driver(error):
        return (
            f"cannot open the database at {_database_place(database_url)}: check that it is "
            "running and reachable, and DATABASE_URL (user, password, host, port, name)"
        )
    return None


def _from_database_driver(error: BaseException) -> bool:
    module = type(error).__module__
    return module.startswith(("asyncpg", "aiosqlite", "sqlalchemy"))


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "TELEGRAM_API_BASE_URL"


def _database_place(database_url: str) -> str:
    """Host and database, never the password."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return "DATABASE_URL"
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    port = f":{url.port}" if url.port else ""
    return f"{url.host or 'localhost'}{port}/{url.database or ''}"
