"""Producing an outcome card: synthesize and render it, then store it in the run's unit of work.

Synthesizing and rendering a card of many answers takes a while, so it is done in a worker
thread (`make_all`), and the run service does it before it opens the transaction that stores
the decision: a made outcome is stored only when it was made of what the card holds then
(`OutcomeBasis`). The card is stored in the same transaction as the state that says it was
posted, so an outcome is never half there. Region cards draw on each partnership's latest
outcome of the card their context names, and only of partnerships in the run's own region.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jinja2 import Environment

from bot.ledger import record_actions
from bot.rendering import card_markdown, markdown_edition, render_outcome_telegram
from flows.responses import Responses
from flows.schema import Card, Flow
from flows.synthesis import OutcomeCard, PartnershipOutcome, synthesize
from storage import Chat, KeptMarkdown, UnitOfWork
from storage import OutcomeCard as OutcomeRow
from storage import Run as RunRow

__all__ = [
    "MadeOutcome",
    "OutcomeBasis",
    "OutcomeWriter",
    "Rendered",
    "context_outcomes",
    "unmade",
]


@dataclass(frozen=True)
class OutcomeBasis:
    """What a card's outcome is made of: the same basis makes the same card."""

    flow_hash: str
    card_number: int
    responses: Responses
    partnerships: tuple[PartnershipOutcome, ...]
    language: str
    flow: Flow = field(compare=False)
    card: Card = field(compare=False)


@dataclass(frozen=True)
class Rendered:
    """A card as the chat sees it (Telegram HTML) and as an export holds it (Markdown)."""

    text: str
    markdown: KeptMarkdown


@dataclass(frozen=True)
class MadeOutcome:
    basis: OutcomeBasis
    outcome: OutcomeCard
    data: dict  # the outcome as stored
    rendered: Rendered


def unmade(bases: Sequence[OutcomeBasis], made: Mapping[int, MadeOutcome]) -> list[OutcomeBasis]:
    """The bases of which no outcome in `made` (by card number) was made."""
    return [b for b in bases if (m := made.get(b.card_number)) is None or m.basis != b]


class OutcomeWriter:
    def __init__(self, templates: Environment, default_language: str = "nl") -> None:
        self._templates = templates
        self._language = default_language

    async def basis(
        self,
        uow: UnitOfWork,
        row: RunRow,
        chat: Chat,
        flow: Flow,
        card_number: int,
        responses: Responses,
    ) -> OutcomeBasis:
        """Read what the card's outcome will be made of (the other partnerships' outcomes)."""
        card = flow.card(card_number)
        if card is None:
            raise LookupError(f"flow {flow.id} has no card {card_number}")
        partnerships = await context_outcomes(uow, flow, card, row.region_id, kind="partnerships")
        language = chat.language or self._language
        return OutcomeBasis(
            row.flow_hash, card_number, responses, tuple(partnerships), language, flow, card
        )

    def make(self, basis: OutcomeBasis) -> MadeOutcome:
        """Synthesize and render: CPU work, for a worker thread (`make_all`)."""
        outcome = synthesize(basis.flow, basis.card, basis.responses, basis.partnerships)
        rendered = self.rendered(outcome, basis.card.outcome.template, basis.language)
        return MadeOutcome(basis, outcome, outcome.to_dict(), rendered)

    async def make_all(self, bases: Sequence[OutcomeBasis]) -> dict[int, MadeOutcome]:
        """The outcomes of these cards, by card number, made off the event loop."""
        if not bases:
            return {}

        def make_each() -> dict[int, MadeOutcome]:
            return {basis.card_number: self.make(basis) for basis in bases}

        return await asyncio.to_thread(make_each)

    async def store(
        self, uow: UnitOfWork, row: RunRow, chat: Chat, made: MadeOutcome
    ) -> OutcomeRow:
        """Keep a made outcome, and its action points and decisions in the ledger, in the
        transaction that stores the decision posting it."""
        stored = await uow.outcomes.save(
            run_id=row.id,
            chat_id=chat.id,
            partnership_id=row.partnership_id,
            region_id=row.region_id,
            flow_id=made.basis.flow.id,
            card_number=made.basis.card_number,
            title=made.outcome.title,
            data=made.data,
            text=made.rendered.text,
            markdown=made.rendered.markdown,
        )
        await record_actions(uow, stored, made.outcome)
        return stored

    def render(
        self, outcome: OutcomeCard, template: str | None = None, language: str | None = None
    ) -> str:
        """The card's Telegram text, its fixed words in `language` (the default: the bot's)."""
        chunks = render_outcome_telegram(
            outcome, template=template, env=self._templates, language=language or self._language
        )
        return "\n\n".join(chunks)

    def rendered(
        self, outcome: OutcomeCard, template: str | None = None, language: str | None = None
    ) -> Rendered:
        """The card's Telegram text and its Markdown: CPU work, not for the event loop."""
        language = language or self._language
        markdown = KeptMarkdown(
            card_markdown(outcome, language, self._templates),
            markdown_edition(language, self._templates),
        )
        return Rendered(self.render(outcome, template, language), markdown)


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
