"""Callback data is parsed strictly: what the bot emits comes back as a value, anything else
as None — never an exception, whatever a client sends."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.handlers.callback_data import (
    ArchivedRun,
    ForgetAnswer,
    ItemInfo,
    Navigation,
    RatingCast,
    StartFlow,
    VoteChoice,
    bounded_int,
    parse_callback,
)


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        ("v:0", VoteChoice(0)),
        ("v:12", VoteChoice(12)),
        ("r:1:4", RatingCast(1, 4)),
        ("r:0:-1", RatingCast(0, -1)),
        ("i:3", ItemInfo(3)),
        ("nav:next", Navigation("next")),
        ("nav:skip", Navigation("skip")),
        ("start:visie-op-beroep", StartFlow("visie-op-beroep")),
        ("sum:42", ArchivedRun(42)),
        ("forget:yes:123456", ForgetAnswer(True, 123456)),
        ("forget:no:123456", ForgetAnswer(False, 123456)),
    ],
)
def test_what_the_bot_emits_comes_back_as_a_value(data, parsed):
    assert parse_callback(data) == parsed


@pytest.mark.parametrize(
    "data",
    [
        "v:1:2:3",
        "v:99999999999999999999999",
        "v:-1",
        "v:²",
        "v:٣",
        "v: 1",
        "v:01",
        "r:1",
        "r:1:2:3",
        "r:99999999999999999999999:1",
        "r:0:99999999999999999999999",
        "i:",
        "nav:back",
        "start:",
        "start:../../etc",
        "sum:0",
        "sum:99999999999999999999999",
        "sum:abc",
        "forget:maybe:1",
        "forget:yes",
        "forget:yes:0",
        "",
        None,
        "x" * 65,
        "something-else",
    ],
)
def test_malformed_or_foreign_data_is_none(data):
    assert parse_callback(data) is None


@given(st.text(max_size=80))
def test_any_text_parses_or_is_none(data):
    parsed = parse_callback(data)
    assert parsed is None or data.isascii()


@given(st.from_regex(r"(v|i|r|sum|forget|start|nav)(:[-0-9a-z²٣]{0,30}){0,4}", fullmatch=True))
def test_prefix_shaped_data_is_bounded(data):
    parsed = parse_callback(data)
    for number in vars(parsed).values() if parsed else ():
        if isinstance(number, int) and not isinstance(number, bool):
            assert abs(number) < 2**53


@given(st.integers(), st.integers(-10, 10), st.integers(-10, 10))
def test_bounded_int_stays_in_its_bounds(value, low, high):
    parsed = bounded_int(str(value), low, high)
    assert parsed is None or low <= parsed <= high
