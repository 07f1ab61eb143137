from collections.abc import Callable

from storage import UnitOfWork
from storage.repositories.actions import Ledger


async def test_the_owners_of_a_ledgers_items_are_read_together_and_an_unowned_item_has_none(
    uow_factory: Callable[[], UnitOfWork],
):
    async with uow_factory() as uow:
        chat = await uow.chats.get_or_create(-1001, "Noord")
        partnership = await uow.chats.bind_to_partnership(chat, "Noord", "Regio Oost")
        anna = await uow.members.upsert(1, "Anna")
        bram = await uow.members.upsert(2, "Bram")
        items = [
            await uow.actions.add(
                chat_id=chat.id,
                ledger=Ledger(partnership.id, None),
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
            for text, owner in (("Studiedag", anna), ("Intervisie", bram), ("Plan", None))
        ]
        await uow.commit()

    async with uow_factory() as uow:
        owners = await uow.actions.owners(items)
        nobody = await uow.actions.owners([])

    names = {item.text: getattr(owners[item.id], "first_name", None) for item in items}
    assert names == {"Studiedag": "Anna", "Intervisie": "Bram", "Plan": None}
    assert nobody == {}
