"""`samenbot flows show <flow> --json` gives everything a maintainer reviews a flow by: the
intros and help texts as well as the questions, and which groups hold each card."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def show_json(flow_id: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "flows", "show", flow_id, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_show_json_includes_the_intros_the_help_texts_and_who_holds_each_card():
    structure = show_json("kwaliteitskader")
    assert structure["intro"].startswith("Het kwaliteitskader maakt onderscheid")
    assert structure["scope"] == "any"
    first = structure["cards"][0]
    assert first["intro"].startswith(
        "Het kwaliteitskader maakt onderscheid tussen de basiskwaliteit"
    )
    assert first["held_by"] == ["partnership", "region"]
    rating = structure["cards"][1]["questions"][0]
    assert "hulpmiddel van samenbot" in rating["help"]


def test_show_json_names_an_unnumbered_card_by_its_title():
    cards = show_json("visie-op-beroep")["cards"]
    assert [card["label"] for card in cards][-1] == "Tot slot"
    assert cards[2]["held_by"] == ["region"]
    assert {"card": 5, "of": "region"} in cards[-1]["context"]
