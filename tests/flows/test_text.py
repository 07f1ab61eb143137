"""`visible()`: what a member sees of a text, so an invisible answer is never stored."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.text import is_blank, visible


@pytest.mark.parametrize(
    "text",
    [
        "\u200b",
        "\u200b\u200c\u200d\u2060\ufeff",
        " \u200e\u200f ",
        "\u3164",
        "\u2800\n\u200b",
        "\u00ad",
    ],
)
def test_only_invisible_characters_is_blank(text):
    assert is_blank(text)
    assert visible(text) == ""


def test_visible_text_keeps_its_words_and_lines():
    assert visible("Onderzoekende\u200b houding\n\u200b\nEigenaarschap") == (
        "Onderzoekende houding\nEigenaarschap"
    )


def test_emoji_sequences_stay_whole():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert visible(family) == family


@given(st.text())
def test_visible_never_raises_and_is_idempotent(text):
    shown = visible(text)
    assert visible(shown) == shown
