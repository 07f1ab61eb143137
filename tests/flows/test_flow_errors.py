"""Every kind of malformed flow gets a message naming file, line, place and reason."""

import textwrap

import pytest

from flows.catalog import collect
from flows.loader import load_flow_text

VALID = """\
id: proef
title: Proef
source: 000.txt
version: 1
cards:
  - number: 1
    title: Een
    questions:
      - id: wie
        type: choice
        text: Voor wie is de visie?
        options:
          - {id: leraar, label: De leraar}
          - {id: alle, label: Alle onderwijsprofessionals}
      - id: waarom
        type: open
        text: Waarom?
    outcome:
      title: "Kaartje 1. Proef: Uitkomsten"
"""


def errors_of(text: str) -> list[str]:
    result = load_flow_text(textwrap.dedent(text), "x.yaml")
    assert isinstance(result, list), "the flow should have been refused"
    return [str(error) for error in result]


def test_the_valid_example_loads():
    assert not isinstance(load_flow_text(VALID, "x.yaml"), list)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            ("          - {id: alle, label: Alle onderwijsprofessionals}\n", ""),
            "x.yaml:12: cards[0].questions[0].options: a choice question needs at least 2 options",
            id="choice-with-one-option",
        ),
        pytest.param(
            ("    title: Een\n", "    title: Een\n    colour: rood\n"),
            "x.yaml:8: cards[0].colour: unknown key 'colour'",
            id="unknown-key",
        ),
        pytest.param(
            ("        type: open\n", "        type: essay\n"),
            "x.yaml:16: cards[0].questions[1].type: 'essay' is not one of "
            "'open', 'list', 'choice', 'multi', 'rating' or 'info'",
            id="unknown-question-type",
        ),
        pytest.param(
            ("      - id: waarom\n", "      - id: wie\n"),
            "x.yaml:15: cards[0].questions[1].id: question id 'wie' is used twice",
            id="duplicate-question-id",
        ),
        pytest.param(
            (
                "        text: Waarom?\n",
                "        text: Waarom?\n        when: {question: later, answered: true}\n",
            ),
            "x.yaml:18: cards[0].questions[1].when.question: 'later' is not an earlier question of this flow",
            id="condition-on-a-later-question",
        ),
        pytest.param(
            (
                "        text: Waarom?\n",
                "        text: Waarom?\n        when: {question: wie, equals: niemand}\n",
            ),
            "x.yaml:18: cards[0].questions[1].when: 'wie' has no option 'niemand'",
            id="condition-on-an-unknown-option",
        ),
        pytest.param(
            ("        text: Waarom?\n", "        text: Waarom?\n        when: {question: wie}\n"),
            "x.yaml:18: cards[0].questions[1].when: a condition needs exactly one of equals, "
            "not_equals, in, answered",
            id="condition-without-operator",
        ),
        pytest.param(
            ("        text: Waarom?\n", '        text: "Waarom {{ straks }}?"\n'),
            "x.yaml:17: cards[0].questions[1].text: '{{ straks }}' is not an earlier question",
            id="piping-an-unknown-question",
        ),
        pytest.param(
            (
                "        type: open\n        text: Waarom?\n",
                "        type: rating\n        text: Hoe zichtbaar?\n"
                "        scale:\n          - {value: 1, label: niet}\n          - {value: 3, label: volledig}\n",
            ),
            "x.yaml:18: cards[0].questions[1].scale: scale values must be consecutive whole numbers, rising",
            id="scale-with-a-gap",
        ),
        pytest.param(
            (
                "        type: open\n        text: Waarom?\n",
                "        type: rating\n        text: Hoe zichtbaar?\n"
                "        scale:\n          - {value: 1}\n          - {value: 2, label: wel}\n",
            ),
            "x.yaml:19: cards[0].questions[1].scale[0].label: 'label' is required",
            id="scale-point-without-label",
        ),
        pytest.param(
            ("        text: Waarom?\n", "        text: '   '\n"),
            "x.yaml:17: cards[0].questions[1].text: must not be empty",
            id="empty-question-text",
        ),
        pytest.param(
            ('      title: "Kaartje 1. Proef: Uitkomsten"\n', "      sections: [answers]\n"),
            "x.yaml:18: cards[0].outcome.title: 'title' is required",
            id="outcome-without-title",
        ),
        pytest.param(
            ("id: proef\n", "id: Proef Flow\n"),
            "x.yaml:1: id: 'Proef Flow' is not a valid id (lower-case letters, digits, - and _)",
            id="id-with-capitals-and-spaces",
        ),
        pytest.param(
            (
                "        text: Waarom?\n",
                "        text: Waarom?\n        options: [{id: a, label: A}]\n",
            ),
            "x.yaml:18: cards[0].questions[1].options: options belong to choice and multi "
            "questions, not open",
            id="options-on-an-open-question",
        ),
        pytest.param(
            (
                "cards:\n",
                "cards:\n  - number: 1\n    title: Dubbel\n    questions: [{id: x, type: open, text: X}]\n"
                "    outcome: {title: T}\n",
            ),
            "x.yaml:10: cards[1].number: card number 1 is used twice",
            id="duplicate-card-number",
        ),
        pytest.param(
            ("title: Proef\n", "title: Proef\ntitle: Nog een\n"),
            "x.yaml:3: title: 'title' is written twice in the same place",
            id="duplicate-yaml-key-is-not-silently-taken",
        ),
    ],
)
def test_a_malformed_flow_is_refused_with_a_pinned_message(change, message):
    old, new = change
    assert old in VALID
    found = errors_of(VALID.replace(old, new, 1))
    assert any(error.startswith(message) for error in found), found


