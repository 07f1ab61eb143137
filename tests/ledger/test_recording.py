"""A card's action points join the partnership's ledger once, on real databases."""

from collections.abc import Callable

from bot.ledger import record_actions
from flows.synthesis import ActionList, MergedAnswer, OutcomeCard
from storage import ActionStatus, UnitOfWork
from storage.repositories.actions import Ledger
from tests.storage import conftest as storage

database = storage.database
engine = storage.engine
session_factory = storage.session_factory
uow_factory = storage.uow_factory
conversation_in_chat = storage.conversation_in_chat


def card_with_actions(*texts: str) -> OutcomeCard:
    return OutcomeCard(
        flow_id="kwaliteitskader",
        flow_title="Kwaliteitskader",
        card_number=1,
        card_title="Basiskwaliteit",
        title="Kaartje 1. Basiskwaliteit: Uitkomsten",
        sections=(),
        actions=(
            ActionList(
                "acties",
                "Welke acties spreken jullie af?",
                "actions",
                tuple(MergedAnswer(text, 1, ("Anna",)) for text in texts),
            ),
        ),
    )


async def save_card(uow: UnitOfWork, chat, number: int, outcome: OutcomeCard):
    return await uow.outcomes.save(
        run_id=chat.run_id,
        chat_id=chat.chat_id,
        partnership_id=chat.partnership_id,
        region_id=chat.region_id,
        flow_id=outcome.flow_id,
        card_number=number,
        title=outcome.title,
        data=outcome.to_dict(),
        text=outcome.title,
    )


async def test_a_card_written_again_adds_its_action_points_once(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat = await conversation_in_chat()
    outcome = card_with_actions("Studiedag over het beroepsbeeld", "Intervisie plannen")
    added = []
    for _ in range(2):
        async with uow_factory() as uow:
            row = await save_card(uow, chat, 1, outcome)
            added.append(await record_actions(uow, row, outcome))
            await uow.commit()

    async with uow_factory() as uow:
        ledger = await uow.actions.of_ledger(Ledger.of(chat.partnership_id, chat.region_id))
    assert added == [2, 0]
    assert sorted(item.text for item in ledger) == [
        "Intervisie plannen",
        "Studiedag over het beroepsbeeld",
    ]


async def test_a_repeated_action_point_joins_the_open_item_but_not_a_finished_one(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat = await conversation_in_chat()
    first = card_with_actions("Studiedag over het beroepsbeeld", "Intervisie plannen")
    async with uow_factory() as uow:
        row = await save_card(uow, chat, 1, first)
        await record_actions(uow, row, first)
        ledger = Ledger.of(chat.partnership_id, chat.region_id)
        done = next(i for i in await uow.actions.of_ledger(ledger) if i.text.startswith("Inter"))
        await uow.actions.set_status(done, ActionStatus.KLAAR, row.created_at)
        await uow.commit()

    again = card_with_actions("Studiedag over het beroepsbeeld", "Intervisie plannen")
    async with uow_factory() as uow:
        row = await save_card(uow, chat, 2, again)
        added = await record_actions(uow, row, again)
        await uow.commit()

    async with uow_factory() as uow:
        items = await uow.actions.of_ledger(ledger, include_closed=True)
    assert added == 1, "the finished intervisie comes back as a new item"
    assert sorted((item.text, item.status) for item in items) == [
        ("Intervisie plannen", ActionStatus.KLAAR),
        ("Intervisie plannen", ActionStatus.OPEN),
        ("Studiedag over het beroepsbeeld", ActionStatus.OPEN),
    ]
