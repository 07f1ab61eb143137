"""Groups change under the bot: kicked, upgraded to a supergroup, split into forum topics."""

from bot.sandbox import BotApiDouble

from .conftest import RawBotApi


def kinds(api: BotApiDouble) -> list[str]:
    return [next(k for k in update if k != "update_id") for update in api.pending_updates]


async def test_adding_the_bot_sends_my_chat_member_and_a_new_members_message(
    api: BotApiDouble,
) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna)
    await group.add_bot(by=anna)
    assert kinds(api) == ["my_chat_member", "message"]
    change = api.pending_updates[0]["my_chat_member"]
    assert (change["old_chat_member"]["status"], change["new_chat_member"]["status"]) == (
        "left",
        "member",
    )
    assert api.pending_updates[1]["message"]["new_chat_members"] == [api.bot.to_api()]


async def test_a_kicked_bot_gets_403_on_every_send(raw: RawBotApi, api: BotApiDouble) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna)
    await group.add_bot(by=anna)
    await raw.ok("sendMessage", chat_id=group.id, text="Hallo")
    await group.kick_bot(by=anna)
    assert api.pending_updates[-1]["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    status, description, _ = await raw.error("sendMessage", chat_id=group.id, text="Nog iets")
    assert (status, description) == (403, "Forbidden: bot was kicked from the group chat")
    status, _, _ = await raw.error("getChatAdministrators", chat_id=group.id)
    assert status == 403


async def test_a_kicked_bot_does_not_see_the_kick_as_a_message(api: BotApiDouble) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna, bot_is_member=True)
    service = await group.kick_bot(by=anna)
    assert not service.seen_by_bot
    assert "samenbot" in group.render_transcript()


async def test_a_migrated_group_answers_with_the_new_supergroup_id(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna, bot_is_member=True)
    supergroup = await group.migrate_to_supergroup()
    assert str(supergroup.id).startswith("-100")
    status, description, parameters = await raw.error("sendMessage", chat_id=group.id, text="x")
    assert (status, description) == (
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
    )
    assert parameters == {"migrate_to_chat_id": supergroup.id}
    sent = await raw.ok("sendMessage", chat_id=supergroup.id, text="Verder hier")
    assert sent["chat"]["type"] == "supergroup"
    messages = [u["message"] for u in api.pending_updates if "message" in u]
    assert messages[-2]["migrate_to_chat_id"] == supergroup.id
    assert messages[-2]["chat"]["id"] == group.id
    assert messages[-1]["migrate_from_chat_id"] == group.id
    assert messages[-1]["chat"]["id"] == supergroup.id


async def test_forum_topics_carry_their_thread_id(raw: RawBotApi, api: BotApiDouble) -> None:
    anna = api.user("Anna")
    forum = api.supergroup("Regio Oost", forum=True, creator=anna, bot_is_member=True)
    visie = await forum.create_topic(anna, "Visie")
    created = api.pending_updates[-1]["message"]
    assert created["forum_topic_created"]["name"] == "Visie"
    assert created["message_thread_id"] == visie and created["is_topic_message"] is True
    sent = await raw.ok("sendMessage", chat_id=forum.id, text="Vraag 1", message_thread_id=visie)
    assert (sent["message_thread_id"], sent["is_topic_message"]) == (visie, True)
    assert sent["chat"]["is_forum"] is True


async def test_a_message_in_a_topic_replies_implicitly_to_the_topic_start(
    api: BotApiDouble,
) -> None:
    anna = api.user("Anna")
    forum = api.supergroup("Regio Oost", forum=True, creator=anna, bot_is_member=True)
    forum.set_privacy_mode(False)
    visie = await forum.create_topic(anna, "Visie")
    await forum.say(anna, "Gewoon een bericht", thread_id=visie)
    message = api.pending_updates[-1]["message"]
    # Telegram's quirk: not a real reply, but reply_to_message is the topic's creation message.
    assert message["reply_to_message"]["message_id"] == visie
    assert "forum_topic_created" in message["reply_to_message"]


