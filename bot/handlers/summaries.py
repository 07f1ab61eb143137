"""Getting outcomes back: /samenvatting (latest, named, or from the archive) and /export.

A chat only ever sees its own partnership's outcome cards — or, in a region group, those of the
region's partnerships.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from markupsafe import Markup
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.exporting import (
    PEER_REVIEW,
    build_peer_review_report,
    build_report,
    parse_export_arguments,
    render_report,
    runs_of_place,
)
from bot.handlers.common import chat_language, place_of, reply
from bot.i18n import Translator
from bot.runtime import Runtime, Services
from storage import Run, UnitOfWork

__all__ = ["SummaryCommands", "SummaryFound", "parse_summary_arguments", "read_summary"]

ARCHIVE_SIZE = 10


def parse_summary_arguments(args: list[str]) -> tuple[str | None, int | None] | None:
    """`[flow] [kaart N]` → (flow, card); None when the words make no sense."""
    words = [arg.lower() for arg in args]
    flow = None
    if words and words[0] not in ("kaart", "card"):
        flow = words.pop(0)
    if not words:
        return flow, None
    if len(words) == 2 and words[0] in ("kaart", "card") and words[1].isdigit():
        return flow, int(words[1])
    return None


class SummaryCommands:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def services(self) -> Services:
        return self._runtime.services

    async def summary(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        parsed = parse_summary_arguments(context.args or [])
        if parsed is None:
            await reply(services, message, t("summary.usage"))
            return
        flow_id, _ = parsed
        if flow_id and flow_id not in services.catalog:
            names = ", ".join(sorted(f.id for f in services.catalog))
            await reply(
                services, message, t("start.refused.unknown_flow", detail=flow_id, flows=names)
            )
            return
        async with services.unit_of_work(read_only=True) as uow:
            found = await read_summary(uow, message.chat_id, place_of(message).thread_id, parsed)
        if not found.texts:
            if found.running is not None:
                title = _title(services.catalog, found.running.flow_id)
                await reply(services, message, t("summary.running", flow=title))
            else:
                await reply(services, message, t("summary.none"))
            return
        for text in found.texts:
            await reply(services, message, text)
        if len(found.runs) > 1 and flow_id is None:
            await self._archive(message, found, t)

    async def _archive(self, message, found: SummaryFound, t: Translator) -> None:
        """The chat's earlier runs, newest first: date, flow and who took part, a button each."""
        lines, buttons = [t("summary.archive")], []
        taking_part = found.taking_part
        for run in found.runs:
            label = f"{run.started_at:%d-%m-%Y} · {_title(self.services.catalog, run.flow_id)}"
            names = ", ".join(taking_part[run.id]) or "–"
            lines.append(t("summary.archive_line", label=label, names=names))
            buttons.append([InlineKeyboardButton(label, callback_data=f"sum:{run.id}")])
        await reply(self.services, message, "\n".join(lines), InlineKeyboardMarkup(buttons))

    async def archived(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        services = self.services
        run_id = int(query.data.split(":")[1]) if query.data.split(":")[1].isdigit() else 0
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(query.message.chat_id)
            run = await uow.runs.get(run_id)
            rows = (
                await uow.outcomes.of_run(run_id) if run and chat and run.chat_id == chat.id else []
            )
        await query.answer()
        t = await chat_language(services, query.message.chat_id)
        if not rows:
            await services.sender.html(place_of(query.message), t("summary.none"))
            return
        for row in sorted(rows, key=lambda r: r.card_number):
            await services.sender.html(place_of(query.message), row.text)
        participants = Markup(t("summary.archive_footer", flow=run.flow_id))
        await services.sender.html(place_of(query.message), str(participants))

    async def export(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/export [flow|peerreview] [run] [docx|md|html]`: this chat's latest run, the named
        flow's latest (or given) run, or the peer-review document, as a file."""
        message = update.effective_message
        services = self.services
        t = await chat_language(services, message.chat_id)
        flows = [flow.id for flow in services.catalog]
        request = parse_export_arguments(context.args or [], flows)
        if isinstance(request, str):
            await reply(services, message, t("export.usage", word=request))
            return
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(message.chat_id)
            report = None
            if chat is not None and request.flow == PEER_REVIEW:
                report = await build_peer_review_report(uow, chat, t.language)
            elif chat is not None:
                runs = await runs_of_place(uow, chat)
                if request.flow is None:
                    # Without a flow: this chat's own latest run.
                    runs = [run for run in runs if run.chat_id == chat.id]
                else:
                    runs = [run for run in runs if run.flow_id == request.flow]
                if request.run is not None:
                    runs = [run for run in runs if run.id == request.run]
                if runs:
                    report = await build_report(uow, runs[0].id, t.language, request.fmt)
        if report is None or not report.outcomes:
            await reply(services, message, _nothing_stored(t, request.flow, services.catalog))
            return
        # Rendering a document takes a while (a chart, a Word file): not on the event loop.
        content, filename = await asyncio.to_thread(render_report, report, request.fmt)
        caption = t("export.caption", flow=report.flow_title, count=len(report.outcomes))
        await services.sender.document(place_of(message), content, filename, caption)


def _nothing_stored(t: Translator, flow: str | None, catalog) -> str:
    if flow == PEER_REVIEW:
        return t("export.none_peerreview")
    if flow is not None:
        return t("export.none_flow", flow=_title(catalog, flow))
    return t("export.none")


def _title(catalog, flow_id: str) -> str:
    return next((flow.title for flow in catalog if flow.id == flow_id), flow_id)


@dataclass(frozen=True)
class SummaryFound:
    """What `/samenvatting` shows: the texts of the cards asked for, the chat's archive (its
    latest runs with outcome cards, newest first) with who took part in each, and the run
    still going, if any."""

    texts: list[str]
    runs: list[Run]
    running: Run | None
    taking_part: dict[int, list[str]]


async def read_summary(
    uow: UnitOfWork,
    telegram_chat_id: int,
    thread_id: int | None,
    asked: tuple[str | None, int | None],
) -> SummaryFound:
    """Everything `/samenvatting [flow] [kaart N]` reads, in one unit of work."""
    flow_id, card = asked
    chat = await uow.chats.get(telegram_chat_id)
    if chat is None:
        return SummaryFound([], [], None, {})
    running = await uow.runs.active_in(chat.id, thread_id)
    own = await uow.outcomes.latest_text_for_chat(chat.id, flow_id, card)
    texts = [own] if own else []
    if not texts and chat.kind == "region" and chat.region_id and flow_id and card:
        rows = await uow.outcomes.latest_per_partnership_in_region(chat.region_id, flow_id, card)
        texts = [row.text for row in rows]
    runs = await uow.outcomes.runs_with_outcomes(chat.id)
    runs = sorted(runs, key=lambda run: run.id, reverse=True)[:ARCHIVE_SIZE]
    taking_part = await uow.outcomes.participants_of_runs([run.id for run in runs])
    return SummaryFound(texts, runs, running, taking_part)
