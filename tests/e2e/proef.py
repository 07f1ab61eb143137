"""A small flow of the tests' own (`proef`): it tests the conductor, not the wording of the
source documents' cards."""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROEF", "proef_flows"]

PROEF = """\
id: proef
title: Proefgesprek
source: 000_0c52a99342ebaf6b.txt
version: 1
cards:
  - number: 1
    title: Eerste kaart
    intro: Een kaart om het gesprek te beproeven.
    questions:
      - {id: kern, type: open, text: "Wat is de kern van jullie visie?"}
      - id: functies
        type: multi
        text: Welke functies raakt de visie?
        options:
          - {id: werven, label: Werven}
          - {id: begeleiden, label: Begeleiden}
      - {id: vervolg, type: open, text: "Wat is een volgende stap?"}
    outcome: {title: "Kaartje 1. Eerste kaart: Uitkomsten"}
  - number: 2
    title: Tweede kaart
    questions:
      - {id: slot, type: open, text: "Wat nemen jullie mee?"}
    outcome: {title: "Kaartje 2. Tweede kaart: Uitkomsten"}
"""


def proef_flows(directory: Path) -> dict[str, str]:
    """A FLOWS_PATH holding the proef flow, as settings for `world.bot(**...)`."""
    flows = directory / "flows"
    flows.mkdir(exist_ok=True)
    (flows / "proef.yaml").write_text(PROEF, encoding="utf-8")
    return {"FLOWS_PATH": str(flows)}
