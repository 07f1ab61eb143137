"""Privacy mode: in a group the bot only hears commands, replies to itself and service news."""

import pytest

from bot.sandbox import BotApiDouble, ChatScenario, User

from .conftest import RawBotApi


@pytest.fixture
def anna(api: BotApiDouble) -> User:
    return api.user("Anna")


@pytest.fixture
def group(api: BotApiDouble, anna: User) -> ChatScenario:
    return api.group("Partnerschap Noord", creator=anna, bot_is_member=True)


def delivered_texts(api: BotApiDouble) -> list[str | None]:
    return [
        (u.get("message") or u.get("edited_message") or {}).get("text")
        for u in api.pending_updates
        if "message" in u or "edited_message" in u
    ]


async def test_a_plain_group_message_is_hidden_from_the_bot_in_privacy_mode(
    api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    message = await group.say(anna, "Gewoon een opmerking")
    assert not message.seen_by_bot
    assert api.pending_updates == []


async def test_commands_reach_the_bot_with_a_bot_command_entity(
    api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    await group.command(anna, "/gesprek visie-op-beroep")
    await group.command(anna, "/status@samenbot_bot")
    await group.command(anna, "/status@SamenBot_Bot")
    assert delivered_texts(api) == [
        "/gesprek visie-op-beroep",
        "/status@samenbot_bot",
        "/status@SamenBot_Bot",
    ]
    entity = api.pending_updates[0]["message"]["entities"][0]
    assert entity == {"type": "bot_command", "offset": 0, "length": 8}


async def test_a_command_for_another_bot_is_not_delivered(
    api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    await group.command(anna, "/status@AndereBot")
    await group.say(anna, "zie ook /status later")  # not at offset 0
    assert api.pending_updates == []


async def test_a_reply_to_the_bots_message_is_delivered(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    question = await raw.ok(
        "sendMessage", chat_id=group.id, text="Vraag 1", reply_markup={"force_reply": True}
    )
    bram = api.user("Bram")
    other = await group.say(bram, "los bericht")
    await group.reply(anna, group.message(question["message_id"]), "Mijn antwoord")
    await group.reply(bram, other, "reply aan Bram, niet aan de bot")
    assert delivered_texts(api) == ["Mijn antwoord"]
    reply = api.pending_updates[0]["message"]
    assert reply["reply_to_message"]["message_id"] == question["message_id"]


async def test_stickers_and_photos_replying_to_the_bot_are_delivered(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    sent = await raw.ok("sendMessage", chat_id=group.id, text="Vraag")
    question = group.message(sent["message_id"])
    await group.sticker(anna, reply_to=question)
    await group.photo(anna, reply_to=question, caption="zie foto")
    kinds = [
        sorted(k for k in u["message"] if k in ("sticker", "photo")) for u in api.pending_updates
    ]
    assert kinds == [["sticker"], ["photo"]]


async def test_service_messages_are_delivered(
    api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    await group.add_members(api.user("Bram"), by=anna)
    await group.leave(anna)
    messages = [u["message"] for u in api.pending_updates]
    assert "new_chat_members" in messages[0] and "left_chat_member" in messages[1]


async def test_an_admin_bot_reads_every_message(
    api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    await group.promote_bot(by=anna)
    await group.say(anna, "Gewoon een opmerking")
    assert delivered_texts(api) == ["Gewoon een opmerking"]


async def test_privacy_can_be_switched_off_per_chat_or_for_the_whole_scenario(
    api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    group.set_privacy_mode(False)
    await group.say(anna, "in deze groep zichtbaar")
    other = api.group("Oost", creator=anna, bot_is_member=True)
    await other.say(anna, "hier niet")
    api.privacy_mode = False
    await other.say(anna, "nu wel")
    assert delivered_texts(api) == ["in deze groep zichtbaar", "nu wel"]


async def test_edits_follow_the_same_rule(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario, anna: User
) -> None:
    sent = await raw.ok("sendMessage", chat_id=group.id, text="Vraag")
    answer = await group.reply(anna, group.message(sent["message_id"]), "eerste versie")
    plain = await group.say(anna, "los")
    await group.edit(answer, "tweede versie")
    await group.edit(plain, "los, bewerkt")
    edited = [u["edited_message"] for u in api.pending_updates if "edited_message" in u]
    assert [m["text"] for m in edited] == ["tweede versie"]
    assert edited[0]["message_id"] == answer.message_id and "edit_date" in edited[0]


async def test_private_chats_are_always_delivered(api: BotApiDouble, anna: User) -> None:
    dm = api.private_chat(anna)
    await dm.say(anna, "hoi bot")
    assert delivered_texts(api) == ["hoi bot"]
    assert api.pending_updates[0]["message"]["chat"]["type"] == "private"


async def test_a_bot_outside_the_group_hears_nothing(api: BotApiDouble, anna: User) -> None:
    group = api.group("Zonder bot", creator=anna)
    await group.command(anna, "/start")
    assert api.pending_updates == []
