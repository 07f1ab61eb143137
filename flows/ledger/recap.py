"""Earlier action points as an outcome card, so a later card can show them as its context
(`actions: earlier`) with the same renderer as any outcome. Flow content is Dutch, and so is
this card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flows.peer_review.timeline import dutch_date
from flows.schema import OutcomeSection
from flows.synthesis.outcome import ActionList, MergedAnswer, OutcomeCard

__all__ = ["EXPORT_QUESTION", "EXPORT_TITLE", "LedgerEntry", "ledger_outcome"]

TITLE = "Actiepunten uit eerdere gesprekken"
QUESTION = "Wat spraken jullie eerder af, en hoe staat het ervoor?"
_STATUS = {"open": "open", "bezig": "bezig", "klaar": "klaar ✅", "vervallen": "vervallen"}


@dataclass(frozen=True)
class LedgerEntry:
    text: str
    status: str
    owner: str | None = None
    due: date | None = None
    proposers: tuple[str, ...] = ()


EXPORT_TITLE = "Actiepunten: stand van zaken"
EXPORT_QUESTION = "Wat is er van de actiepunten uit dit gesprek geworden?"


def ledger_outcome(
    entries: Sequence[LedgerEntry],
    flow_id: str,
    flow_title: str,
    *,
    title: str = TITLE,
    question: str = QUESTION,
) -> OutcomeCard:
    """Open items first, then the closed ones, each with owner, due date and status."""
    ordered = sorted(entries, key=lambda e: (e.status in ("klaar", "vervallen"), e.due or date.max))
    items = tuple(
        MergedAnswer(_line(entry), len(entry.proposers), entry.proposers) for entry in ordered
    )
    return OutcomeCard(
        flow_id=flow_id,
        flow_title=flow_title,
        card_number=0,
        card_title=title,
        title=title,
        sections=(OutcomeSection.ACTIONS,),
        actions=(ActionList("acties", question, "actions", items),),
    )


def _line(entry: LedgerEntry) -> str:
    parts = [entry.text, f"status: {_STATUS.get(entry.status, entry.status)}"]
    if entry.owner:
        parts.append(f"eigenaar: {entry.owner}")
    if entry.due:
        parts.append(f"uiterlijk {dutch_date(entry.due, weekday=False)}")
    return " · ".join(parts)
