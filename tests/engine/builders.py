"""Small flows built in code, so engine tests do not depend on the shipped content."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.responses import Member
from flows.schema import Flow

NOW = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)
ANNA = Member(1, "Anna")
BRAM = Member(2, "Bram")
CEES = Member(3, "Cees")

SCALE = [
    {"value": 1, "label": "niet zichtbaar"},
    {"value": 2, "label": "beperkt zichtbaar"},
    {"value": 3, "label": "grotendeels zichtbaar"},
    {"value": 4, "label": "volledig zichtbaar"},
]


def flow(*cards: dict, flow_id: str = "proef") -> Flow:
    return Flow.model_validate(
        {"id": flow_id, "title": "Proef", "source": "000.txt", "version": 1, "cards": list(cards)}
    )


def card(number: int, *questions: dict, scope: str | None = None) -> dict:
    data = {
        "number": number,
        "title": f"Kaart {number}",
        "questions": list(questions),
        "outcome": {"title": f"Kaartje {number}. Proef: Uitkomsten"},
    }
    if scope:
        data["scope"] = scope
    return data


def open_q(qid: str, **extra) -> dict:
    return {"id": qid, "type": "open", "text": f"Vraag {qid}?", **extra}


def choice_q(qid: str, *options: str, **extra) -> dict:
    return {
        "id": qid,
        "type": "choice",
        "text": f"Keuze {qid}?",
        "options": [{"id": o, "label": o.capitalize()} for o in options],
        **extra,
    }


def multi_q(qid: str, *options: str, **extra) -> dict:
    return {**choice_q(qid, *options, **extra), "type": "multi"}


def rating_q(qid: str, *items: str, **extra) -> dict:
    data = {"id": qid, "type": "rating", "text": f"Beoordeel {qid}", "scale": SCALE, **extra}
    if items:
        data["items"] = [{"id": i, "text": f"Item {i}"} for i in items]
    return data


def info_q(qid: str) -> dict:
    return {"id": qid, "type": "info", "text": f"Ter informatie {qid}."}
