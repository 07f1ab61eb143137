"""What the group sees when Telegram or the network fails: every message once, in order,
and no word about the trouble."""

from __future__ import annotations

from dataclasses import replace

from bot.sandbox import Fault
from storage import ACK_LANE, OutboxStatus


async def test_a_message_that_fails_once_with_a_bad_gateway_arrives_once(post):
    post.api.faults.inject("sendMessage", Fault.SERVER_ERROR)

    row = await post.message("Kaart 1 · vraag 1/4")

    await post.group.wait_for(lambda: post.texts(), waiting_for="the message")
    assert post.texts() == ["Kaart 1 · vraag 1/4"]
    assert post.api.faults.injected == [("sendMessage", Fault.SERVER_ERROR)]
    await post.courier.wait_until_idle()
    stored = await post.status_of(row)
    assert stored.status == OutboxStatus.SENT and stored.attempts == 1


async def test_messages_keep_their_order_when_one_in_the_middle_must_be_retried(post):
    post.api.faults.inject(
        "sendMessage", Fault.LOST_REQUEST, when=lambda p: p.get("text") == "tweede"
    )

    for text in ("eerste", "tweede", "derde"):
        await post.message(text)

    await post.group.wait_for(lambda: len(post.texts()) == 3, waiting_for="three messages")
    assert post.texts() == ["eerste", "tweede", "derde"]


async def test_a_flood_limit_on_reactions_never_holds_a_question_up(post):
    answer = await post.group.say(post.api.user("Bram"), "Onderzoekende houding")
    post.api.faults.inject("setMessageReaction", Fault.FLOOD, retry_after=1)

    await post.enqueue("reaction", {"message_id": answer.message_id, "emoji": "👍"}, lane=ACK_LANE)
    await post.message("Kaart 1 · vraag 2/4")

    await post.group.wait_for(lambda: post.texts(), waiting_for="the question")
    assert not answer.reactions, "the question went out while the 👍 waited for its turn"
    await post.group.wait_for(lambda: answer.reactions, waiting_for="the 👍 after its wait")


async def test_thumbs_up_telegram_holds_back_for_long_are_not_queued_for_minutes(post):
    bram = post.api.user("Bram")
    answers = [await post.group.say(bram, f"Antwoord {n}") for n in range(3)]
    post.api.faults.inject("setMessageReaction", Fault.FLOOD, retry_after=30)

    held = [
        await post.enqueue("reaction", {"message_id": a.message_id, "emoji": "👍"}, lane=ACK_LANE)
        for a in answers[:2]
    ]
    await post.courier.wait_until_idle()
    later = await post.enqueue(
        "reaction", {"message_id": answers[2].message_id, "emoji": "👍"}, lane=ACK_LANE
    )
    await post.courier.wait_until_idle()
    await post.message("Kaart 1 · vraag 2/4")
    await post.group.wait_for(lambda: post.texts(), waiting_for="the next question")

    assert len(post.api.calls_to("setMessageReaction")) == 1, "one 429, then no more tries"
    for row in [*held, later]:
        assert (await post.status_of(row)).status == OutboxStatus.FAILED
    assert not any(answer.reactions for answer in answers)


async def test_a_long_message_resumes_after_a_failed_part_without_repeating_one(post):
    paragraphs = [f"Alinea {n}: " + "woord " * 300 for n in range(1, 5)]
    post.api.faults.inject(
        "sendMessage", Fault.SERVER_ERROR, when=lambda p: "Alinea 3" in str(p.get("text"))
    )

    row = await post.message("\n\n".join(paragraphs))

    def complete():
        joined = " ".join(post.texts())
        return all(f"Alinea {n}:" in joined for n in range(1, 5))

    await post.group.wait_for(complete, waiting_for="every part")
    await post.courier.wait_until_idle()
    joined = " ".join(post.texts())
    assert [joined.count(f"Alinea {n}:") for n in range(1, 5)] == [1, 1, 1, 1]
    stored = await post.status_of(row)
    assert len(stored.message_ids) == len(post.texts())


async def test_a_bot_removed_from_the_group_gives_up_what_waits_there(post):
    anna = post.api.user("Anna")
    post.group.set_admins(anna)
    await post.group.kick_bot(by=anna)

    row = await post.message("Kaart 1 · vraag 1/4")

    await post.courier.wait_until_idle()
    assert (await post.status_of(row)).status == OutboxStatus.FAILED
    async with post.uow() as uow:
        chat = await uow.chats.get(post.group.id)
    assert not chat.active
    assert post.texts() == []


