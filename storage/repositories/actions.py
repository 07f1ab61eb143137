"""The action ledger: the items of one partnership (or of one region group's own runs)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ActionItem, ActionProposer, ActionStatus, Member, utcnow

__all__ = ["ActionRepository", "Ledger"]

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.BEZIG)


@dataclass(frozen=True)
class Ledger:
    """Whose items: a partnership's (every chat of it), or a region group's own (no
    partnership). A region group never reads a partnership's items through its ledger."""

    partnership_id: int | None
    region_id: int | None

    @classmethod
    def of(cls, partnership_id: int | None, region_id: int | None) -> Ledger:
        """The ledger of a run or card held for this partnership, or without one, for this
        region's group."""
        return cls(partnership_id, None if partnership_id is not None else region_id)

    @property
    def known(self) -> bool:
        return self.partnership_id is not None or self.region_id is not None

    def clause(self):
        if self.partnership_id is not None:
            return ActionItem.partnership_id == self.partnership_id
        return (ActionItem.region_id == self.region_id) & ActionItem.partnership_id.is_(None)

    def holds(self, item: ActionItem) -> bool:
        """`clause`, for an item already read."""
        if self.partnership_id is not None:
            return item.partnership_id == self.partnership_id
        return (
            self.region_id is not None
            and item.partnership_id is None
            and item.region_id == self.region_id
        )


class ActionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        chat_id: int,
        ledger: Ledger,
        run_id: int | None,
        outcome_card_id: int | None,
        flow_id: str,
        card_number: int,
        question_id: str,
        kind: str,
        text: str,
        owner_member_id: int | None,
        due_date: date | None,
        proposer_ids: Sequence[int],
        at: datetime | None = None,
    ) -> ActionItem:
        at = at or utcnow()
        item = ActionItem(
            chat_id=chat_id,
            partnership_id=ledger.partnership_id,
            region_id=ledger.region_id,
            run_id=run_id,
            outcome_card_id=outcome_card_id,
            flow_id=flow_id,
            card_number=card_number,
            question_id=question_id,
            kind=kind,
            text=text,
            owner_member_id=owner_member_id,
            due_date=due_date,
            status=ActionStatus.OPEN,
            sources=[outcome_card_id] if outcome_card_id is not None else [],
            created_at=at,
            updated_at=at,
        )
        self._session.add(item)
        await self._session.flush()
        await self.add_proposers(item, proposer_ids)
        return item

    async def add_proposers(self, item: ActionItem, member_ids: Iterable[int]) -> None:
        known = {p.member_id for p in await self.proposers_of(item.id)}
        position = len(known)
        for member_id in dict.fromkeys(member_ids):
            if member_id not in known:
                self._session.add(
                    ActionProposer(item_id=item.id, member_id=member_id, position=position)
                )
                position += 1
        await self._session.flush()

    async def merge_source(
        self, item: ActionItem, outcome_card_id: int, proposer_ids: Sequence[int], at: datetime
    ) -> None:
        """A near-duplicate named again on another card: one item, every proposer kept."""
        if outcome_card_id not in item.sources:
            item.sources = [*item.sources, outcome_card_id]
        item.updated_at = at
        await self.add_proposers(item, proposer_ids)

    async def get(self, item_id: int) -> ActionItem | None:
        return await self._session.get(ActionItem, item_id)

    async def of_ledger(self, ledger: Ledger, *, include_closed: bool = False) -> list[ActionItem]:
        statement = select(ActionItem).where(ledger.clause())
        if not include_closed:
            statement = statement.where(ActionItem.status.in_([str(s) for s in OPEN_STATUSES]))
        result = await self._session.scalars(statement.order_by(ActionItem.id))
        return list(result.unique().all())

    async def proposers_of(self, item_id: int) -> list[ActionProposer]:
        result = await self._session.scalars(
            select(ActionProposer)
            .where(ActionProposer.item_id == item_id)
            .order_by(ActionProposer.position)
        )
        return list(result.unique().all())

    async def proposer_names(self, item_ids: Iterable[int]) -> dict[int, list[str]]:
        ids = list(item_ids)
        names: dict[int, list[str]] = {item_id: [] for item_id in ids}
        if not ids:
            return names
        result = await self._session.scalars(
            select(ActionProposer)
            .where(ActionProposer.item_id.in_(ids))
            .order_by(ActionProposer.item_id, ActionProposer.position)
        )
        for proposer in result.unique().all():
            names[proposer.item_id].append(proposer.member.first_name)
        return names

    async def set_status(self, item: ActionItem, status: ActionStatus, at: datetime) -> bool:
        """False when it already had this status (a press repeated changes nothing)."""
        if item.status == status:
            return False
        item.status = status
        item.updated_at = at
        item.closed_at = at if status in (ActionStatus.KLAAR, ActionStatus.VERVALLEN) else None
        await self._session.flush()
        return True

    async def set_owner(self, item: ActionItem, member_id: int, at: datetime) -> bool:
        if item.owner_member_id == member_id:
            return False
        item.owner_member_id = member_id
        item.updated_at = at
        await self._session.flush()
        return True

    async def overdue(self, ledger: Ledger, today: date) -> list[ActionItem]:
        items = await self.of_ledger(ledger)
        return [item for item in items if item.due_date is not None and item.due_date < today]

    async def closed_since(self, ledger: Ledger, since: datetime) -> list[ActionItem]:
        result = await self._session.scalars(
            select(ActionItem)
            .where(ledger.clause(), ActionItem.status == ActionStatus.KLAAR)
            .where(ActionItem.closed_at >= since)
            .order_by(ActionItem.closed_at)
        )
        return list(result.unique().all())

    async def of_member(self, member_id: int) -> list[ActionItem]:
        """Items the member owns or proposed."""
        proposed = select(ActionProposer.item_id).where(ActionProposer.member_id == member_id)
        result = await self._session.scalars(
            select(ActionItem)
            .where(or_(ActionItem.owner_member_id == member_id, ActionItem.id.in_(proposed)))
            .order_by(ActionItem.id)
        )
        return list(result.unique().all())

    async def forget_member(self, member_id: int) -> int:
        """The items stay (the partnership agreed them); the member is no longer named."""
        owned = await self._session.execute(
            update(ActionItem)
            .where(ActionItem.owner_member_id == member_id)
            .values(owner_member_id=None)
        )
        proposed = await self._session.execute(
            delete(ActionProposer).where(ActionProposer.member_id == member_id)
        )
        return (owned.rowcount or 0) + (proposed.rowcount or 0)

    async def member(self, member_id: int | None) -> Member | None:
        return await self._session.get(Member, member_id) if member_id is not None else None

    async def owners(self, items: Iterable[ActionItem]) -> dict[int, Member | None]:
        """Each item's owner (None: nobody owns it), by item id, read in one statement."""
        items = list(items)
        ids = {item.owner_member_id for item in items} - {None}
        members: dict[int, Member] = {}
        if ids:
            found = await self._session.scalars(select(Member).where(Member.id.in_(ids)))
            members = {member.id: member for member in found}
        return {item.id: members.get(item.owner_member_id) for item in items}