def test_context_naming_an_unknown_flow_is_reported_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(
        VALID.replace(
            "    questions:\n", "    context: [{flow: bestaat-niet, card: 2}]\n    questions:\n", 1
        )
    )
    _, errors = collect([tmp_path / "a.yaml"])
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'a.yaml'}:8: cards[0].context[0].flow: unknown flow 'bestaat-niet'"
    ]


def test_two_files_with_the_same_flow_id_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(VALID)
    _, errors = collect([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    assert len(errors) == 1 and "flow id 'proef' is already used by" in str(errors[0])


def test_a_scope_that_is_no_kind_of_group_is_refused():
    text = VALID.replace("version: 1\n", "version: 1\nscope: overal\n")
    assert errors_of(text) == [
        "x.yaml:5: scope: 'overal' is not one of 'partnership', 'region' or 'any'"
    ]


def _context_errors(tmp_path, flow_scope: str, context: str) -> list[str]:
    """A one-card flow of `flow_scope` whose card shows `context`."""
    text = VALID.replace("version: 1\n", f"version: 1\nscope: {flow_scope}\n").replace(
        "    questions:\n", f"    context: [{context}]\n    questions:\n", 1
    )
    (tmp_path / "a.yaml").write_text(text)
    _, errors = collect([tmp_path / "a.yaml"])
    return [str(e) for e in errors]


def test_a_card_any_group_holds_cannot_show_every_partnerships_outcome(tmp_path):
    # In a partnership group that would show other partnerships' answers.
    assert _context_errors(tmp_path, "any", "{card: 1, of: partnerships}") == [
        f"{tmp_path / 'a.yaml'}:9: cards[0].context[0].of: "
        "outcomes of all partnerships can only be shown on a region card"
    ]


def test_the_regions_outcome_can_only_be_shown_of_a_card_a_region_group_holds(tmp_path):
    assert _context_errors(tmp_path, "partnership", "{card: 1, of: region}") == [
        f"{tmp_path / 'a.yaml'}:9: cards[0].context[0].of: "
        "card 1 of flow 'proef' is not held by a region group, so the region has no outcome of it"
    ]
    assert _context_errors(tmp_path, "any", "{card: 1, of: region}") == []
