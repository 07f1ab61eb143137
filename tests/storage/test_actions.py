from collections.abc import Callable

from storage import UnitOfWork
from storage.repositories.actions import Ledger


async def add_item(uow: UnitOfWork, chat_id: int, ledger: Ledger, text: str, owner=None):
    """An action point of card 1 of the kwaliteitskader, named by nobody."""
    return await uow.actions.add(
        chat_id=chat_id,
        ledger=ledger,
        run_id=None,
        outcome_card_id=None,
        flow_id="kwaliteitskader",
        card_number=1,
        question_id="acties",
        kind="action",
        text=text,
        owner_member_id=owner.id if owner else None,
        due_date=None,
        proposer_ids=[],
    )


async def test_the_owners_of_a_ledgers_items_are_read_together_and_an_unowned_item_has_none(
    uow_factory: Callable[[], UnitOfWork],
):
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-1001, "Noord")
        partnership = await uow.chats.bind_to_partnership(chat, "Noord", "Regio Oost")
        anna = await uow.members.upsert(1, "Anna")
        bram = await uow.members.upsert(2, "Bram")
        ledger = Ledger(partnership.id, None)
        items = [
            await add_item(uow, chat.id, ledger, text, owner)
            for text, owner in (("Studiedag", anna), ("Intervisie", bram), ("Plan", None))
        ]
        await uow.commit()

    async with uow_factory() as uow:
        owners = await uow.actions.owners(items)
        nobody = await uow.actions.owners([])

    names = {item.text: getattr(owners[item.id], "first_name", None) for item in items}
    assert names == {"Studiedag": "Anna", "Intervisie": "Bram", "Plan": None}
    assert nobody == {}


async def test_a_ledger_holds_exactly_the_items_it_reads(uow_factory: Callable[[], UnitOfWork]):
    async with uow_factory() as uow:
        noord_chat = await uow.chats.get_or_create(-1001, "Noord")
        noord = await uow.chats.bind_to_partnership(noord_chat, "Noord", "Regio Oost")
        zuid_chat = await uow.chats.get_or_create(-1002, "Zuid")
        zuid = await uow.chats.bind_to_partnership(zuid_chat, "Zuid", "Regio Oost")
        ledgers = [
            Ledger.of(noord.id, noord.region_id),
            Ledger.of(zuid.id, zuid.region_id),
            Ledger.of(None, noord.region_id),  # the region group's own
        ]
        for ledger in ledgers:
            await add_item(uow, noord_chat.id, ledger, f"Item van {ledger}")
        await uow.commit()

    async with uow_factory() as uow:
        read = {
            ledger: await uow.actions.of_ledger(ledger, include_closed=True) for ledger in ledgers
        }
    every_item = [item for items in read.values() for item in items]

    assert len(every_item) == 3
    for ledger, items in read.items():
        assert [item for item in every_item if ledger.holds(item)] == items
