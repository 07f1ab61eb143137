"""`samenbot chats` says which chat ids and run ids `export` can take; `export --output -`
writes to stdout; a missing directory is said, not raised."""

import asyncio
import subprocess
import sys

from tests.cli.test_cli import ROOT, samenbot
from tests.cli.test_export_command import a_chat_with_an_outcome_card


def test_chats_lists_each_chat_with_its_binding_and_runs(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}"
    asyncio.run(a_chat_with_an_outcome_card(url))

    result = samenbot("chats", env={"DATABASE_URL": url})

    assert result.returncode == 0, result.stderr
    chat_line, run_line = result.stdout.splitlines()
    assert chat_line.split("\t") == [
        "-100777",
        "Partnerschap Noord",
        "partnership: Partnerschap Noord",
        "region: Oost",
    ]
    assert run_line.split("\t")[:3] == ["    run 1", "visie-op-beroep", "active"]


def test_export_to_stdout_writes_the_document_itself(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}"
    asyncio.run(a_chat_with_an_outcome_card(url))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--chat", "-100777", "--format", "md", "-o", "-"],
        capture_output=True,
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Onderzoekende houding" in result.stdout.decode()
    assert "to stdout" in result.stderr.decode()


def test_export_into_a_missing_directory_is_one_clear_line(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}"
    target = tmp_path / "missing" / "x.docx"

    result = samenbot(
        "export", "--chat", "-100777", "--output", str(target), env={"DATABASE_URL": url}
    )

    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"samenbot: --output: the directory {tmp_path / 'missing'} does not exist; create it first"
    )
