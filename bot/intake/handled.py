"""Which update is being handled, so that the transaction it changes also marks it handled."""

from __future__ import annotations

from contextvars import ContextVar

from storage import UnitOfWork

__all__ = ["CURRENT_UPDATE", "mark_current_update_handled"]

CURRENT_UPDATE: ContextVar[int | None] = ContextVar("current_update", default=None)


async def mark_current_update_handled(uow: UnitOfWork) -> None:
    """Inside the transaction of the change an update made: after a crash that update is
    not handled again (a repeated vote on a multiple-choice question would undo it)."""
    update_id = CURRENT_UPDATE.get()
    if update_id is not None:
        await uow.inbox.mark_handled(update_id)
