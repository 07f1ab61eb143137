"""A run as a document (Word, Markdown or HTML), for /export and `samenbot export`.

What a chat may export is its own place's: a partnership group the runs of its partnership's
groups, a region group the runs of its region's groups — never another partnership's. The
peer-review document (`/export peerreview`) holds the two things the seed says go to the
visiting panel: the critical reflection (the latest `kwaliteitskader` run) and the programme
(the latest `peer-review-voorbereiding` run).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.rendering import (
    markdown_edition,
    render_run_docx,
    render_run_html,
    render_run_markdown,
)
from flows.synthesis import OutcomeCard, RunReport
from storage import UnitOfWork
from storage.models import ChatKind

__all__ = [
    "FORMATS",
    "PEER_REVIEW",
    "PEER_REVIEW_FLOWS",
    "ExportRequest",
    "build_peer_review_report",
    "build_report",
    "latest_run_id",
    "parse_export_arguments",
    "render_report",
    "runs_of_place",
    "slug",
]

FORMATS: dict[str, tuple[Callable[[RunReport], bytes | str], str]] = {
    "docx": (render_run_docx, "docx"),
    "md": (render_run_markdown, "md"),
    "html": (render_run_html, "html"),
}
PEER_REVIEW = "peerreview"
# The critical reflection, then the programme of the day.
PEER_REVIEW_FLOWS = ("kwaliteitskader", "peer-review-voorbereiding")
PEER_REVIEW_TITLE = "Peer review: kritische reflectie en programma"


@dataclass(frozen=True)
class ExportRequest:
    """What `/export` was asked for: a flow (or `PEER_REVIEW`, or None for the latest run),
    optionally one run of it, and a format."""

    flow: str | None = None
    run: int | None = None
    fmt: str = "docx"


def parse_export_arguments(args: Sequence[str], flows: Sequence[str]) -> ExportRequest | str:
    """`[flow|peerreview] [run-id] [docx|md|html]` in any order → the request; otherwise the
    word that made no sense (to name it in the usage message)."""
    flow, run, fmt = None, None, None
    for arg in args:
        word = arg.lower().lstrip(".")
        if word in FORMATS and fmt is None:
            fmt = word
        elif word in (PEER_REVIEW, "peer-review") and flow is None:
            flow = PEER_REVIEW
        elif word in flows and flow is None:
            flow = word
        elif word.isdigit() and run is None and flow not in (None, PEER_REVIEW):
            run = int(word)
        else:
            return arg
    return ExportRequest(flow, run, fmt or "docx")


async def latest_run_id(uow: UnitOfWork, chat_id: int) -> int | None:
    """The chat's most recent run that produced at least one outcome card."""
    runs = await uow.outcomes.runs_with_outcomes(chat_id)
    return max((run.id for run in runs), default=None)


async def runs_of_place(uow: UnitOfWork, chat) -> list:
    """The runs with outcomes of every group of this chat's partnership (or, for a region
    group, of the region's own groups), newest first. A run held for another partnership —
    a group that was bound elsewhere before — is left out."""
    if chat.kind == ChatKind.PARTNERSHIP and chat.partnership_id:
        chats = await uow.chats.chats_of_partnership(chat.partnership_id)
        owner = ("partnership_id", chat.partnership_id)
    elif chat.kind == ChatKind.REGION and chat.region_id:
        chats = await uow.chats.chats_of_region(chat.region_id)
        chats = [c for c in chats if c.kind == ChatKind.REGION]
        owner = ("region_id", chat.region_id)
    else:
        chats, owner = [chat], None
    if all(c.id != chat.id for c in chats):
        chats = [chat, *chats]
    runs = []
    for each in chats:
        for run in await uow.outcomes.runs_with_outcomes(each.id):
            held_for = getattr(run, owner[0]) if owner else None
            if owner is None or held_for in (None, owner[1]):
                runs.append(run)
    return sorted(runs, key=lambda run: (run.started_at, run.id), reverse=True)


