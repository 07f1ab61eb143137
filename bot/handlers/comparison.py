"""/vergelijk <flow> [kaart N] [docx]: how a card's outcome changed across this partnership's
runs; in a region group, the region's partnerships side by side (each one's latest run).

A partnership group compares only its own partnership's cards; a region group only the
partnerships of its region (`latest_per_partnership_in_region`), never another's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy import select
from telegram import Update
from telegram.ext import ContextTypes

from bot.exporting import slug
from bot.handlers.common import chat_language, place_of, reply
from bot.i18n import Translator
from bot.ledger import ledger_of_chat
from bot.rendering.comparison_text import ComparisonView, comparison_message
from bot.runtime import Runtime, Services
from flows.ledger import compare
from flows.schema import Flow
from flows.synthesis import OutcomeCard
from storage import Chat, ChatKind, UnitOfWork
from storage import OutcomeCard as OutcomeRow

__all__ = ["ComparisonCommands", "parse_compare_arguments"]

_DOCUMENT_WORDS = ("docx", "word")


def parse_compare_arguments(args: Sequence[str]) -> tuple[str, int | None, bool] | str:
    """`<flow> [kaart N] [docx]` → (flow, card, as document); else the word not understood."""
    words = [arg.lower() for arg in args]
    if not words:
        return ""
    flow = words.pop(0)
    document = bool(words) and words[-1] in _DOCUMENT_WORDS
    if document:
        words.pop()
    card = None
    if words[:1] in (["kaart"], ["card"]):
        if len(words) < 2 or not words[1].isascii() or not words[1].isdigit() or len(words[1]) > 4:
            return " ".join(words)
        card = int(words[1])
        words = words[2:]
    if words:
        return words[0]
    return flow, card, document


class ComparisonCommands:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def compare(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        parsed = parse_compare_arguments(context.args or [])
        if isinstance(parsed, str):
            await reply(services, message, t("compare.usage", word=parsed or "…"))
            return
        flow_id, number, as_document = parsed
        flow = services.catalog.get(flow_id)
        if flow is None:
            flows = ", ".join(sorted(f.id for f in services.catalog))
            await reply(services, message, t("compare.unknown_flow", flow=flow_id, flows=flows))
            return
        if number is not None and flow.card(number) is None:
            await reply(services, message, t("compare.unknown_card", flow=flow.title, card=number))
            return
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            if chat is None or not ledger_of_chat(chat).known:
                await reply(services, message, t("compare.unbound"))
                return
            numbers = [number] if number is not None else [card.number for card in flow.cards]
            views = [
                view for n in numbers if (view := await _view(uow, chat, flow, n, t)) is not None
            ]
        if not views:
            await reply(services, message, t("compare.nothing", flow=flow.title, flow_id=flow.id))
            return
        for view in views:
            if as_document:
                await self._document(message, view, t)
            else:
                await reply(services, message, comparison_message(view, t))

    async def _document(self, message, view: ComparisonView, t: Translator) -> None:
        from bot.rendering.comparison_docx import render_comparison_docx

        # A chart and a Word file take a while: not on the event loop.
        content = await asyncio.to_thread(render_comparison_docx, view, t)
        filename = f"vergelijking-{slug(view.flow_title, 60)}-kaart-{view.card_number}.docx"
        caption = t("compare.caption", flow=view.flow_title, card=view.card_number)
        await self.services.sender.document(place_of(message), content, filename, caption)


async def _view(
    uow: UnitOfWork, chat: Chat, flow: Flow, number: int, t: Translator
) -> ComparisonView | None:
    card = flow.card(number)
    region = chat.kind == ChatKind.REGION
    if region:
        rows = await uow.outcomes.latest_per_partnership_in_region(chat.region_id, flow.id, number)
        labels = [row.partnership.name if row.partnership else "?" for row in rows]
    else:
        rows = await _runs_of_partnership(uow, chat.partnership_id, flow.id, number)
        labels = _dated(rows)
    if not rows:
        return None
    history = compare(
        [(label, OutcomeCard.from_dict(row.data)) for label, row in zip(labels, rows, strict=True)]
    )
    closed: tuple[str, ...] = ()
    if not region and len(rows) >= 2:
        items = await uow.actions.closed_since(ledger_of_chat(chat), rows[-2].created_at)
        closed = tuple(item.text for item in items)
    return ComparisonView(flow.title, number, card.title, history, region, closed)


async def _runs_of_partnership(
    uow: UnitOfWork, partnership_id: int | None, flow_id: str, number: int
) -> list[OutcomeRow]:
    """Every stored outcome of the card of this partnership, oldest first (one per run)."""
    if partnership_id is None:
        return []
    result = await uow.session.scalars(
        select(OutcomeRow)
        .where(
            OutcomeRow.partnership_id == partnership_id,
            OutcomeRow.flow_id == flow_id,
            OutcomeRow.card_number == number,
        )
        .order_by(OutcomeRow.created_at, OutcomeRow.id)
    )
    return list(result.unique().all())


def _dated(rows: Sequence[OutcomeRow]) -> list[str]:
    """'12-03-2023', and '03-12-2026 (2)' for a second run on the same day."""
    labels: list[str] = []
    for row in rows:
        label = f"{row.created_at:%d-%m-%Y}"
        same = sum(1 for known in labels if known.split(" (")[0] == label)
        labels.append(f"{label} ({same + 1})" if same else label)
    return labels
