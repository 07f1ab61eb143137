"""`samenbot demo`: the scripted session and the interactive mode, run in-process through the
same function the command uses, with an output stream (and an input function) of the test."""

from __future__ import annotations

import io
import re
import tempfile
import time

from bot.cli.demo_command import run_demo
from bot.demo.terminal import Style, html_to_terminal


def _play(**options) -> tuple[int, str]:
    out = io.StringIO()
    code = run_demo(out, **options)
    return code, out.getvalue()


def test_the_scripted_demo_plays_cards_one_and_two_and_ends_with_the_outcome_card(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    started = time.monotonic()
    code, text = _play()
    seconds = time.monotonic() - started

    assert code == 0
    assert seconds < 15, f"the demo took {seconds:.1f} s"
    assert list(tmp_path.iterdir()) == [], "the temporary database directory is removed"
    assert "\x1b[" not in text, "no ANSI codes when the output is not a terminal"
    assert "Partnerschap Samen Opleiden Noord" in text
    # card 1: the choice with its buttons and tally, then the open questions
    assert "Kaart 1 · vraag 1/4" in text
    assert (
        "Heeft de visie die jullie momenteel uitdragen betrekking op de (aanstaande) leraar" in text
    )
    assert "De (aanstaande) leraar: 2" in text, "the final tally stays on the question"
    assert "Deze vraag is gesloten." in text, "its buttons went when the group moved on"
    assert "Maak expliciet waarom voor deze afbakening is gekozen." in text
    assert "Anna: /volgende" in text
    assert "Kaartje 1. Visie op beroep: Uitkomsten" in text
    # card 2: the questions and the members' answers, one of them edited
    assert "Wat zijn de kernelementen van jullie visie op het beroep?" in text
    assert "Hoe is de visie op het beroep tot stand gekomen?" in text
    assert "Levert de bespreking nieuwe inzichten op? Welke?" in text
    assert re.search(r"Bram ↩ Kaart 2 · vraag 1/5: \* Onderzoekende houding .*\(bewerkt\)", text)
    assert "Fatima ↩ Kaart 2 · vraag 2/5: Tijdens twee werksessies" in text

    # the transcript ends with card 2's outcome card: merged answers, the specific list, themes
    outcome = text[text.index("Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten") :]
    assert "Kaart 4" not in outcome and "Kaart 3" not in outcome
    assert (
        "In twee werksessies met schoolopleiders en instituutsopleiders. (Anna, Fatima)" in outcome
    )
    assert "Specifiek voor het partnerschap" in outcome
    assert "Eigenaarschap over het eigen leren (Anna, Bram, Fatima)" in outcome
    assert "Pedagogisch vakmanschap (Bram, Fatima)" in outcome, "the edit fixed Bram's typo"
    assert "vakmanschp" not in outcome
    assert "Thema's" in outcome and "gedeeld door 3" in outcome
    last_line = text.rstrip().splitlines()[-1]
    assert last_line.startswith("  • "), last_line


class Typist:
    """input() of a person at the prompt: the scripted lines, then Ctrl-D."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


def test_interactive_mode_answers_switches_member_presses_a_button_and_quits():
    typist = Typist(
        "/knop De (aanstaande) leraar",
        "/as Bram",
        "/knop aanstaande leraar",
        "/as Anna",
        "/knop Volgende",
        "Omdat de bekwaamheidseisen de norm zijn.",
        "/as Bram",
        "Omdat de visie in alle partnerschappen is uitgewerkt.",
        "/status",
        "/quit",
        "never read",
    )
    code, text = _play(interactive=True, read=typist)

    assert code == 0
    assert typist.prompts == ["Anna> "] * 2 + ["Bram> "] * 2 + ["Anna> "] * 3 + ["Bram> "] * 3
    assert typist.lines == ["never read"], "/quit ends the session"
    assert "Kaart 1 · vraag 1/4" in text
    assert "De (aanstaande) leraar: 2" in text, "both votes are in the tally"
    assert "Je bent nu Bram Jansen (schoolopleider)." in text
    assert "Kaart 1 · vraag 2/4" in text
    assert "Anna ↩ Kaart 1 · vraag 2/4: Omdat de bekwaamheidseisen de norm zijn.  👍" in text
    assert (
        "Bram ↩ Kaart 1 · vraag 2/4: Omdat de visie in alle partnerschappen is uitgewerkt.  👍"
        in text
    )
    assert "Bram: /status" in text
    assert text.rstrip().endswith("De demo-groep en zijn database worden opgeruimd.")


def test_interactive_mode_ends_on_end_of_input_and_explains_unknown_members_and_buttons():
    typist = Typist("/as Zed", "/knop Bestaat niet")
    code, text = _play(interactive=True, read=typist)

    assert code == 0
    assert "Wie? Kies uit: Anna, Bram, Fatima" in text
    assert "Welke knop? [De (aanstaande) leraar]" in text


def test_bot_html_becomes_terminal_emphasis_only_on_a_terminal():
    html = "<b>Thema's</b> &amp; <i>(Bram)</i> <a href='https://example.org'>bron</a>"
    assert html_to_terminal(html, Style.plain()) == "Thema's & (Bram) bron (https://example.org)"
    fancy = html_to_terminal(html, Style(ansi=True))
    assert fancy.startswith("\x1b[1mThema's\x1b[0m & \x1b[3m(Bram)\x1b[0m")
