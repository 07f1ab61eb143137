"""The transcript API tests are written in: members act, the bot's messages are awaited."""

import asyncio

import pytest

from bot.sandbox import BotApiDouble, ChatScenario, User

from .conftest import RawBotApi


@pytest.fixture
def anna(api: BotApiDouble) -> User:
    return api.user("Anna", last_name="de Vries")


@pytest.fixture
def group(api: BotApiDouble, anna: User) -> ChatScenario:
    return api.group("Partnerschap Noord", creator=anna, bot_is_member=True)


async def test_users_and_chats_get_stable_distinct_ids(api: BotApiDouble) -> None:
    anna, bram = api.user("Anna"), api.user("Bram")
    group, supergroup = api.group("Noord"), api.supergroup("Oost")
    assert 0 < anna.id < bram.id
    assert group.id < 0 and str(supergroup.id).startswith("-100")
    assert api.chat(group.id) is group


async def test_next_bot_message_waits_for_the_bots_next_new_message(
    raw: RawBotApi, group: ChatScenario
) -> None:
    waiting = asyncio.create_task(group.next_bot_message(timeout=5))
    await raw.ok("sendMessage", chat_id=group.id, text="Eerste")
    await raw.ok("sendMessage", chat_id=group.id, text="Tweede")
    assert (await waiting).text == "Eerste"
    assert (await group.next_bot_message()).text == "Tweede"
    assert group.unread_bot_messages() == []


async def test_next_bot_message_can_wait_for_one_topic(
    raw: RawBotApi, api: BotApiDouble, anna: User
) -> None:
    forum = api.supergroup("Regio Oost", forum=True, creator=anna, bot_is_member=True)
    visie, planning = (
        await forum.create_topic(anna, "Visie"),
        await forum.create_topic(anna, "Planning"),
    )
    await raw.ok("sendMessage", chat_id=forum.id, text="in planning", message_thread_id=planning)
    await raw.ok("sendMessage", chat_id=forum.id, text="in visie", message_thread_id=visie)
    assert (await forum.next_bot_message(thread_id=visie)).text == "in visie"
    assert (await forum.next_bot_message()).text == "in planning"


async def test_a_timeout_says_what_was_awaited_and_shows_the_transcript_tail(
    raw: RawBotApi, group: ChatScenario, anna: User
) -> None:
    await group.command(anna, "/gesprek visie-op-beroep")
    await raw("sendMessage", chat_id=group.id, text="<b>kapot", parse_mode="HTML")
    with pytest.raises(TimeoutError) as caught:
        await group.next_bot_message(timeout=0.05)
    report = str(caught.value)
    assert "waiting for a bot message in group 'Partnerschap Noord'" in report
    assert "#1 Anna: /gesprek visie-op-beroep" in report
    assert 'Can\'t find end tag corresponding to start tag "b"' in report


async def test_next_edit_returns_each_edit_once(raw: RawBotApi, group: ChatScenario) -> None:
    sent = await raw.ok("sendMessage", chat_id=group.id, text="0 stemmen")
    tally = await group.next_bot_message()
    waiting = asyncio.create_task(group.next_edit(tally))
    await raw.ok("editMessageText", chat_id=group.id, message_id=sent["message_id"], text="1 stem")
    assert (await waiting).text == "1 stem"
    with pytest.raises(TimeoutError, match="an edit of message #1"):
        await group.next_edit(tally, timeout=0.05)
    assert tally.history == ["0 stemmen"]


