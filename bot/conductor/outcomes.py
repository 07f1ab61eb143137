"""Producing an outcome card inside the run's unit of work: synthesize, render, store.

The card is stored in the same transaction as the state that says it was posted, so an outcome
is never half there. Region cards draw on each partnership's latest outcome of the card their
context names, and only of partnerships in the run's own region.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from bot.ledger import record_actions
from bot.rendering import render_outcome_telegram
from flows.responses import Responses
from flows.schema import Card, Flow
from flows.synthesis import OutcomeCard, PartnershipOutcome, synthesize
from storage import Chat, UnitOfWork
from storage import OutcomeCard as OutcomeRow
from storage import Run as RunRow

__all__ = ["OutcomeWriter", "context_outcomes"]


class OutcomeWriter:
    def __init__(self, templates: Environment, default_language: str = "nl") -> None:
        self._templates = templates
        self._language = default_language

    async def write(
        self,
        uow: UnitOfWork,
        row: RunRow,
        chat: Chat,
        flow: Flow,
        card_number: int,
        responses: Responses,
    ) -> OutcomeRow:
        card = flow.card(card_number)
        if card is None:
            raise LookupError(f"flow {flow.id} has no card {card_number}")
        partnerships = await context_outcomes(uow, flow, card, row.region_id, kind="partnerships")
        outcome = synthesize(flow, card, responses, partnerships)
        stored = await uow.outcomes.save(
            run_id=row.id,
            chat_id=chat.id,
            partnership_id=row.partnership_id,
            region_id=row.region_id,
            flow_id=flow.id,
            card_number=card_number,
            title=outcome.title,
            data=outcome.to_dict(),
            text=self.render(outcome, card.outcome.template, chat.language or self._language),
        )
        # The card's action points and decisions join the ledger in the same transaction.
        await record_actions(uow, stored, outcome)
        return stored

    def render(
        self, outcome: OutcomeCard, template: str | None = None, language: str | None = None
    ) -> str:
        """The card's Telegram text, its fixed words in `language` (the default: the bot's)."""
        chunks = render_outcome_telegram(
            outcome, template=template, env=self._templates, language=language or self._language
        )
        return "\n\n".join(chunks)


async def context_outcomes(
    uow: UnitOfWork,
    flow: Flow,
    card: Card,
    region_id: int | None,
    *,
    kind: str,
    partnership_id: int | None = None,
) -> Sequence[PartnershipOutcome]:
    """The outcomes a card's context names: of every partnership of the region, or of our own.

    `own` is this partnership's outcome, or in a region run (no partnership) the region group's
    own. The call for `own` also yields the `of: region` references — the outcome the region
    group holds, such as the region's choice a partnership's card looks back on — so a caller
    needs no third kind.
    """
    # Local import: the region group's own outcome has no repository method yet.
    from sqlalchemy import select

    async def of_region_group(flow_id: str, number: int) -> list[OutcomeRow]:
        if region_id is None:
            return []
        statement = (
            select(OutcomeRow)
            .where(
                OutcomeRow.region_id == region_id,
                OutcomeRow.partnership_id.is_(None),
                OutcomeRow.flow_id == flow_id,
                OutcomeRow.card_number == number,
            )
            .order_by(OutcomeRow.created_at.desc(), OutcomeRow.id.desc())
            .limit(1)
        )
        latest = await uow.session.scalar(statement)
        return [latest] if latest else []

    # Local import: the ledger records items from this module's writer.
    from bot.ledger.context import earlier_actions, earlier_outcome

    kinds = {"own", "region"} if kind == "own" else {kind}
    found: list[PartnershipOutcome] = []
    for ref in card.context:
        if ref.of not in kinds:
            continue
        flow_id = ref.flow or flow.id
        if ref.actions is not None:
            found += await earlier_actions(uow, flow, partnership_id, region_id, ref.flow)
            continue
        if ref.run == "earlier":
            rows = await earlier_outcome(uow, partnership_id, region_id, flow_id, ref.card)
        elif ref.of == "partnerships":
            if region_id is None:
                continue
            rows = await uow.outcomes.latest_per_partnership_in_region(region_id, flow_id, ref.card)
        elif ref.of == "own" and partnership_id is not None:
            latest = await uow.outcomes.latest_of_partnership(partnership_id, flow_id, ref.card)
            rows = [latest] if latest else []
        else:
            rows = await of_region_group(flow_id, ref.card)
        for outcome_row in rows:
            name = outcome_row.partnership.name if outcome_row.partnership else ""
            found.append(PartnershipOutcome(name, OutcomeCard.from_dict(outcome_row.data)))
    return found
