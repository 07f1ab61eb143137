"""What a card's context reaches of earlier runs: `run: earlier` and `actions: earlier`.

Only ever the chat's own partnership (or, in a region group, the region group's own runs);
a run still open is not earlier.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from flows.ledger.recap import EXPORT_QUESTION, EXPORT_TITLE, LedgerEntry, ledger_outcome
from flows.schema import Flow
from flows.synthesis import OutcomeCard, PartnershipOutcome
from storage import ActionItem, Run, RunStatus, UnitOfWork
from storage import OutcomeCard as OutcomeRow
from storage.repositories.actions import Ledger

__all__ = ["actions_of_run", "earlier_actions", "earlier_outcome"]

_OPEN = [str(RunStatus.ACTIVE), str(RunStatus.PAUSED)]


async def earlier_outcome(
    uow: UnitOfWork,
    partnership_id: int | None,
    region_id: int | None,
    flow_id: str,
    card_number: int,
) -> list[OutcomeRow]:
    """The newest outcome of the card from a run of ours that is no longer under way."""
    if partnership_id is not None:
        ours = OutcomeRow.partnership_id == partnership_id
    elif region_id is not None:
        ours = (OutcomeRow.region_id == region_id) & OutcomeRow.partnership_id.is_(None)
    else:
        return []
    statement = (
        select(OutcomeRow)
        .join(Run, Run.id == OutcomeRow.run_id)
        .where(
            ours,
            OutcomeRow.flow_id == flow_id,
            OutcomeRow.card_number == card_number,
            Run.status.not_in(_OPEN),
        )
        .order_by(OutcomeRow.created_at.desc(), OutcomeRow.id.desc())
        .limit(1)
    )
    latest = await uow.session.scalar(statement)
    return [latest] if latest is not None else []


async def earlier_actions(
    uow: UnitOfWork,
    flow: Flow,
    partnership_id: int | None,
    region_id: int | None,
    of_flow: str | None = None,
) -> list[PartnershipOutcome]:
    """The ledger's items of earlier runs, with status, as one outcome to show."""
    ledger = Ledger.of(partnership_id, region_id)
    if not ledger.known:
        return []
    items = await uow.actions.of_ledger(ledger, include_closed=True)
    open_runs = {
        run_id
        for run_id in {item.run_id for item in items if item.run_id is not None}
        if (run := await uow.runs.get(run_id)) is not None and run.status in _OPEN
    }
    items = [
        item
        for item in items
        if item.run_id not in open_runs and (of_flow is None or item.flow_id == of_flow)
    ]
    if not items:
        return []
    entries = await _entries(uow, items)
    return [PartnershipOutcome("", ledger_outcome(entries, flow.id, flow.title))]


async def actions_of_run(
    uow: UnitOfWork, run: Run, outcome_ids: Sequence[int], flow_title: str
) -> OutcomeCard | None:
    """For an export: the run's items as they stand now; None when it named none."""
    ledger = Ledger.of(run.partnership_id, run.region_id)
    if not ledger.known:
        return None
    items = [
        item
        for item in await uow.actions.of_ledger(ledger, include_closed=True)
        if item.run_id == run.id or set(item.sources) & set(outcome_ids)
    ]
    if not items:
        return None
    entries = await _entries(uow, items)
    return ledger_outcome(
        entries, run.flow_id, flow_title, title=EXPORT_TITLE, question=EXPORT_QUESTION
    )


async def _entries(uow: UnitOfWork, items: Sequence[ActionItem]) -> list[LedgerEntry]:
    proposers = await uow.actions.proposer_names(item.id for item in items)
    owners = await uow.actions.owners(items)
    return [
        LedgerEntry(
            item.text,
            item.status,
            owner.first_name if (owner := owners[item.id]) is not None else None,
            item.due_date,
            tuple(proposers[item.id]),
        )
        for item in items
    ]
