"""The four-yearly peer review a chat plans, and whose milestones it is reminded of."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PeerReview, PeerReviewStatus, Reminder, ReminderStatus

__all__ = ["PeerReviewRepository"]


class PeerReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def plan(
        self,
        chat_id: int,
        partnership_id: int | None,
        region_id: int | None,
        visit_date: date,
        created_by_member_id: int | None,
        cycle: int = 1,
    ) -> PeerReview:
        """Plan the visit; a review the chat had planned before is cancelled with its reminders.

        Scheduling the new timeline's reminders is the caller's next step.
        """
        await self.cancel(chat_id)
        review = PeerReview(
            chat_id=chat_id,
            partnership_id=partnership_id,
            region_id=region_id,
            visit_date=visit_date,
            status=PeerReviewStatus.PLANNED,
            cycle=cycle,
            created_by_member_id=created_by_member_id,
        )
        self._session.add(review)
        await self._session.flush()
        return review

    async def current_for_chat(self, chat_id: int) -> PeerReview | None:
        """The planned review of the chat, if any."""
        return await self._session.scalar(
            select(PeerReview)
            .where(PeerReview.chat_id == chat_id, PeerReview.status == PeerReviewStatus.PLANNED)
            .order_by(PeerReview.created_at.desc(), PeerReview.id.desc())
            .limit(1)
        )

    async def get(self, review_id: int) -> PeerReview | None:
        return await self._session.get(PeerReview, review_id)

    async def cancel(self, chat_id: int) -> PeerReview | None:
        """Cancel the chat's planned review and its pending reminders; None if none was planned."""
        planned = (
            await self._session.scalars(
                select(PeerReview)
                .where(PeerReview.chat_id == chat_id, PeerReview.status == PeerReviewStatus.PLANNED)
                .order_by(PeerReview.created_at.desc(), PeerReview.id.desc())
            )
        ).all()
        if not planned:
            return None
        for review in planned:
            review.status = PeerReviewStatus.CANCELLED
        await self._session.execute(
            update(Reminder)
            .where(
                Reminder.peer_review_id.in_([review.id for review in planned]),
                Reminder.status == ReminderStatus.PENDING,
            )
            .values(status=ReminderStatus.CANCELLED)
        )
        await self._session.flush()
        return planned[0]

    async def complete(self, review_id: int) -> PeerReview | None:
        """The visit took place; its follow-up reminders (report, next cycle) stay scheduled."""
        review = await self._session.get(PeerReview, review_id)
        if review is None:
            return None
        review.status = PeerReviewStatus.COMPLETED
        await self._session.flush()
        return review
