"""Outcome cards as Telegram messages: escaped, valid Telegram HTML, split to fit."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.rendering import render_outcome_telegram
from bot.sandbox.html_entities import parse_telegram_html, validate_telegram_html
from bot.templating import create_environment
from flows.responses import Responses
from flows.synthesis import synthesize
from tests.synthesis.fixtures import (
    ANNA,
    BRAM,
    CARLA,
    DAAN,
    card,
    region_card3,
    say,
    visie_card1,
    visie_card2,
    visie_flow,
    waarborg1,
)

TELEGRAM_TAGS = {"b", "i", "u", "s", "code", "pre", "blockquote", "a"}
LONG_ANSWER = " ".join(["Wij leiden samen op, met aandacht voor elke student & school."] * 66)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def tags_in(message: str) -> set[str]:
    parser = _Tags()
    parser.feed(message)
    return parser.tags


def hostile_outcome():
    flow = visie_flow()
    answers = [
        say(2, "kernelementen", ANNA, "<b>Vet</b> & trots\n<script>alert('x')</script>"),
        say(2, "kernelementen", BRAM, "Samen opleiden & professionaliseren"),
        say(2, "totstandkoming", CARLA, LONG_ANSWER),
        say(
            2, "totstandkoming", DAAN, "Via <a href='https://example.org'>deze link</a> &amp; meer"
        ),
    ]
    return synthesize(flow, card(flow, 2), Responses.of(answers))


def test_the_card_starts_with_its_bold_uitkomsten_heading():
    messages = render_outcome_telegram(visie_card2())
    assert messages[0].startswith("<b>Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten</b>")


def test_member_text_is_escaped_never_markup():
    messages = render_outcome_telegram(hostile_outcome())
    text = "\n\n".join(messages)
    assert "&lt;b&gt;Vet&lt;/b&gt; &amp; trots" in text
    assert "&lt;script&gt;" in text
    assert "<script" not in text
    assert "&lt;a href=" in text
    assert "&amp;amp; meer" in text
    visible = "\n".join(parse_telegram_html(message).text for message in messages)
    assert "<b>Vet</b> & trots" in visible
    assert "<script>alert('x')</script>" in visible


def test_a_long_card_is_split_into_valid_messages_of_at_most_4096_characters():
    assert len(LONG_ANSWER) >= 4000
    messages = render_outcome_telegram(hostile_outcome())
    assert len(messages) >= 2
    for message in messages:
        assert len(message) <= 4096
        assert validate_telegram_html(message) <= 4096
        assert tags_in(message) <= TELEGRAM_TAGS
    visible = "".join(parse_telegram_html(message).text for message in messages)
    assert "".join(LONG_ANSWER.split()) in "".join(visible.split())


@pytest.mark.parametrize("outcome", [visie_card1, visie_card2, waarborg1, region_card3])
def test_every_outcome_card_is_valid_telegram_html(outcome):
    messages = render_outcome_telegram(outcome().with_narrative("Kort & <goed>."))
    assert messages
    for message in messages:
        assert validate_telegram_html(message) <= 4096
        assert tags_in(message) <= TELEGRAM_TAGS


def test_counts_attributions_and_flags_read_as_the_group_expects():
    kernelementen = "\n".join(render_outcome_telegram(visie_card2()))
    assert "• Onderzoekende houding <i>(Anna, Bram, Carla, Daan)</i>" in kernelementen
    assert "<i>6 van 10 deelnemers</i>" in kernelementen
    assert "<u>Specifiek voor het partnerschap</u>" in kernelementen
    assert "gedeeld door 4" in kernelementen
    ratings = "\n".join(render_outcome_telegram(waarborg1()))
    assert "⚠️ bespreekpunt" in ratings
    assert "mediaan 2,5" in ratings
    assert "nog geen overeenstemming" in ratings
    assert (
        "2× niet zichtbaar, 1× beperkt zichtbaar, 1× grotendeels zichtbaar, 2× volledig zichtbaar"
        "\n   mediaan 2,5 · <b>⚠️ bespreekpunt</b>" in ratings
    )
    assert "één afwijkende stem telt niet" in ratings
    # One low outlier among raters who agree is no bespreekpunt.
    assert (
        "2× niet zichtbaar, 3× beperkt zichtbaar, 1× grotendeels zichtbaar\n   mediaan 2\n"
        in ratings
    )


def test_questions_come_in_the_cards_order_lists_included():
    flow = visie_flow()
    text = "\n".join(render_outcome_telegram(visie_card2()))
    asked = [q.text for q in card(flow, 2).questions if f"<b>{q.text}</b>" in text]
    positions = [text.index(f"<b>{question}</b>") for question in asked]
    assert len(asked) >= 3
    assert positions == sorted(positions)


def test_an_anonymous_question_is_rendered_without_names():
    text = "\n".join(render_outcome_telegram(visie_card2()))
    section = text.split("<b>Levert de bespreking nieuwe inzichten op? Welke?</b>")[1]
    section = section.split("\n\n")[0]
    for name in ("Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ivo", "Joost"):
        assert name not in section


def test_the_region_card_shows_what_partnerships_share_and_what_is_their_own():
    text = "\n".join(render_outcome_telegram(region_card3()))
    assert "Wat ze delen" in text
    assert "Partnerschap Gooi &amp; Vecht" in text
    assert "Verbinding met het platteland <i>(specifiek)</i>" in text


def test_a_card_nobody_answered_says_so():
    flow = visie_flow()
    messages = render_outcome_telegram(synthesize(flow, card(flow, 1), Responses()))
    assert "geen antwoorden" in messages[0]


def test_a_region_can_bring_its_own_outcome_template(tmp_path: Path):
    (tmp_path / "outcome").mkdir()
    (tmp_path / "outcome" / "kort.tg.html.j2").write_text(
        "<b>{{ outcome.title }}</b>\n{% for q in outcome.answers %}{{ q.question }}\n{% endfor %}",
        encoding="utf-8",
    )
    env = create_environment([tmp_path])
    messages = render_outcome_telegram(hostile_outcome(), template="kort", env=env)
    assert messages == [
        "<b>Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten</b>\n"
        "Hoe is de visie op het beroep tot stand gekomen?"
    ]
