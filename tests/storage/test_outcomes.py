from collections.abc import Callable

from storage import UnitOfWork
from tests.storage.conftest import ConversationInChat


async def _save(uow: UnitOfWork, chat: ConversationInChat, card: int, title: str, **extra):
    return await uow.outcomes.save(
        run_id=extra.get("run_id", chat.run_id),
        chat_id=chat.chat_id,
        partnership_id=extra.get("partnership_id", chat.partnership_id),
        region_id=extra.get("region_id", chat.region_id),
        flow_id=extra.get("flow_id", "visie-op-beroep"),
        card_number=card,
        title=title,
        data=extra.get("data", {"answered": 2, "themes": ["onderzoek"]}),
        text=f"<b>Kaartje {card}. {title}: Uitkomsten</b>",
    )


async def test_saving_a_card_twice_keeps_one_outcome_with_the_latest_content(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        first = await _save(uow, chat, 1, "Eerste versie")
        await uow.commit()
    async with uow_factory() as uow:
        second = await _save(uow, chat, 1, "Definitief")
        await _save(uow, chat, 2, "Kernelementen")
        await uow.commit()

    assert second.id == first.id
    async with uow_factory() as uow:
        outcomes = await uow.outcomes.of_run(chat.run_id)
        runs = await uow.outcomes.runs_with_outcomes(chat.chat_id)
    assert [(o.card_number, o.title) for o in outcomes] == [(1, "Definitief"), (2, "Kernelementen")]
    assert outcomes[0].data == {"answered": 2, "themes": ["onderzoek"]}
    assert [run.id for run in runs] == [chat.run_id]


async def test_latest_for_chat_is_the_newest_matching_outcome(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        assert await uow.outcomes.latest_for_chat(chat.chat_id) is None
        await _save(uow, chat, 1, "Visie")
        await _save(uow, chat, 2, "Rollen")
        await uow.commit()

    async with uow_factory() as uow:
        latest = await uow.outcomes.latest_for_chat(chat.chat_id)
        card_one = await uow.outcomes.latest_for_chat(chat.chat_id, "visie-op-beroep", 1)
        other_flow = await uow.outcomes.latest_for_chat(chat.chat_id, "kwaliteitskader")
    assert (latest.title, card_one.title, other_flow) == ("Rollen", "Visie", None)


async def test_partnership_a_outcomes_are_never_returned_for_partnership_b(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    a: ConversationInChat = await conversation_in_chat(-1001, partnership="A", region="X")
    b: ConversationInChat = await conversation_in_chat(-1002, partnership="B", region="X")
    async with uow_factory() as uow:
        await _save(uow, a, 3, "Kernelementen A")
        await uow.commit()

    async with uow_factory() as uow:
        of_a = await uow.outcomes.latest_of_partnership(a.partnership_id, "visie-op-beroep", 3)
        of_b = await uow.outcomes.latest_of_partnership(b.partnership_id, "visie-op-beroep", 3)
        for_chat_b = await uow.outcomes.latest_for_chat(b.chat_id)
    assert of_a.title == "Kernelementen A"
    assert of_b is None
    assert for_chat_b is None


async def test_region_x_outcomes_are_never_returned_for_region_y(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    a: ConversationInChat = await conversation_in_chat(-1001, partnership="A", region="X")
    b: ConversationInChat = await conversation_in_chat(-1002, partnership="B", region="X")
    c: ConversationInChat = await conversation_in_chat(-1003, partnership="C", region="Y")
    async with uow_factory() as uow:
        await _save(uow, a, 3, "A, eerste run")
        await _save(uow, b, 3, "B")
        await _save(uow, c, 3, "C")
        # A card saved under a stray region id still belongs to C's region, not X.
        await _save(uow, c, 4, "C met verkeerde regio", region_id=a.region_id)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.runs.save_state(a.run_id, 1, {}, "finished")
        rerun = await uow.runs.start(
            chat_id=a.chat_id,
            thread_id=None,
            flow_id="visie-op-beroep",
            flow_version=1,
            flow_hash="sha256:test",
            scope="partnership",
            partnership_id=a.partnership_id,
            region_id=a.region_id,
        )
        await _save(uow, a, 3, "A, tweede run", run_id=rerun.id)
        await uow.commit()

    async with uow_factory() as uow:
        region_x = await uow.outcomes.latest_per_partnership_in_region(
            a.region_id, "visie-op-beroep", 3
        )
        region_y = await uow.outcomes.latest_per_partnership_in_region(
            c.region_id, "visie-op-beroep", 3
        )
        stray = await uow.outcomes.latest_per_partnership_in_region(
            a.region_id, "visie-op-beroep", 4
        )
    assert [(o.partnership.name, o.title) for o in region_x] == [("A", "A, tweede run"), ("B", "B")]
    assert [o.title for o in region_y] == ["C"]
    assert stray == []


async def test_who_took_part_is_read_per_run_in_card_order_each_name_once(
    uow_factory: Callable[[], UnitOfWork], conversation_in_chat
):
    chat: ConversationInChat = await conversation_in_chat()
    async with uow_factory() as uow:
        await _save(uow, chat, 2, "Rollen", data={"participants": ["Cees", "Anna"]})
        await _save(uow, chat, 1, "Visie", data={"participants": ["Anna", "Bram"]})
        await _save(uow, chat, 3, "Oud", data={"answered": 0})
        await uow.commit()

    async with uow_factory(read_only=True) as uow:
        taking_part = await uow.outcomes.participants_of_runs([chat.run_id, chat.run_id + 99])
    assert taking_part == {chat.run_id: ["Anna", "Bram", "Cees"], chat.run_id + 99: []}
