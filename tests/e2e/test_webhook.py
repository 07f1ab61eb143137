"""`samenbot run --webhook`: a real process that registers its webhook with a secret token and
answers updates POSTed to it the way Telegram delivers them; a wrong secret is turned away."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import aiohttp

from bot.sandbox import BotApiDouble

SECRET = "geheim-token-123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def help_update(update_id: int, chat: dict, user: dict) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 100 + update_id,
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }


def start_webhook_bot(environ: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--webhook"],
        env=environ,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=log.parent,
    )


async def deliver(url: str, update: dict, secret: str) -> int:
    """POST an update as Telegram does, retrying while the webhook is not listening yet (PTB
    registers the webhook a moment before its server accepts connections; Telegram retries)."""
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.post(url, data=json.dumps(update), headers=headers) as response:
                    return response.status
            except aiohttp.ClientConnectorError:
                await asyncio.sleep(0.05)
    raise AssertionError(f"the webhook at {url} never accepted a connection")


async def test_the_bot_runs_on_a_webhook_with_a_secret_token(tmp_path):
    port = free_port()
    async with BotApiDouble() as api:
        anna = api.user("Anna")
        group = api.group("Partnerschap Noord", bot_is_member=True)
        environ = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}",
            "WEBHOOK_URL": f"http://127.0.0.1:{port}",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
        }
        log = tmp_path / "bot.log"
        process = start_webhook_bot(environ, log)
        try:
            await api.wait_for(lambda: api.webhook.get("url"), timeout=60)
            assert api.webhook["url"] == f"http://127.0.0.1:{port}/telegram"
            assert api.webhook["secret_token"] == SECRET

            chat, user = group.chat.to_api(), anna.to_api()
            forged = await deliver(api.webhook["url"], help_update(1, chat, user), "fout")
            real = await deliver(api.webhook["url"], help_update(2, chat, user), SECRET)
            assert forged == 403
            assert real == 200
            answer = await group.next_bot_message(timeout=20)
        finally:
            process.terminate()
            process.wait(timeout=30)

    assert "samenbot" in answer.text and "/koppel" in answer.text
    assert group.unread_bot_messages() == [], "the forged update was not answered"
    assert api.token not in log.read_text(), "the token never appears in the log"