async def test_an_unknown_topic_is_message_thread_not_found(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    forum = api.supergroup("Regio Oost", forum=True, bot_is_member=True)
    group = api.group("Noord", bot_is_member=True)
    for chat_id in (forum.id, group.id):
        _, description, _ = await raw.error(
            "sendMessage", chat_id=chat_id, text="x", message_thread_id=777
        )
        assert description == "Bad Request: message thread not found"


async def test_a_reply_in_a_topic_stays_in_that_topic(raw: RawBotApi, api: BotApiDouble) -> None:
    anna = api.user("Anna")
    forum = api.supergroup("Regio Oost", forum=True, creator=anna, bot_is_member=True)
    visie = await forum.create_topic(anna, "Visie")
    question = await forum.command(anna, "/status", thread_id=visie)
    sent = await raw.ok(
        "sendMessage",
        chat_id=forum.id,
        text="Status",
        reply_parameters={"message_id": question.message_id},
    )
    assert sent["message_thread_id"] == visie


async def test_administrators_are_the_creator_the_admins_and_an_admin_bot(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna, bram, cees = api.user("Anna"), api.user("Bram"), api.user("Cees")
    group = api.group("Noord", creator=anna)
    group.set_admins(bram)
    await group.add_bot(by=anna)
    admins = await raw.ok("getChatAdministrators", chat_id=group.id)
    assert [(m["user"]["first_name"], m["status"]) for m in admins] == [
        ("Anna", "creator"),
        ("Bram", "administrator"),
    ]
    await group.promote_bot(by=anna)
    admins = await raw.ok("getChatAdministrators", chat_id=group.id)
    assert admins[-1]["user"]["id"] == api.bot.id
    await group.say(cees, "hoi")
    member = await raw.ok("getChatMember", chat_id=group.id, user_id=cees.id)
    assert member["status"] == "member"
    bot_member = await raw.ok("getChatMember", chat_id=group.id, user_id=api.bot.id)
    assert bot_member["status"] == "administrator"


async def test_pinning_in_a_supergroup_needs_an_admin_bot(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna = api.user("Anna")
    supergroup = api.supergroup("Regio", creator=anna, bot_is_member=True)
    sent = await raw.ok("sendMessage", chat_id=supergroup.id, text="Tijdlijn")
    _, description, _ = await raw.error(
        "pinChatMessage", chat_id=supergroup.id, message_id=sent["message_id"]
    )
    assert description == "Bad Request: not enough rights to manage pinned messages in the chat"
    await supergroup.promote_bot(by=anna)
    await raw.ok("pinChatMessage", chat_id=supergroup.id, message_id=sent["message_id"])
    chat = await raw.ok("getChat", chat_id=supergroup.id)
    assert chat["pinned_message"]["text"] == "Tijdlijn"


async def test_a_user_who_blocked_the_bot_cannot_be_messaged(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna = api.user("Anna")
    dm = api.private_chat(anna)
    await raw.ok("sendMessage", chat_id=anna.id, text="Jouw gegevens")
    await dm.block_bot()
    assert api.pending_updates[-1]["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    status, description, _ = await raw.error("sendMessage", chat_id=anna.id, text="Nog iets")
    assert (status, description) == (403, "Forbidden: bot was blocked by the user")


async def test_chat_actions_are_checked_and_leaving_a_group_ends_membership(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    group = api.group("Noord", bot_is_member=True)
    assert await raw.ok("sendChatAction", chat_id=group.id, action="upload_document") is True
    _, description, _ = await raw.error("sendChatAction", chat_id=group.id, action="dancing")
    assert description == "Bad Request: wrong parameter action in request"
    await raw.ok("leaveChat", chat_id=group.id)
    status, description, _ = await raw.error("sendMessage", chat_id=group.id, text="x")
    assert (status, description) == (403, "Forbidden: bot is not a member of the group chat")
