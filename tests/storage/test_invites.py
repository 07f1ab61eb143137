"""Invitation codes: used once, never after they expire, and kept only as a hash."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage import RunScope, UnitOfWork
from storage.models import Invite
from storage.repositories.invites import InviteRepository

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def an_invite(uow_factory, code: str = "ABCDE-FGHJK") -> tuple[int, int]:
    async with uow_factory() as uow:
        noord = await uow.chats.get_or_create(-1001, "Noord")
        partnership = await uow.chats.bind_to_partnership(noord, "Noord", "Oost")
        other = await uow.chats.get_or_create(-1002, "Werkgroep")
        await InviteRepository(uow.session).issue(
            code,
            kind=RunScope.PARTNERSHIP,
            region_id=partnership.region_id,
            partnership_id=partnership.id,
            chat_id=noord.id,
            member_id=None,
            now=NOW,
            valid_for=timedelta(days=7),
        )
        await uow.commit()
        return other.id, partnership.id


async def test_a_code_is_redeemed_once_whatever_its_spelling(
    uow_factory: Callable[[], UnitOfWork],
):
    other, partnership = await an_invite(uow_factory)
    async with uow_factory() as uow:
        invites = InviteRepository(uow.session)
        first = await invites.redeem("abcde fghjk", other, NOW + timedelta(days=1))
        second = await invites.redeem("ABCDE-FGHJK", other, NOW + timedelta(days=1))
        stored = (await uow.session.scalars(select(Invite))).one()
        await uow.commit()
    assert first is not None and first.partnership_id == partnership
    assert first.used_by_chat_id == other
    assert second is None
    assert "ABCDE" not in stored.code_hash


async def test_an_expired_or_unknown_code_joins_nothing(uow_factory: Callable[[], UnitOfWork]):
    other, _ = await an_invite(uow_factory)
    async with uow_factory() as uow:
        invites = InviteRepository(uow.session)
        assert await invites.redeem("ABCDE-FGHJK", other, NOW + timedelta(days=8)) is None
        assert await invites.redeem("ZZZZZ-ZZZZZ", other, NOW) is None
