"""The `samenbot` command line, run as a real process: exit codes, stdout and stderr."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def samenbot(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd or ROOT,
        timeout=120,
    )


def test_help_lists_every_subcommand():
    result = samenbot("--help")
    assert result.returncode == 0
    for command in ("run", "demo", "flows", "db", "export"):
        assert command in result.stdout


def test_all_shipped_flows_validate():
    result = samenbot("flows", "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("8 flow(s) valid")


def test_validate_lists_every_error_of_every_file_and_exits_1(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\ntitle: A\nsource: s\nversion: 1\ncards: []\n")
    (tmp_path / "b.yaml").write_text(
        "id: b\ntitle: B\nsource: s\nversion: 1\nkleur: rood\ncards: []\n"
    )
    result = samenbot("flows", "validate", str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path / 'a.yaml'}:5: cards: needs at least 1 entries" in result.stderr
    assert f"{tmp_path / 'b.yaml'}:5: kleur: unknown key 'kleur'" in result.stderr
    assert "3 error(s) in 2 file(s)" in result.stderr


def test_a_regions_own_flow_may_refer_to_the_shipped_flows(tmp_path):
    own = (ROOT / "flows/definitions/visie-op-beroep.yaml").read_text()
    own = own.replace("id: visie-op-beroep", "id: eigen-visie", 1)
    (tmp_path / "eigen.yaml").write_text(own)
    result = samenbot("flows", "validate", str(tmp_path / "eigen.yaml"))
    assert result.returncode == 0, result.stderr
    assert "eigen-visie" in result.stdout


def test_list_shows_the_eight_flows_with_their_card_counts():
    result = samenbot("flows", "list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 8
    assert any(line.startswith("visie-op-beroep") and "6 kaarten" in line for line in lines)


def test_show_json_gives_cards_and_questions_with_id_type_text_and_options():
    result = samenbot("flows", "show", "visie-op-beroep", "--json")
    structure = json.loads(result.stdout)
    first = structure["cards"][0]["questions"][0]
    assert structure["id"] == "visie-op-beroep"
    assert [card["number"] for card in structure["cards"]] == [1, 2, 3, 4, 5, 6]
    assert {"id", "type", "text"} <= set(first)
    assert [option["id"] for option in first["options"]] == ["leraar", "alle"]


def test_show_mermaid_draws_a_flowchart():
    result = samenbot("flows", "show", "kwaliteitskader", "--mermaid")
    assert result.returncode == 0
    assert result.stdout.startswith("flowchart TD")
    assert "Kaartje" in result.stdout


def test_an_unknown_flow_is_named_with_the_known_ones():
    result = samenbot("flows", "show", "onbekend")
    assert result.returncode == 1
    assert "unknown flow 'onbekend'" in result.stderr and "visie-op-beroep" in result.stderr


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"DATABASE_URL": "mysql://localhost/x"}, "samenbot: DATABASE_URL: use sqlite+aiosqlite"),
        ({"BOT_LANGUAGE": "fr"}, "samenbot: BOT_LANGUAGE: Input should be 'nl' or 'en'"),
        ({"BOT_TIMEZONE": "Mars/Olympus"}, "samenbot: BOT_TIMEZONE: unknown time zone"),
    ],
)
def test_a_wrong_setting_gives_one_line_naming_the_variable_and_exit_2(env, line):
    result = samenbot("db", "upgrade", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(line)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_running_without_a_token_says_how_to_get_one(tmp_path):
    result = samenbot("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr and "samenbot demo" in result.stderr


def test_db_upgrade_creates_the_schema_once(tmp_path):
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'nieuw.db'}"}
    first = samenbot("db", "upgrade", env=env)
    second = samenbot("db", "upgrade", env=env)
    assert first.returncode == 0 and "upgraded from empty" in first.stdout
    assert second.returncode == 0 and "up to date" in second.stdout


def test_export_of_an_unknown_chat_says_so(tmp_path):
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'leeg.db'}"}
    result = samenbot("export", "--chat", "-100123", env=env)
    assert result.returncode == 1
    assert "no chat -100123" in result.stderr


def test_a_broken_peer_review_timeline_stops_the_bot_before_it_starts(tmp_path):
    (tmp_path / "tijdlijn.yaml").write_text("source: x\nversion: 1\nmilestones: [{id: a}]\n")
    env = {"TELEGRAM_BOT_TOKEN": "123:abc", "PEER_REVIEW_TIMELINE": str(tmp_path / "tijdlijn.yaml")}
    result = samenbot("run", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "PEER_REVIEW_TIMELINE is not valid" in result.stderr and "Traceback" not in result.stderr
