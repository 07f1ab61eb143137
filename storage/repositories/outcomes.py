"""Outcome cards: the synthesized summary posted at the end of each card, kept for later."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutcomeCard, Partnership, Run
from storage.repositories._dialect import upsert_insert

__all__ = ["KeptMarkdown", "OutcomeRepository"]


def _of_chat(
    statement: Select, chat_id: int, flow_id: str | None, card_number: int | None
) -> Select:
    statement = statement.where(OutcomeCard.chat_id == chat_id)
    if flow_id is not None:
        statement = statement.where(OutcomeCard.flow_id == flow_id)
    if card_number is not None:
        statement = statement.where(OutcomeCard.card_number == card_number)
    return statement


class KeptMarkdown(NamedTuple):
    """A card's Markdown and which rendering it is (bot/rendering/documents.py)."""

    text: str
    edition: str


def _kept(markdown: KeptMarkdown | None) -> dict[str, str | None]:
    """Without Markdown, none is kept: an export renders the card."""
    text, edition = markdown or (None, None)
    return {"markdown": text, "markdown_edition": edition}


def _newest_first(statement: Select) -> Select:
    return statement.order_by(OutcomeCard.created_at.desc(), OutcomeCard.id.desc())


class OutcomeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(
        self,
        run_id: int,
        chat_id: int,
        partnership_id: int | None,
        region_id: int | None,
        flow_id: str,
        card_number: int,
        title: str,
        data: dict[str, Any],
        text: str,
        markdown: KeptMarkdown | None = None,
    ) -> OutcomeCard:
        """Keep the outcome of a run's card, with its Markdown when given; saving the same card
        again replaces its content."""
        content = {
            "partnership_id": partnership_id,
            "region_id": region_id,
            "title": title,
            "data": data,
            "text": text,
            **_kept(markdown),
        }
        statement = (
            upsert_insert(self._session, OutcomeCard)
            .values(
                run_id=run_id, chat_id=chat_id, flow_id=flow_id, card_number=card_number, **content
            )
            .on_conflict_do_update(
                index_elements=[OutcomeCard.run_id, OutcomeCard.card_number], set_=content
            )
            .returning(OutcomeCard.id)
        )
        outcome_id = (await self._session.execute(statement)).scalar_one()
        outcome = await self._session.get(OutcomeCard, outcome_id, populate_existing=True)
        assert outcome is not None
        return outcome

    async def get(self, outcome_id: int) -> OutcomeCard | None:
        return await self._session.get(OutcomeCard, outcome_id)

    async def rewrite(
        self, outcome_id: int, data: dict[str, Any], text: str, markdown: KeptMarkdown | None
    ) -> None:
        """Replace a stored card's content (e.g. once a narrative paragraph was added)."""
        await self._session.execute(
            update(OutcomeCard)
            .where(OutcomeCard.id == outcome_id)
            .values(data=data, text=text, **_kept(markdown))
        )

    async def mark_posted(self, outcome_id: int, at: datetime) -> None:
        await self._session.execute(
            update(OutcomeCard).where(OutcomeCard.id == outcome_id).values(posted_at=at)
        )

    async def latest_for_chat(
        self, chat_id: int, flow_id: str | None = None, card_number: int | None = None
    ) -> OutcomeCard | None:
        statement = _of_chat(select(OutcomeCard), chat_id, flow_id, card_number)
        return await self._session.scalar(_newest_first(statement).limit(1))

    async def latest_text_for_chat(
        self, chat_id: int, flow_id: str | None = None, card_number: int | None = None
    ) -> str | None:
        """The newest card's text as posted, without reading the card's data."""
        statement = _of_chat(select(OutcomeCard.text), chat_id, flow_id, card_number)
        return await self._session.scalar(_newest_first(statement).limit(1))

    async def outlines_of_run(self, run_id: int) -> Sequence[Row]:
        """In card order, each card without its data: `id`, `card_number`, `flow_id`, `title`,
        `flow_title`, `participants`, and its kept `markdown` and `markdown_edition`."""
        result = await self._session.execute(
            select(
                OutcomeCard.id,
                OutcomeCard.card_number,
                OutcomeCard.flow_id,
                OutcomeCard.title,
                OutcomeCard.data["flow_title"].as_string().label("flow_title"),
                OutcomeCard.data["participants"].label("participants"),
                OutcomeCard.markdown,
                OutcomeCard.markdown_edition,
            )
            .where(OutcomeCard.run_id == run_id)
            .order_by(OutcomeCard.card_number, OutcomeCard.id)
        )
        return result.all()

    async def of_run(self, run_id: int) -> Sequence[OutcomeCard]:
        """In card order."""
        result = await self._session.scalars(
            select(OutcomeCard)
            .where(OutcomeCard.run_id == run_id)
            .order_by(OutcomeCard.card_number, OutcomeCard.id)
        )
        return result.all()

    async def latest_of_partnership(
        self, partnership_id: int, flow_id: str, card_number: int
    ) -> OutcomeCard | None:
        """Whatever chat of the partnership produced it."""
        statement = select(OutcomeCard).where(
            OutcomeCard.partnership_id == partnership_id,
            OutcomeCard.flow_id == flow_id,
            OutcomeCard.card_number == card_number,
        )
        return await self._session.scalar(_newest_first(statement).limit(1))

    async def latest_per_partnership_in_region(
        self, region_id: int, flow_id: str, card_number: int
    ) -> Sequence[OutcomeCard]:
        """The newest outcome of this card from each partnership of the region, by name.

        Membership is the partnership's own region, so a card saved with a stray region id
        never leaks into another region's comparison.
        """
        ranked = (
            select(
                OutcomeCard.id,
                func.row_number()
                .over(
                    partition_by=OutcomeCard.partnership_id,
                    order_by=(OutcomeCard.created_at.desc(), OutcomeCard.id.desc()),
                )
                .label("rank"),
            )
            .join(Partnership, Partnership.id == OutcomeCard.partnership_id)
            .where(
                Partnership.region_id == region_id,
                OutcomeCard.flow_id == flow_id,
                OutcomeCard.card_number == card_number,
            )
            .subquery()
        )
        by_name = select(Partnership.name_key).where(Partnership.id == OutcomeCard.partnership_id)
        result = await self._session.scalars(
            select(OutcomeCard)
            .join(ranked, ranked.c.id == OutcomeCard.id)
            .where(ranked.c.rank == 1)
            .order_by(by_name.scalar_subquery(), OutcomeCard.partnership_id)
        )
        return result.all()

    async def participants_of_runs(self, run_ids: Sequence[int]) -> dict[int, list[str]]:
        """Who took part in each run, as its outcome cards name them, in card order; read
        from the stored cards without loading them whole."""
        result = await self._session.execute(
            select(OutcomeCard.run_id, OutcomeCard.data["participants"])
            .where(OutcomeCard.run_id.in_(run_ids))
            .order_by(OutcomeCard.run_id, OutcomeCard.card_number, OutcomeCard.id)
        )
        names: dict[int, list[str]] = {run_id: [] for run_id in run_ids}
        for run_id, participants in result:
            known = names[run_id]
            known += [name for name in participants or () if name not in known]
        return names

    async def runs_with_outcomes(self, chat_id: int) -> Sequence[Run]:
        """The chat's runs that produced at least one outcome card, newest first (the archive)."""
        has_outcome = exists().where(OutcomeCard.run_id == Run.id)
        result = await self._session.scalars(
            select(Run)
            .where(Run.chat_id == chat_id, has_outcome)
            .order_by(Run.started_at.desc(), Run.id.desc())
        )
        return result.all()
