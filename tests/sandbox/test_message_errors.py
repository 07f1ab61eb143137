"""Telegram refuses what it refuses, with its own words: texts, markup, edits, reactions."""

import pytest

from bot.sandbox import BotApiDouble, ChatScenario

from .conftest import RawBotApi


@pytest.fixture
def group(api: BotApiDouble) -> ChatScenario:
    return api.group("Partnerschap Noord", creator=api.user("Anna"), bot_is_member=True)


async def test_an_empty_or_blank_text_is_refused(raw: RawBotApi, group: ChatScenario) -> None:
    for text in ("", "   \n", "<b> </b>"):
        status, description, _ = await raw.error(
            "sendMessage", chat_id=group.id, text=text, parse_mode="HTML"
        )
        assert (status, description) == (400, "Bad Request: message text is empty")


async def test_text_may_be_4096_characters_after_parsing_but_not_more(
    raw: RawBotApi, group: ChatScenario
) -> None:
    await raw.ok(
        "sendMessage", chat_id=group.id, text="<b>" + "x" * 4096 + "</b>", parse_mode="HTML"
    )
    _, description, _ = await raw.error("sendMessage", chat_id=group.id, text="x" * 4097)
    assert description == "Bad Request: message is too long"
    _, description, _ = await raw.error("sendMessage", chat_id=group.id, text="🎉" * 2049)
    assert description == "Bad Request: message is too long"  # 4098 UTF-16 units


async def test_a_caption_longer_than_1024_characters_is_refused(
    raw: RawBotApi, group: ChatScenario
) -> None:
    files = {"document": ("a.txt", b"a", "text/plain")}
    await raw.ok("sendDocument", files=files, chat_id=group.id, caption="c" * 1024)
    _, description, _ = await raw.error(
        "sendDocument", files=files, chat_id=group.id, caption="c" * 1025
    )
    assert description == "Bad Request: message caption is too long"


async def test_unsupported_html_is_refused_with_the_byte_offset(
    raw: RawBotApi, group: ChatScenario
) -> None:
    _, description, _ = await raw.error(
        "sendMessage", chat_id=group.id, text="Hoi <script>x</script>", parse_mode="HTML"
    )
    assert description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 4'
    )


async def test_an_unescaped_ampersand_from_user_text_is_refused(
    raw: RawBotApi, group: ChatScenario
) -> None:
    _, description, _ = await raw.error(
        "sendMessage", chat_id=group.id, text="<b>Bram</b>: R&D", parse_mode="HTML"
    )
    assert description == (
        "Bad Request: can't parse entities: Character entity expected at byte offset 14"
    )


async def test_without_parse_mode_markup_is_plain_text(raw: RawBotApi, group: ChatScenario) -> None:
    result = await raw.ok("sendMessage", chat_id=group.id, text="<b>niet vet</b> & zo")
    assert result["text"] == "<b>niet vet</b> & zo"
    assert "entities" not in result


async def test_callback_data_must_be_1_to_64_bytes(raw: RawBotApi, group: ChatScenario) -> None:
    def keyboard(data: str) -> dict:
        return {"inline_keyboard": [[{"text": "Kies", "callback_data": data}]]}

    await raw.ok("sendMessage", chat_id=group.id, text="ok", reply_markup=keyboard("x" * 64))
    for data in ("", "x" * 65, "é" * 33):
        _, description, _ = await raw.error(
            "sendMessage", chat_id=group.id, text="te lang", reply_markup=keyboard(data)
        )
        assert description == "Bad Request: BUTTON_DATA_INVALID"


async def test_an_inline_button_without_an_action_is_refused(
    raw: RawBotApi, group: ChatScenario
) -> None:
    _, description, _ = await raw.error(
        "sendMessage",
        chat_id=group.id,
        text="x",
        reply_markup={"inline_keyboard": [[{"text": "Alleen tekst"}]]},
    )
    assert "Text buttons are unallowed in the inline keyboard" in description


