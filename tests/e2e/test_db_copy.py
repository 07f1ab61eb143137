"""`samenbot db copy --to postgresql+asyncpg://…` moves a region's SQLite database to
PostgreSQL without losing a row: counts per table and a full export are the same on both."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from storage import Base, create_engine
from tests.e2e.conftest import fresh_postgres_database

pytestmark = pytest.mark.skipif(
    os.environ.get("E2E_DATABASE") == "postgresql",
    reason="PostgreSQL-only: it ran in the first pass of make test",
)


def samenbot(*args: str, database_url: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": "123456:TEST"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


async def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return {
                table.name: await connection.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
            }
    finally:
        await engine.dispose()


async def test_a_populated_sqlite_database_moves_to_postgresql_losslessly(world, tmp_path):
    sqlite_url = f"sqlite+aiosqlite:///{tmp_path / 'region.db'}"
    async with world.bot(DATABASE_URL=sqlite_url):
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        answer = await group.reply(world.bram, question, "Onderzoekende houding\n* Eigenaarschap")
        await group.wait_for(lambda: answer.reactions == ["👍"])
        await group.command(world.anna, "/stop")
        await group.next_bot_message()
        await group.next_bot_message()

    async with fresh_postgres_database() as postgres_url:
        copied = samenbot("db", "copy", "--to", postgres_url, database_url=sqlite_url, cwd=tmp_path)
        assert copied.returncode == 0, copied.stderr
        assert "the counts match on both sides" in copied.stdout
        assert await counts(postgres_url) == await counts(sqlite_url)

        exports = [
            samenbot(
                "export",
                "--chat",
                str(group.id),
                "--format",
                "md",
                "--output",
                "-",
                database_url=url,
                cwd=tmp_path,
            )
            for url in (sqlite_url, postgres_url)
        ]
        assert exports[0].returncode == 0, exports[0].stderr
        assert exports[0].stdout == exports[1].stdout
        assert "Onderzoekende houding" in exports[1].stdout

        again = samenbot("db", "copy", "--to", postgres_url, database_url=sqlite_url, cwd=tmp_path)
        assert again.returncode == 2 and "not empty" in again.stderr
