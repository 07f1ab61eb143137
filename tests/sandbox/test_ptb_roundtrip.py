"""The wire format proven against python-telegram-bot itself: a Bot and a polling Application."""

import io
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReactionTypeEmoji,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import BotApiDouble, FloodLimits

NEXT = InlineKeyboardMarkup([[InlineKeyboardButton("Volgende ▶", callback_data="next")]])


@pytest.fixture
async def bot(api: BotApiDouble) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as ptb_bot:
        yield ptb_bot


async def test_ptb_bot_sends_force_reply_and_keyboard_and_reads_the_reply(
    api: BotApiDouble, bot: Bot
) -> None:
    anna = api.user("Anna", "de Vries")
    group = api.group("Partnerschap Noord", creator=anna, bot_is_member=True)
    question = await bot.send_message(
        group.id,
        "<b>Kaart 1</b> · vraag 1/3",
        parse_mode=ParseMode.HTML,
        reply_markup=ForceReply(input_field_placeholder="Jouw antwoord"),
    )
    assert question.text_html == "<b>Kaart 1</b> · vraag 1/3"
    assert question.from_user.username == "samenbot_bot"
    assert group.message(question.message_id).force_reply
    buttons = await bot.send_message(group.id, "Klaar?", reply_markup=NEXT)
    assert buttons.reply_markup == NEXT

    await group.reply(anna, group.message(question.message_id), "Onderzoekende houding")
    updates = await bot.get_updates(timeout=5)
    answer = updates[-1].message
    assert answer.text == "Onderzoekende houding"
    assert answer.from_user.full_name == "Anna de Vries"
    assert answer.reply_to_message.message_id == question.message_id
    assert answer.reply_to_message.from_user.id == bot.id


async def test_ptb_bot_edits_reacts_and_sends_documents_and_photos(
    api: BotApiDouble, bot: Bot
) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna, bot_is_member=True)
    sent = await bot.send_message(group.id, "Stand: 0 stemmen", reply_markup=NEXT)
    edited = await bot.edit_message_text(
        "Stand: <b>1</b> stem",
        group.id,
        sent.message_id,
        parse_mode=ParseMode.HTML,
        reply_markup=NEXT,
    )
    assert edited.text == "Stand: 1 stem" and edited.edit_date is not None
    assert group.message(sent.message_id).history == ["Stand: 0 stemmen"]

    answer = await group.say(anna, "Mijn antwoord")
    assert await bot.set_message_reaction(group.id, answer.message_id, ReactionTypeEmoji("👍"))
    assert answer.reactions == ["👍"]

    docx = b"PK\x03\x04" + bytes(range(256))
    document = await bot.send_document(
        group.id,
        io.BytesIO(docx),
        filename="visie-op-beroep.docx",
        caption="Het verslag",
        reply_parameters=ReplyParameters(answer.message_id),
    )
    assert document.document.file_name == "visie-op-beroep.docx"
    assert document.reply_to_message.message_id == answer.message_id
    assert [(d.filename, d.data) for d in api.documents] == [("visie-op-beroep.docx", docx)]
    downloaded = await (await bot.get_file(document.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == docx

    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000020000000308060000009dd3b9b0")
    photo = await bot.send_photo(group.id, io.BytesIO(png), filename="grafiek.png")
    assert (photo.photo[-1].width, photo.photo[-1].height) == (2, 3)
    assert group.photos[0].filename == "grafiek.png"


async def test_ptb_raises_its_own_exceptions_for_telegrams_errors(
    api: BotApiDouble, bot: Bot
) -> None:
    anna = api.user("Anna")
    group = api.group("Noord", creator=anna, bot_is_member=True)
    # PTB drops "Bad Request: " and capitalize()s the rest of Telegram's description
    with pytest.raises(BadRequest, match='Can\'t parse entities: unsupported start tag "div"'):
        await bot.send_message(group.id, "<div>x</div>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(
            group.id,
            "x",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("x", callback_data="x" * 65)]]
            ),
        )
    supergroup = await group.migrate_to_supergroup()
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(group.id, "x")
    assert migrated.value.new_chat_id == supergroup.id
    await supergroup.kick_bot(by=anna)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(supergroup.id, "x")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # retry_after int
async def test_ptb_sees_retry_after_when_flooding(api: BotApiDouble) -> None:
    async with BotApiDouble(api.token, flood_limits=FloodLimits(per_group_per_minute=1)) as tight:
        group = tight.group("Noord", bot_is_member=True)
        async with Bot(tight.token, base_url=tight.base_url) as bot:
            await bot.send_message(group.id, "1")
            with pytest.raises(RetryAfter, match=r"Flood control exceeded\. Retry in 60 seconds"):
                await bot.send_message(group.id, "2")


async def test_a_polling_ptb_application_runs_a_question_round(api: BotApiDouble) -> None:
    async def gesprek(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(
            "Kaart 1 · vraag 1/1\nWat valt op?", reply_markup=ForceReply()
        )
        await update.effective_chat.send_message("Facilitator:", reply_markup=NEXT)

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.set_reaction("✍")

    async def volgende(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Door naar de uitkomsten")
        await update.callback_query.edit_message_text("Vraag gesloten")

    app = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("gesprek", gesprek))
    app.add_handler(MessageHandler(filters.REPLY & filters.TEXT, answer))
    app.add_handler(CallbackQueryHandler(volgende))
    anna, bram = api.user("Anna"), api.user("Bram")
    group = api.group("Partnerschap Noord", creator=anna)
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=10)
        await group.add_bot(by=anna)
        await group.command(anna, "/gesprek@samenbot_bot visie-op-beroep")
        question = await group.next_bot_message()
        controls = await group.next_bot_message()
        assert question.force_reply and question.reply_to is not None
        reply = await group.reply(bram, question, "Eigenaarschap")
        await group.wait_for(lambda: reply.reactions == ["✍"], waiting_for="the reaction")
        pressed = await group.press(anna, controls, "Volgende ▶")
        assert pressed == {
            "text": "Door naar de uitkomsten",
            "show_alert": False,
            "url": None,
            "cache_time": None,
        }
        await group.next_edit(controls)
        assert controls.text == "Vraag gesloten" and controls.reply_markup is None
        await app.updater.stop()
        await app.stop()
    assert api.refused_calls == []
    assert group.render_transcript().splitlines() == [
        "· Anna added samenbot",
        "Anna: /gesprek@samenbot_bot visie-op-beroep",
        "samenbot ↩ Anna: Kaart 1 · vraag 1/1",
        "  Wat valt op?",
        "samenbot: Vraag gesloten (edited)",
        "Bram ↩ samenbot: Eigenaarschap {✍}",
    ]