async def test_an_identical_edit_is_refused_as_not_modified(
    raw: RawBotApi, group: ChatScenario
) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Volgende ▶", "callback_data": "next"}]]}
    sent = await raw.ok(
        "sendMessage",
        chat_id=group.id,
        text="<b>Vraag</b>",
        parse_mode="HTML",
        reply_markup=keyboard,
    )
    _, description, _ = await raw.error(
        "editMessageText",
        chat_id=group.id,
        message_id=sent["message_id"],
        text="<b>Vraag</b>",
        parse_mode="HTML",
        reply_markup=keyboard,
    )
    assert description == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    _, description, _ = await raw.error(
        "editMessageReplyMarkup",
        chat_id=group.id,
        message_id=sent["message_id"],
        reply_markup=keyboard,
    )
    assert description.startswith("Bad Request: message is not modified")


async def test_editing_text_without_reply_markup_removes_the_keyboard(
    raw: RawBotApi, group: ChatScenario
) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Ja", "callback_data": "ja"}]]}
    sent = await raw.ok("sendMessage", chat_id=group.id, text="Vraag", reply_markup=keyboard)
    edited = await raw.ok(
        "editMessageText", chat_id=group.id, message_id=sent["message_id"], text="Vraag"
    )
    assert "reply_markup" not in edited
    assert group.message(sent["message_id"]).reply_markup is None


async def test_editing_a_missing_message_or_a_members_message_is_refused(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario
) -> None:
    _, description, _ = await raw.error(
        "editMessageText", chat_id=group.id, message_id=99, text="x"
    )
    assert description == "Bad Request: message to edit not found"
    theirs = await group.say(api.user("Bram"), "mijn bericht")
    _, description, _ = await raw.error(
        "editMessageText", chat_id=group.id, message_id=theirs.message_id, text="x"
    )
    assert description == "Bad Request: message can't be edited"


async def test_replying_to_a_missing_message_is_refused_unless_allowed(
    raw: RawBotApi, group: ChatScenario
) -> None:
    _, description, _ = await raw.error(
        "sendMessage", chat_id=group.id, text="x", reply_parameters={"message_id": 42}
    )
    assert description == "Bad Request: message to be replied not found"
    result = await raw.ok(
        "sendMessage",
        chat_id=group.id,
        text="x",
        reply_parameters={"message_id": 42, "allow_sending_without_reply": True},
    )
    assert "reply_to_message" not in result


async def test_a_reply_carries_the_replied_message(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario
) -> None:
    question = await group.say(api.user("Bram"), "Wat is het plan?")
    result = await raw.ok(
        "sendMessage", chat_id=group.id, text="Dit", reply_to_message_id=question.message_id
    )
    assert result["reply_to_message"]["text"] == "Wat is het plan?"
    assert group.message(result["message_id"]).reply_to is question


async def test_an_unknown_chat_is_not_found(raw: RawBotApi, api: BotApiDouble) -> None:
    never_joined = api.group("Zonder bot")
    for chat_id in (-4999, never_joined.id, "@bestaatniet"):
        _, description, _ = await raw.error("sendMessage", chat_id=chat_id, text="x")
        assert description == "Bad Request: chat not found"


