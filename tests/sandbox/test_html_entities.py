"""Telegram-HTML: the tags and entities Telegram accepts, and its error texts."""

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.sandbox import ParseEntitiesError, parse_telegram_html, utf16_len, validate_telegram_html


def error_of(text: str) -> str:
    with pytest.raises(ParseEntitiesError) as caught:
        validate_telegram_html(text)
    return caught.value.description


@pytest.mark.parametrize(
    "text",
    [
        "<b>vet</b> <strong>vet</strong> <i>schuin</i> <em>schuin</em>",
        "<u>onder</u> <ins>onder</ins> <s>door</s> <strike>door</strike> <del>door</del>",
        '<span class="tg-spoiler">geheim</span> <tg-spoiler>geheim</tg-spoiler>',
        "<code>x = 1</code>",
        "<pre>blok</pre>",
        '<pre><code class="language-python">print("hoi")</code></pre>',
        '<a href="https://example.nl/?a=1&amp;b=2">link</a>',
        "<blockquote>citaat</blockquote> <blockquote expandable>lang citaat</blockquote>",
        "&lt;tag&gt; &amp; &quot;quote&quot; &#39;x&#39; &#x27;y&#x27;",
        "<B>HOOFDLETTERS</B>",
        "<b>vet <i>en schuin</i></b>",
    ],
)
def test_every_tag_and_entity_telegram_documents_is_accepted(text: str) -> None:
    assert validate_telegram_html(text) > 0


def test_the_visible_length_counts_text_without_tags_in_utf16_units() -> None:
    assert validate_telegram_html("<b>Kaart</b> 1 &amp; 2") == len("Kaart 1 & 2")
    assert validate_telegram_html("🎉 <i>klaar</i>") == 2 + 1 + 5  # an emoji is 2 UTF-16 units


def test_surrounding_whitespace_is_not_counted_and_offsets_shift() -> None:
    parsed = parse_telegram_html("\n  <b>Vet</b> tekst \n")
    assert parsed.text == "Vet tekst"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 3}]


def test_entities_carry_utf16_offsets_urls_and_languages() -> None:
    parsed = parse_telegram_html(
        '😀 <a href="https://x.nl">x</a> <pre><code class="language-py">p</code></pre>'
    )
    assert parsed.entities == [
        {"type": "text_link", "offset": 3, "length": 1, "url": "https://x.nl"},
        {"type": "pre", "offset": 5, "length": 1, "language": "py"},
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("Hallo <br> wereld", 'Unsupported start tag "br" at byte offset 6'),
        ("<p>alinea</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<b>vet", 'Can\'t find end tag corresponding to start tag "b"'),
        ("tekst</b>", "Unexpected end tag at byte offset 5"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("3 < 4", 'Unsupported start tag "" at byte offset 2'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<a href="x>y</a>', "Unclosed start tag at byte offset 0"),
        ("Jip & Janneke", "Character entity expected at byte offset 4"),
        ("&nbsp;", "Character entity expected at byte offset 0"),
        ("&lt zonder puntkomma", "Character entity expected at byte offset 0"),
        (
            '<tg-emoji emoji-id="1">x</tg-emoji>',
            'Unsupported start tag "tg-emoji" at byte offset 0',
        ),
    ],
)
def test_unsupported_markup_is_refused_with_telegrams_description(text: str, reason: str) -> None:
    assert error_of(text) == f"Bad Request: can't parse entities: {reason}"


def test_byte_offsets_count_utf8_bytes_like_telegram() -> None:
    assert error_of(
        "één <x>"
    )  # é is two bytes.endswith('Unsupported start tag "x" at byte offset 6')


@given(st.text())
def test_any_text_escaped_with_html_escape_is_valid_and_keeps_its_length(text: str) -> None:
    escaped = f"<b>Naam</b>: {html.escape(text)}"
    expected = utf16_len(f"Naam: {text}".strip(" \t\r\n\f\v\u00a0\u2028\u2029"))
    assert validate_telegram_html(escaped) == expected
