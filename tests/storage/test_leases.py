"""Leases keep a chat's work with one instance at a time (PostgreSQL, several instances);
on SQLite, which serves one process, every lease is granted."""

from datetime import UTC, datetime, timedelta

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
TTL = timedelta(seconds=30)


async def test_a_lease_held_by_one_instance_is_refused_to_another_until_it_runs_out(
    uow_factory,
):
    async with uow_factory() as uow:
        if not uow.leases.shared:
            assert await uow.leases.take("chat:1", "a", NOW, TTL)
            assert await uow.leases.take("chat:1", "b", NOW, TTL), "SQLite: one process"
            return
        assert await uow.leases.take("chat:1", "a", NOW, TTL)
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.leases.take("chat:1", "b", NOW + timedelta(seconds=5), TTL)
        assert await uow.leases.take("chat:1", "a", NOW + timedelta(seconds=5), TTL), "renewed"
        assert await uow.leases.take("chat:1", "b", NOW + timedelta(seconds=36), TTL)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.leases.holder_of("chat:1") == "b"


async def test_a_lease_given_back_is_free_at_once(uow_factory):
    async with uow_factory() as uow:
        await uow.leases.take("lane:1:post", "a", NOW, TTL)
        await uow.leases.give_back("lane:1:post", "a")
        assert await uow.leases.take("lane:1:post", "b", NOW, TTL)
        await uow.commit()
