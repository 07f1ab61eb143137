"""A whole run as a document (Word, Markdown or HTML), for /export and `samenbot export`."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.rendering import render_run_docx, render_run_html, render_run_markdown
from flows.synthesis import OutcomeCard, RunReport
from storage import UnitOfWork

__all__ = ["FORMATS", "build_report", "latest_run_id", "render_report"]

FORMATS: dict[str, tuple[Callable[[RunReport], bytes | str], str]] = {
    "docx": (render_run_docx, "docx"),
    "md": (render_run_markdown, "md"),
    "html": (render_run_html, "html"),
}


async def latest_run_id(uow: UnitOfWork, chat_id: int) -> int | None:
    """The chat's most recent run that produced at least one outcome card."""
    runs = await uow.outcomes.runs_with_outcomes(chat_id)
    return max((run.id for run in runs), default=None)


async def build_report(uow: UnitOfWork, run_id: int) -> RunReport | None:
    run = await uow.runs.get(run_id)
    if run is None:
        return None
    chat = await uow.chats.get_by_id(run.chat_id)
    rows = sorted(await uow.outcomes.of_run(run_id), key=lambda row: row.card_number)
    outcomes = tuple(OutcomeCard.from_dict(row.data) for row in rows)
    partnership = await uow.chats.partnership_of(chat) if chat else None
    region = await uow.chats.region_of(chat) if chat else None
    where = partnership.name if partnership else (region.name if region else "")
    names: list[str] = []
    for outcome in outcomes:
        names += [name for name in outcome.participants if name not in names]
    flow_title = outcomes[0].flow_title if outcomes else run.flow_id
    return RunReport(
        flow_title=flow_title,
        partnership_or_region=where,
        chat_title=chat.title if chat else "",
        started=run.started_at,
        finished=run.finished_at,
        participants=tuple(names),
        outcomes=outcomes,
    )


def render_report(report: RunReport, fmt: str) -> tuple[bytes, str]:
    render, extension = FORMATS[fmt]
    content = render(report)
    data = content.encode("utf-8") if isinstance(content, str) else content
    stem = re.sub(r"[^a-z0-9]+", "-", f"{report.flow_title} {report.partnership_or_region}".lower())
    date = report.started.strftime("%Y-%m-%d")
    return data, f"{stem.strip('-')[:60]}-{date}.{extension}"
