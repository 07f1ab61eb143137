"""Hypothesis throws odd updates at the real bot on the Bot API double: every message kind,
odd Unicode, huge numbers, missing senders, `sender_chat`, automatic forwards, quotes of other
chats, tampered callback data. No handler may raise: nothing reaches the error handler and the
group never sees the generic error message."""

from __future__ import annotations

import itertools
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox import BotApiDouble, FloodLimits
from tests.e2e.conftest import _world

_EXAMPLES = itertools.count(1)  # one new group per example: the database outlives examples
HUGE = st.sampled_from(["99999999999999999999999", "-1", "0", "²", "٣", "1e9", "007", "2147483648"])
ODD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=40
)
COMMANDS = st.sampled_from(
    [
        "/samenvatting",
        "/samenvatting visie-op-beroep kaart",
        "/export",
        "/gesprek visie-op-beroep kaart",
        "/gesprek visie-op-beroep tempo",
        "/koppel",
        "/uitnodigen",
        "/taal",
        "/instellingen antwoorden",
        "/peerreview",
        "/volgende",
        "/status",
        "/vergeetmij",
        "/mijngegevens",
        "/acties",
        "/onbekend",
    ]
)
ZERO_WIDTH = st.sampled_from(["\u200b", "\u200b\u200c\u2060", "\ufeff\u200e", "\u3164", ""])
CALLBACK_DATA = st.one_of(
    ODD_TEXT,
    st.builds(lambda p, n: f"{p}:{n}", st.sampled_from(["v", "i", "sum", "start", "nav"]), HUGE),
    st.builds(lambda n, m: f"r:{n}:{m}", HUGE, HUGE),
    st.sampled_from(["v:1:2:3", "v:0", "r:0:1", "nav:next", "forget:yes:1", "sum:1", "start:x"]),
)
KINDS = st.sampled_from(
    [
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            }
        },
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        {"document": {"file_id": "d", "file_unique_id": "d"}},
        {"location": {"latitude": 52.1, "longitude": 5.1}},
        {"contact": {"phone_number": "+31", "first_name": "X"}},
        {"dice": {"emoji": "🎲", "value": 3}},
        {"pinned_message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}}},
        {"new_chat_title": "Nieuwe naam"},
        {},
    ]
)


