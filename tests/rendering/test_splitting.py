"""Splitting Telegram HTML into messages: at paragraphs, never inside a tag or an entity."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rendering.splitting import split_html, visible_length
from bot.sandbox.html_entities import parse_telegram_html, validate_telegram_html


def visible(pieces: list[str]) -> str:
    return "".join(parse_telegram_html(piece).text for piece in pieces)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_a_short_text_is_one_message():
    assert split_html("<b>Kop</b>\n\nEen alinea.") == ["<b>Kop</b>\n\nEen alinea."]


def test_paragraphs_are_kept_whole_when_they_fit():
    paragraphs = [f"<b>Vraag {n}</b>\n" + "• antwoord\n" * 20 for n in range(6)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    pieces = split_html(text, limit=700)
    for piece in pieces:
        assert piece.startswith("<b>Vraag ")
        assert piece.count("<b>Vraag ") in (1, 2, 3)
        assert visible_length(piece) <= 700


def test_a_long_paragraph_is_split_at_lines_then_words():
    lines = "\n".join(f"• regel {n} met wat woorden erin" for n in range(200))
    pieces = split_html(lines, limit=500)
    assert all(piece.startswith("• regel") for piece in pieces)
    words = "woord " * 400
    pieces = split_html(words.strip(), limit=300)
    assert all(piece.endswith("woord") and piece.startswith("woord") for piece in pieces)
    assert squeeze(visible(pieces)) == squeeze(words)


def test_open_tags_are_closed_and_reopened_with_their_attributes():
    text = (
        '<blockquote><a href="https://example.org/?a=1&amp;b=2">'
        + "link " * 300
        + "</a></blockquote>"
    )
    pieces = split_html(text, limit=400)
    assert len(pieces) > 3
    for piece in pieces:
        assert piece.startswith('<blockquote><a href="https://example.org/?a=1&amp;b=2">')
        assert piece.endswith("</a></blockquote>")
        validate_telegram_html(piece)


def test_an_entity_is_never_cut_and_counts_as_one_character():
    text = "&amp;" * 5000
    pieces = split_html(text)
    for piece in pieces:
        assert len(piece) <= 4096
        assert piece.endswith(";")
        validate_telegram_html(piece)
    assert visible(pieces) == "&" * 5000


def test_an_endless_word_is_cut_between_characters():
    pieces = split_html("<b>" + "x" * 9000 + "</b>")
    assert [visible_length(piece) for piece in pieces] == [4089, 4089, 822]
    assert visible(pieces) == "x" * 9000


def test_emoji_count_double_as_telegram_counts_them():
    pieces = split_html("📊" * 3000)
    assert [visible_length(piece) for piece in pieces] == [4096, 1904]
    assert visible(pieces) == "📊" * 3000


def test_a_lone_heading_is_not_left_behind_before_a_paragraph_that_must_be_split_anyway():
    text = "<b>Kop</b>\n\n" + "\n".join(f"• regel {n}" for n in range(400))
    pieces = split_html(text, limit=1000)
    assert pieces[0].startswith("<b>Kop</b>\n\n• regel 0")


_words = st.text(alphabet="abcdeé&<>\"' 📊", min_size=1, max_size=30)
_blocks = st.lists(
    st.tuples(st.sampled_from(["", "b", "i", "u", "blockquote", "code"]), _words),
    min_size=1,
    max_size=60,
)
_separators = st.sampled_from([" ", "\n", "\n\n"])


@settings(max_examples=150, deadline=None)
@given(_blocks, st.lists(_separators, min_size=60, max_size=60), st.integers(60, 400))
def test_any_escaped_text_splits_into_valid_pieces_that_keep_every_character(
    blocks, separators, limit
):
    parts = []
    for (tag, words), separator in zip(blocks, separators, strict=False):
        escaped = html.escape(words, quote=False)
        parts.append(f"<{tag}>{escaped}</{tag}>" if tag else escaped)
        parts.append(separator)
    text = "".join(parts)
    pieces = split_html(text, limit=limit)
    for piece in pieces:
        assert len(piece.encode("utf-16-le")) // 2 <= limit
        assert validate_telegram_html(piece) <= limit
    assert squeeze(visible(pieces)) == squeeze(parse_telegram_html(text.strip()).text)
