"""A start that cannot succeed ends in one line that names the cause and what to do — exit 2,
no traceback, and never a secret. The bot is a real `samenbot run` process."""

import asyncio
import os
import sys
from pathlib import Path

from bot.sandbox import BotApiDouble

REJECTED_TOKEN = "7654321:AAH-rejected-secret-token_0123456789"
LLM_KEY = "sk-llm-very-secret-key-0123456789"


async def start(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    environ.update(env)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=environ,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode, out.decode(), err.decode()


async def test_a_rejected_token_never_reaches_the_log_even_at_debug(tmp_path):
    async with BotApiDouble() as api:
        code, out, err = await start(
            {
                "TELEGRAM_BOT_TOKEN": REJECTED_TOKEN,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}",
                "LOG_LEVEL": "DEBUG",
                "LLM_BASE_URL": "http://127.0.0.1:9/v1",
                "LLM_MODEL": "m",
                "LLM_API_KEY": LLM_KEY,
            },
            tmp_path,
        )
    assert code == 2
    for secret in (REJECTED_TOKEN, REJECTED_TOKEN.split(":")[1], LLM_KEY):
        assert secret not in out
        assert secret not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("samenbot: TELEGRAM_BOT_TOKEN was rejected")
    assert "@BotFather" in last


async def test_a_rejected_token_is_one_line_at_the_default_level(tmp_path):
    async with BotApiDouble() as api:
        code, _, err = await start(
            {
                "TELEGRAM_BOT_TOKEN": REJECTED_TOKEN,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}",
            },
            tmp_path,
        )
    assert code == 2
    assert err.strip().splitlines() == [err.strip()]
    assert "TELEGRAM_BOT_TOKEN" in err and "Traceback" not in err


async def test_an_unreachable_bot_api_is_one_line(tmp_path):
    code, _, err = await start(
        {
            "TELEGRAM_BOT_TOKEN": REJECTED_TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}",
        },
        tmp_path,
    )
    assert code == 2
    assert err.strip() == (
        "samenbot: cannot reach the Bot API at http://127.0.0.1:9: "
        "check the network connection and TELEGRAM_API_BASE_URL"
    )


async def test_a_sqlite_file_in_a_missing_directory_is_one_line(tmp_path):
    async with BotApiDouble() as api:
        code, _, err = await start(
            {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'samenbot.db'}",
            },
            tmp_path,
        )
    assert code == 2
    assert err.strip() == (
        f"samenbot: DATABASE_URL: the directory {tmp_path / 'nowhere'} does not exist; "
        "create it or point DATABASE_URL at an existing directory"
    )


async def test_an_unreachable_postgresql_is_one_line_without_its_password(tmp_path):
    async with BotApiDouble() as api:
        code, out, err = await start(
            {
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": "postgresql+asyncpg://samen:geheim-wachtwoord@127.0.0.1:9/samen",
            },
            tmp_path,
        )
    assert code == 2
    assert err.strip().splitlines() == [err.strip()]
    assert "cannot open the database at 127.0.0.1:9/samen" in err
    assert "geheim-wachtwoord" not in err + out
