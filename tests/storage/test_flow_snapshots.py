async def test_a_flow_snapshot_is_kept_once_and_read_back(uow_factory):
    async with uow_factory() as uow:
        await uow.flows.keep("abc123", "visie-op-beroep", {"id": "visie-op-beroep", "v": 1})
        await uow.flows.keep("abc123", "visie-op-beroep", {"id": "changed"})
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.flows.snapshot("abc123") == {"id": "visie-op-beroep", "v": 1}
        assert await uow.flows.snapshot("unknown") is None