async def build_report(
    uow: UnitOfWork, run_id: int, language: str = "nl", fmt: str = "docx"
) -> RunReport | None:
    """The run's report, for `render_report` in `fmt`."""
    run = await uow.runs.get(run_id)
    if run is None:
        return None
    chat = await uow.chats.get_by_id(run.chat_id)
    ids, outcomes, kept = await _cards(uow, run_id, language, fmt)
    if outcomes:
        # The run's action points as they stand now, after its cards (bot/ledger).
        from bot.ledger.context import actions_of_run

        ledger = await actions_of_run(uow, run, ids, outcomes[0].flow_title)
        outcomes = (*outcomes, ledger) if ledger is not None else outcomes
    partnership = await uow.chats.partnership_of(chat) if chat else None
    region = await uow.chats.region_of(chat) if chat else None
    flow_title = outcomes[0].flow_title if outcomes else run.flow_id
    return RunReport(
        flow_title=flow_title,
        partnership_or_region=partnership.name if partnership else (region.name if region else ""),
        chat_title=chat.title if chat else "",
        started=run.started_at,
        finished=run.finished_at,
        participants=_participants(outcomes),
        outcomes=outcomes,
        region=region.name if region and partnership else "",
        flow_id=run.flow_id,
        language=language,
        card_markdown=kept,
    )


async def _cards(
    uow: UnitOfWork, run_id: int, language: str, fmt: str
) -> tuple[list[int], tuple[OutcomeCard, ...], tuple[str | None, ...]]:
    """The run's outcome cards in order — their ids, the cards, and each card's Markdown kept in
    this language and edition (or None), which a Markdown export joins as it is. When every
    card kept it, a Markdown export reads only the cards' outlines, not their data."""
    edition = markdown_edition(language)
    if fmt == "md":
        outlines = await uow.outcomes.outlines_of_run(run_id)
        if all(outline.markdown_edition == edition for outline in outlines):
            cards = tuple(_outlined(outline) for outline in outlines)
            return [o.id for o in outlines], cards, tuple(o.markdown for o in outlines)
    rows = await uow.outcomes.of_run(run_id)
    kept = tuple(row.markdown if row.markdown_edition == edition else None for row in rows)
    return [row.id for row in rows], tuple(OutcomeCard.from_dict(row.data) for row in rows), kept


def _outlined(outline) -> OutcomeCard:
    """A card with its titles and who took part, and nothing else: its kept Markdown holds the
    rest."""
    return OutcomeCard(
        flow_id=outline.flow_id,
        flow_title=outline.flow_title,
        card_number=outline.card_number,
        card_title="",
        title=outline.title,
        sections=(),
        participants=tuple(outline.participants or ()),
    )


async def build_peer_review_report(uow: UnitOfWork, chat, language: str = "nl") -> RunReport | None:
    """One document for the visiting panel: the latest critical reflection and programme of
    this chat's place; None when neither has outcomes yet."""
    runs = await runs_of_place(uow, chat)
    parts = []
    for flow_id in PEER_REVIEW_FLOWS:
        run = next((run for run in runs if run.flow_id == flow_id), None)
        report = await build_report(uow, run.id, language) if run else None
        if report is not None and report.outcomes:
            parts.append(report)
    if not parts:
        return None
    outcomes = tuple(outcome for part in parts for outcome in part.outcomes)
    finished = [part.finished for part in parts if part.finished]
    return RunReport(
        flow_title=PEER_REVIEW_TITLE,
        partnership_or_region=parts[0].partnership_or_region,
        chat_title=parts[0].chat_title,
        started=min(part.started for part in parts),
        finished=max(finished) if len(finished) == len(parts) else None,
        participants=_participants(outcomes),
        outcomes=outcomes,
        region=parts[0].region,
        flow_id=PEER_REVIEW,
        language=language,
    )


def _participants(outcomes: Sequence[OutcomeCard]) -> tuple[str, ...]:
    names: list[str] = []
    for outcome in outcomes:
        names += [name for name in outcome.participants if name not in names]
    return tuple(names)


def render_report(report: RunReport, fmt: str) -> tuple[bytes, str]:
    """The document and a file name that says what it is: partnership, flow, date."""
    render, extension = FORMATS[fmt]
    content = render(report)
    data = content.encode("utf-8") if isinstance(content, str) else content
    date = report.started.strftime("%Y-%m-%d")
    place = slug(report.partnership_or_region)
    flow = slug(report.flow_id or report.flow_title)
    stem = "-".join(part for part in (place, flow, date) if part)
    return data, f"{stem}.{extension}"


def slug(text: str, limit: int = 40) -> str:
    """ "Partnerschap Gooi & Vecht" → "partnerschap-gooi-vecht", for a file name: accents
    dropped, at most `limit` characters."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:limit].strip("-")
