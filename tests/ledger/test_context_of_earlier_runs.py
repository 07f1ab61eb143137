"""The flow language's form for earlier runs (`run: earlier`, `actions: earlier`): valid
forms load, every mistake is refused with file, line, place and reason."""

import pytest

from flows.catalog import collect
from tests.flows.test_flow_errors import VALID


def _context_errors(tmp_path, context: str, scope: str = "partnership") -> list[str]:
    text = VALID.replace("version: 1\n", f"version: 1\nscope: {scope}\n").replace(
        "    questions:\n", f"    context: [{context}]\n    questions:\n", 1
    )
    (tmp_path / "a.yaml").write_text(text)
    _, errors = collect([tmp_path / "a.yaml"])
    return [str(e).removeprefix(f"{tmp_path / 'a.yaml'}:") for e in errors]


@pytest.mark.parametrize(
    "context",
    [
        "{card: 1, run: earlier}",
        "{card: 1, run: latest}",
        "{actions: earlier}",
        "{actions: earlier, flow: proef}",
    ],
)
def test_the_forms_for_earlier_runs_load(tmp_path, context):
    assert _context_errors(tmp_path, context) == []


@pytest.mark.parametrize(
    ("context", "message"),
    [
        pytest.param(
            "{flow: proef}",
            "9: cards[0].context[0]: "
            "name a card (card: N) or earlier action points (actions: earlier)",
            id="neither-card-nor-actions",
        ),
        pytest.param(
            "{card: 1, actions: earlier}",
            "9: cards[0].context[0].actions: an entry shows a card's outcome or the action "
            "points, not both: make two entries",
            id="card-and-actions",
        ),
        pytest.param(
            "{card: 1, run: vorige}",
            "9: cards[0].context[0].run: Input should be 'latest' or 'earlier'",
            id="unknown-run",
        ),
        pytest.param(
            "{actions: open}",
            "9: cards[0].context[0].actions: Input should be 'earlier'",
            id="unknown-actions",
        ),
        pytest.param(
            "{actions: earlier, run: earlier}",
            "9: cards[0].context[0].run: action points of earlier runs need no run: leave it out",
            id="actions-with-run",
        ),
        pytest.param(
            "{card: 1, of: region, run: earlier}",
            "9: cards[0].context[0].of: earlier runs are this group's own: "
            "action points and run: earlier need of: own",
            id="earlier-run-of-the-region",
        ),
        pytest.param(
            "{actions: earlier, flow: bestaat-niet}",
            "9: cards[0].context[0].flow: unknown flow 'bestaat-niet'",
            id="actions-of-an-unknown-flow",
        ),
        pytest.param(
            "{card: 7, run: earlier}",
            "9: cards[0].context[0].card: flow 'proef' has no card 7",
            id="earlier-run-of-a-missing-card",
        ),
    ],
)
def test_a_mistaken_reference_to_earlier_runs_is_pinned(tmp_path, context, message):
    assert _context_errors(tmp_path, context) == [message]
