"""/vergelijk's words and the ledger's buttons are parsed strictly: anything else is refused."""

import pytest

from bot.handlers.callback_data import ActionPress, parse_callback
from bot.handlers.comparison import parse_compare_arguments


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        (["kwaliteitskader"], ("kwaliteitskader", None, False)),
        (["Kwaliteitskader", "kaart", "2"], ("kwaliteitskader", 2, False)),
        (["kwaliteitskader", "kaart", "2", "docx"], ("kwaliteitskader", 2, True)),
        (["kwaliteitskader", "word"], ("kwaliteitskader", None, True)),
        ([], ""),
        (["kwaliteitskader", "kaart"], "kaart"),
        (["kwaliteitskader", "kaart", "²"], "kaart ²"),
        (["kwaliteitskader", "kaart", "99999"], "kaart 99999"),
        (["kwaliteitskader", "pdf"], "pdf"),
    ],
)
def test_compare_arguments(args, parsed):
    assert parse_compare_arguments(args) == parsed


@pytest.mark.parametrize(
    ("data", "press"),
    [
        ("act:k:12:o", ActionPress("k", 12, False)),
        ("act:p:1:a", ActionPress("p", 1, True)),
        ("act:x:12:o", None),
        ("act:k:12", None),
        ("act:k:0:o", None),
        ("act:k:99999999999:o", None),
        ("act:k:١٢:o", None),
        ("act:k:12:o:extra", None),
        ("act::12:o", None),
        ("act:kb:12:o", None),
        ("act:k:12:", None),
        ("act:k:12:ao", None),
        (None, None),
    ],
)
def test_action_buttons(data, press):
    assert parse_callback(data) == press
    if press is not None:
        assert press.data == data, "the button carries what it is parsed from"