async def test_a_user_who_never_started_the_bot_cannot_be_messaged(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    anna = api.user("Anna")
    status, description, _ = await raw.error("sendMessage", chat_id=anna.id, text="Hoi")
    assert (status, description) == (403, "Forbidden: bot can't initiate conversation with a user")
    api.private_chat(anna)
    await raw.ok("sendMessage", chat_id=anna.id, text="Hoi")


async def test_only_standard_emoji_reactions_are_accepted(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario
) -> None:
    answer = await group.say(api.user("Bram"), "Onderzoekende houding")
    for emoji in ("👍", "👌", "✍", "🤝", "❤", "🔥", "🎉", "🙏", "👀"):
        assert (
            await raw.ok(
                "setMessageReaction",
                chat_id=group.id,
                message_id=answer.message_id,
                reaction=[{"type": "emoji", "emoji": emoji}],
            )
            is True
        )
    assert answer.reactions == ["👀"]
    for emoji in ("✅", "🙂", "❤️"):
        _, description, _ = await raw.error(
            "setMessageReaction",
            chat_id=group.id,
            message_id=answer.message_id,
            reaction=[{"type": "emoji", "emoji": emoji}],
        )
        assert description == "Bad Request: REACTION_INVALID"


async def test_a_bot_sets_at_most_one_reaction_and_an_empty_list_clears_it(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario
) -> None:
    answer = await group.say(api.user("Bram"), "x")
    both = [{"type": "emoji", "emoji": "👍"}, {"type": "emoji", "emoji": "🔥"}]
    _, description, _ = await raw.error(
        "setMessageReaction", chat_id=group.id, message_id=answer.message_id, reaction=both
    )
    assert description == "Bad Request: REACTIONS_TOO_MANY"
    await raw.ok(
        "setMessageReaction", chat_id=group.id, message_id=answer.message_id, reaction=both[:1]
    )
    await raw.ok("setMessageReaction", chat_id=group.id, message_id=answer.message_id, reaction=[])
    assert answer.reactions == []


async def test_a_photo_must_be_an_image(raw: RawBotApi, group: ChatScenario) -> None:
    _, description, _ = await raw.error(
        "sendPhoto",
        files={"photo": ("grafiek.png", b"not an image", "image/png")},
        chat_id=group.id,
    )
    assert description == "Bad Request: IMAGE_PROCESS_FAILED"


async def test_a_callback_query_can_be_answered_once(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario
) -> None:
    sent = await raw.ok(
        "sendMessage",
        chat_id=group.id,
        text="Kies",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    await group.press(
        api.user("Cees"), group.message(sent["message_id"]), "A", wait_for_answer=False
    )
    query = api.pending_updates[-1]["callback_query"]
    await raw.ok("answerCallbackQuery", callback_query_id=query["id"], text="Gestemd")
    _, description, _ = await raw.error("answerCallbackQuery", callback_query_id=query["id"])
    assert description == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


async def test_deleting_a_members_message_needs_admin_rights(
    raw: RawBotApi, api: BotApiDouble, group: ChatScenario
) -> None:
    theirs = await group.say(api.user("Bram"), "oeps")
    _, description, _ = await raw.error(
        "deleteMessage", chat_id=group.id, message_id=theirs.message_id
    )
    assert description == "Bad Request: message can't be deleted"
    own = await raw.ok("sendMessage", chat_id=group.id, text="weg ermee")
    assert await raw.ok("deleteMessage", chat_id=group.id, message_id=own["message_id"]) is True
    _, description, _ = await raw.error(
        "deleteMessage", chat_id=group.id, message_id=own["message_id"]
    )
    assert description == "Bad Request: message to delete not found"


async def test_set_my_commands_is_kept_per_language_and_scope(
    raw: RawBotApi, api: BotApiDouble
) -> None:
    nl = [{"command": "gesprek", "description": "Start een gesprek"}]
    en = [{"command": "gesprek", "description": "Start a conversation"}]
    await raw.ok("setMyCommands", commands=nl)
    await raw.ok("setMyCommands", commands=en, language_code="en")
    await raw.ok("setMyCommands", commands=nl, scope={"type": "all_group_chats"})
    assert api.commands == {"": nl, "en": en}
    assert await raw.ok("getMyCommands", language_code="en") == en
    assert len(api.scoped_commands) == 3
    _, description, _ = await raw.error(
        "setMyCommands", commands=[{"command": "Gesprek-Start", "description": "x"}]
    )
    assert description == "Bad Request: BOT_COMMAND_INVALID"
