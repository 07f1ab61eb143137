"""Reading the words after /peerreview."""

from __future__ import annotations

from datetime import date

import pytest

from bot.handlers.peer_review import (
    BadDate,
    PlanReview,
    parse_peer_review_arguments,
    parse_visit_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-01", date(2027, 3, 1)),
        ("2027-3-1", date(2027, 3, 1)),
        ("1-3-2027", date(2027, 3, 1)),
        ("01.03.2027", date(2027, 3, 1)),
        ("2027-02-30", None),
        ("20270301", None),
        ("morgen", None),
        ("", None),
    ],
)
def test_a_visit_date(text, expected):
    assert parse_visit_date(text) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "show"),
        (["annuleer"], "cancel"),
        (["Cancel"], "cancel"),
        (["ics"], "ics"),
        (["2027-03-01"], PlanReview(date(2027, 3, 1))),
        (["1", "maart"], BadDate("1 maart")),
        (["2027-13-01"], BadDate("2027-13-01")),
        (["morgen"], "usage"),
    ],
)
def test_the_arguments(args, expected):
    assert parse_peer_review_arguments(args) == expected