async def test_a_message_follows_its_group_into_the_supergroup_it_became(post):
    anna = post.api.user("Anna")
    post.group.set_admins(anna)
    supergroup = await post.group.migrate_to_supergroup(by=anna)

    await post.message("Kaart 1 · vraag 1/4")

    await supergroup.wait_for(
        lambda: supergroup.messages_from_bot, waiting_for="the message in the supergroup"
    )
    assert [m.text for m in supergroup.messages_from_bot] == ["Kaart 1 · vraag 1/4"]


async def test_what_waited_when_the_courier_stopped_goes_out_when_it_starts_again(post):
    await post.courier.stop()
    await post.message("Kaart 2 · vraag 1/5")
    assert post.texts() == []

    post.courier.start()

    await post.group.wait_for(lambda: post.texts(), waiting_for="the waiting message")
    assert post.texts() == ["Kaart 2 · vraag 1/5"]


async def test_a_backlog_of_reactions_goes_out_in_one_pass_and_is_recorded_delivered(post):
    await post.courier.stop()
    post.courier.policy = replace(post.courier.policy, poll_interval=60.0)  # no pass by itself
    bram = post.api.user("Bram")
    answers = [await post.group.say(bram, f"Antwoord {n}") for n in range(60)]
    rows = [
        await post.enqueue("reaction", {"message_id": a.message_id, "emoji": "👍"}, lane=ACK_LANE)
        for a in answers
    ]
    await post.message("Kaart 1 · vraag 2/4")

    post.courier.start()
    await post.courier.wait_until_idle()

    assert all(answer.reactions for answer in answers)
    assert post.texts() == ["Kaart 1 · vraag 2/4"]
    assert {(await post.status_of(row)).status for row in rows} == {OutboxStatus.SENT}


async def test_a_row_added_while_its_lane_is_being_delivered_goes_out_without_a_new_pass(post):
    await post.courier.stop()
    post.courier.policy = replace(post.courier.policy, poll_interval=60.0)  # no pass by itself
    post.courier.start()
    bram = post.api.user("Bram")
    first = await post.group.say(bram, "Eerste")
    second = await post.group.say(bram, "Tweede")
    slow = post.api.faults.inject("setMessageReaction", Fault.HELD)

    await post.enqueue("reaction", {"message_id": first.message_id, "emoji": "👍"}, lane=ACK_LANE)
    await slow.arrived.wait()  # the first 👍 is on its way: its lane is busy
    await post.enqueue("reaction", {"message_id": second.message_id, "emoji": "👍"}, lane=ACK_LANE)
    slow.release()

    await post.courier.wait_until_idle()
    assert first.reactions and second.reactions


async def test_a_flood_limit_on_one_groups_thumbs_up_holds_back_that_group_only(post):
    zuid = post.api.group("Partnerschap Zuid", bot_is_member=True)
    async with post.uow() as uow:
        zuid_chat = await uow.chats.get_or_create(zuid.id, "Partnerschap Zuid")
        await uow.commit()
    bram = post.api.user("Bram")
    noord_answers = [await post.group.say(bram, f"Noord {n}") for n in range(3)]
    zuid_answers = [await zuid.say(bram, f"Zuid {n}") for n in range(3)]
    first = noord_answers[0]
    post.api.faults.inject(
        "setMessageReaction",
        Fault.FLOOD,
        retry_after=1,
        when=lambda p: (
            (str(p.get("chat_id")), str(p.get("message_id")))
            == (str(post.group.id), str(first.message_id))
        ),
    )

    for answer in noord_answers:
        await post.enqueue(
            "reaction", {"message_id": answer.message_id, "emoji": "👍"}, lane=ACK_LANE
        )
    async with post.uow() as uow:
        for answer in zuid_answers:
            payload = {"message_id": answer.message_id, "emoji": "👍"}
            await uow.outbox.add(zuid_chat.id, None, "reaction", payload, lane=ACK_LANE)
        await uow.commit()
    post.courier.wake(uow.outbox.lanes_added)

    await zuid.wait_for(lambda: all(a.reactions for a in zuid_answers), waiting_for="Zuid's 👍s")
    assert not any(a.reactions for a in noord_answers), "Noord's 👍s wait behind the refused one"
    await post.group.wait_for(
        lambda: all(a.reactions for a in noord_answers), waiting_for="Noord's 👍s after the wait"
    )