async def test_press_finds_buttons_by_text_or_data_and_returns_the_answer(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    keyboard = {
        "inline_keyboard": [
            [
                {"text": "Eens", "callback_data": "vote:1"},
                {"text": "Oneens", "callback_data": "vote:2"},
            ],
            [{"text": "Uitleg", "url": "https://example.nl"}],
        ]
    }
    sent = await raw.ok("sendMessage", chat_id=group.id, text="Stelling", reply_markup=keyboard)
    question = group.message(sent["message_id"])

    async def bot_answers() -> None:
        for _ in range(2):
            await api.wait_for(lambda: any("callback_query" in u for u in api.pending_updates))
            update = next(u for u in api.pending_updates if "callback_query" in u)
            query = update["callback_query"]
            api.world.confirm(update["update_id"] + 1)
            await raw.ok(
                "answerCallbackQuery",
                callback_query_id=query["id"],
                text=f"Gekozen: {query['data']}",
                show_alert=True,
            )

    answering = asyncio.create_task(bot_answers())
    first = await group.press(anna, question, "Eens")
    second = await group.press(anna, question, callback_data="vote:2")
    await answering
    assert (first["text"], first["show_alert"]) == ("Gekozen: vote:1", True)
    assert second["text"] == "Gekozen: vote:2"
    with pytest.raises(ValueError, match="sends no callback"):
        await group.press(anna, question, "Uitleg")
    with pytest.raises(LookupError, match="no button 'Stop'"):
        await group.press(anna, question, "Stop")


async def test_a_press_the_bot_never_answers_times_out_clearly(
    raw: RawBotApi, group: ChatScenario, anna: User
) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Volgende ▶", "callback_data": "next"}]]}
    sent = await raw.ok("sendMessage", chat_id=group.id, text="Klaar?", reply_markup=keyboard)
    with pytest.raises(TimeoutError, match=r"the bot to answer Anna pressing \[Volgende ▶\]"):
        await group.press(anna, group.message(sent["message_id"]), "Volgende ▶", timeout=0.05)


async def test_the_transcript_reads_like_the_chat(
    raw: RawBotApi, api: BotApiDouble, anna: User
) -> None:
    group = api.group("Noord", creator=anna)
    bram = api.user("Bram")
    await group.add_bot(by=anna)
    await group.command(anna, "/gesprek")
    keyboard = {
        "inline_keyboard": [
            [{"text": "Volgende ▶", "callback_data": "n"}, {"text": "Stop", "callback_data": "s"}]
        ]
    }
    sent = await raw.ok(
        "sendMessage", chat_id=group.id, text="Vraag 1\nWat valt op?", reply_markup=keyboard
    )
    answer = await group.reply(bram, group.message(sent["message_id"]), "Eigenaarschap")
    await raw.ok(
        "setMessageReaction",
        chat_id=group.id,
        message_id=answer.message_id,
        reaction=[{"type": "emoji", "emoji": "👍"}],
    )
    await group.sticker(bram, "🎉")
    await raw.ok(
        "sendDocument",
        files={"document": ("verslag.docx", b"PK", "application/zip")},
        chat_id=group.id,
        caption="Verslag",
    )
    assert group.render_transcript() == "\n".join(
        [
            "· Anna added samenbot",
            "Anna: /gesprek",
            "samenbot: Vraag 1",
            "  Wat valt op?",
            "  [Volgende ▶] [Stop]",
            "Bram ↩ samenbot: Eigenaarschap {👍}",
            "Bram: [sticker 🎉]",
            "samenbot: [document verslag.docx] Verslag",
        ]
    )
    assert [m.text for m in group.messages_from_bot] == ["Vraag 1\nWat valt op?", None]
    assert group.message(sent["message_id"]).button_texts == ["Volgende ▶", "Stop"]


async def test_wait_for_wakes_on_any_change_without_polling(
    raw: RawBotApi, group: ChatScenario, anna: User
) -> None:
    answer = await group.say(anna, "antwoord")
    waiting = asyncio.create_task(group.wait_for(lambda: answer.reactions, timeout=5))
    await raw.ok(
        "setMessageReaction",
        chat_id=group.id,
        message_id=answer.message_id,
        reaction=[{"type": "emoji", "emoji": "👌"}],
    )
    assert await waiting == ["👌"]


async def test_members_cannot_post_in_a_migrated_group(group: ChatScenario, anna: User) -> None:
    supergroup = await group.migrate_to_supergroup()
    with pytest.raises(ValueError, match="use the new supergroup handle"):
        await group.say(anna, "hallo?")
    await supergroup.say(anna, "hallo!")
    assert supergroup.transcript[-1].text == "hallo!"