@st.composite
def message_payloads(draw, chat: dict, users: list[dict], bot_message_ids: list[int]) -> dict:
    payload: dict = {"message_id": draw(st.integers(100_000, 10**9)), "date": 0, "chat": chat}
    who = draw(st.sampled_from(["user", "anonymous", "channel", "forward", "nobody"]))
    if who != "nobody":
        payload["from"] = draw(st.sampled_from(users))
    if who == "anonymous":
        payload["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
        payload["sender_chat"] = chat
    elif who in ("channel", "forward"):
        payload["sender_chat"] = {"id": -1002000000999, "type": "channel", "title": "Kanaal"}
        payload["is_automatic_forward"] = who == "forward"
    elif who == "nobody":
        payload["sender_chat"] = chat
    kind = draw(st.sampled_from(["text", "command", "caption", "other"]))
    if kind == "text":
        payload["text"] = draw(ODD_TEXT) + draw(ZERO_WIDTH) or "\u200b"
    elif kind == "command":
        text = f"{draw(COMMANDS)} {draw(HUGE)} {draw(ODD_TEXT)}".strip()
        payload["text"] = text
        length = len(text.split()[0].encode("utf-16-le")) // 2
        payload["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    elif kind == "caption":
        payload.update(draw(KINDS))
        payload["caption"] = draw(ODD_TEXT)
    else:
        payload.update(draw(KINDS))
    reply_to = draw(st.none() | st.integers(0, 50))
    if reply_to is not None:
        payload["reply_to_message"] = {
            "message_id": bot_message_ids[reply_to % len(bot_message_ids)],
            "date": 0,
            "chat": chat,
            "from": {"id": 123456, "is_bot": True, "first_name": "samenbot"},
            "text": "vraag",
        }
    if draw(st.booleans()):
        payload["external_reply"] = {
            "origin": {"type": "hidden_user", "date": 0, "sender_user_name": "X"},
            "chat": {"id": -100777, "type": "supergroup", "title": "Elders"},
        }
    return payload


@pytest.fixture
async def world(tmp_path: Path):
    async with BotApiDouble(flood_limits=FloodLimits(per_group_per_minute=10_000)) as api:
        yield _world(api, tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'samenbot.db'}")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_no_update_makes_a_handler_raise(world, data, caplog):
    caplog.set_level(logging.ERROR)
    world.clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    world.api.world.updates.clear()  # nothing an earlier example left behind
    async with world.bot():
        n = next(_EXAMPLES)
        group = world.api.group(f"Fuzz {n}")
        group.set_admins(world.anna)
        await group.add_bot(by=world.anna)
        await group.next_bot_message()
        await group.command(world.anna, f"/koppel Fuzz {n} | Regio Fuzz {n}")
        await group.next_bot_message()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        question = await group.next_bot_message()
        chat = group.chat.to_api()
        users = [u.to_api() for u in (world.anna, world.bram, world.cees)]
        ids = [m.message_id for m in group.messages_from_bot]
        updates = data.draw(
            st.lists(
                st.one_of(
                    st.builds(lambda m: ("message", m), message_payloads(chat, users, ids)),
                    st.builds(lambda m: ("edited_message", m), message_payloads(chat, users, ids)),
                    st.builds(
                        lambda d, u: (
                            "callback_query",
                            {
                                "id": "q",
                                "from": u,
                                "chat_instance": "1",
                                "data": d,
                                "message": question.to_api(),
                            },
                        ),
                        CALLBACK_DATA,
                        st.sampled_from(users),
                    ),
                ),
                min_size=1,
                max_size=12,
            )
        )
        for kind, payload in updates:
            world.api.world.enqueue(kind, payload)
        await world.api.world.changed_now()
        # Updates of one chat are handled in order: the answer to this comes after all of them.
        await group.command(world.anna, "/taal nl")
        while "voortaan Nederlands" not in (await group.next_bot_message(timeout=20)).text:
            pass

    raised = [r for r in caplog.records if r.name in ("bot.app", "bot.intake.processor")]
    assert not raised, raised[0].exc_text or raised[0].getMessage()
    assert not any("Er ging iets mis" in (m.text or "") for m in group.messages_from_bot)


async def test_a_pin_of_an_inaccessible_message_does_not_stop_the_bot(world):
    async with world.bot():
        group = world.api.group("Vastgepind")
        group.set_admins(world.anna)
        await group.add_bot(by=world.anna)
        await group.next_bot_message()
        pinned = {"message_id": 1, "date": 0, "chat": group.chat.to_api()}
        world.api.world.enqueue(
            "message",
            {
                "message_id": 999,
                "date": 0,
                "chat": group.chat.to_api(),
                "from": world.anna.to_api(),
                "pinned_message": pinned,
            },
        )
        await group.command(world.anna, "/taal nl")
        assert "voortaan Nederlands" in (await group.next_bot_message()).text


async def test_a_card_number_beyond_any_card_is_explained_not_raised(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(
            world.bram, "/samenvatting visie-op-beroep kaart 99999999999999999999999"
        )
        explained = await group.next_bot_message()
    assert "Dat nummer ken ik niet" in explained.text


async def test_tampered_buttons_are_answered_with_a_short_dutch_text(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        choice = await group.next_bot_message()
        answers = []
        for data in ("v:1:2:3", "v:99999999999999999999999", "r:0:99999999999999999999999"):
            query_id = world.api.world.new_query_id()
            world.api.world.callback_answers[query_id] = None
            world.api.world.enqueue(
                "callback_query",
                {
                    "id": query_id,
                    "from": world.bram.to_api(),
                    "message": choice.to_api(),
                    "chat_instance": "1",
                    "data": data,
                },
            )
            await world.api.world.changed_now()
            answers.append(
                await group.wait_for(
                    lambda q=query_id: world.api.world.callback_answers[q], waiting_for=data
                )
            )
        await group.command(world.anna, "/status")
        status = await group.next_bot_message()
    assert [a["text"] for a in answers] == [
        "Deze knop ken ik niet (meer). Gebruik de knoppen onder het laatste bericht."
    ] * 3
    assert "Bram" not in status.text
