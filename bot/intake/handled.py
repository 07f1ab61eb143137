"""Which update is being handled, so that the transaction it changes also marks it handled."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from storage import UnitOfWork

__all__ = [
    "CURRENT_UPDATE",
    "HandledUpdate",
    "mark_current_update_handled",
    "marked_and_committed",
]


@dataclass
class HandledUpdate:
    update_id: int
    marked: bool = False  # the change that marked it was committed


CURRENT_UPDATE: ContextVar[HandledUpdate | None] = ContextVar("current_update", default=None)


async def mark_current_update_handled(uow: UnitOfWork) -> None:
    """Inside the transaction of the change an update made: after a crash that update is
    not handled again (a repeated vote on a multiple-choice question would undo it). Call
    `marked_and_committed()` once that transaction is committed."""
    current = CURRENT_UPDATE.get()
    if current is not None:
        await uow.inbox.mark_handled(current.update_id)


def marked_and_committed() -> None:
    """The transaction that marked the current update is committed: the processor need not
    mark it again (one write less for every answer)."""
    current = CURRENT_UPDATE.get()
    if current is not None:
        current.marked = True
