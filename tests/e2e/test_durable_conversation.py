"""A conversation that never loses, skips or doubles anything while Telegram hiccups, the
facilitator is impatient and updates arrive twice.

These tests play a small flow of their own (`proef`), so that they test the conductor, not
the wording of the source documents' cards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox import Fault
from tests.e2e.conftest import answered, settled
from tests.e2e.proef import proef_flows


@pytest.fixture
def proef(tmp_path: Path) -> dict[str, str]:
    return proef_flows(tmp_path)


def question(number: int):
    return lambda params: f"vraag {number}/3" in str(params.get("text", ""))


async def start_card_one(world, group):
    await group.command(world.anna, "/gesprek proef")
    intro = await group.next_bot_message()
    assert "Kaart 1. Eerste kaart" in intro.text
    first = await group.next_bot_message()
    assert "vraag 1/3" in first.text
    return first


async def test_a_question_whose_post_fails_once_arrives_once_and_nobody_hears_of_it(world, proef):
    async with world.bot(**proef) as runtime:
        group = await world.partnership_group()
        world.api.faults.inject("sendMessage", Fault.SERVER_ERROR, when=question(2))
        first = await start_card_one(world, group)
        await answered(group, await group.reply(world.bram, first, "Samen leren"))

        await group.command(world.anna, "/volgende")
        second = await group.next_bot_message()

        assert "vraag 2/3" in second.text
        await settled(runtime)
        assert world.api.faults.injected == [("sendMessage", Fault.SERVER_ERROR)]
        assert group.unread_bot_messages() == [], "no error message, no second copy"


async def test_a_question_delivered_although_its_post_timed_out_counts_in_both_copies(world, proef):
    async with world.bot(**proef) as runtime:
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        await answered(group, await group.reply(world.bram, first, "Samen leren"))
        world.api.faults.inject("sendMessage", Fault.LOST_ANSWER, when=question(2))
        await group.command(world.anna, "/volgende")
        copy, again = await group.next_bot_message(), await group.next_bot_message()
        assert "vraag 2/3" in copy.text and copy.text == again.text

        await group.press(world.cees, copy, "Werven")
        await group.press(world.bram, again, "Begeleiden")
        await group.wait_for(lambda: "2 stemmer" in again.text, waiting_for="the tally")
        await group.press(world.anna, copy, "Volgende ▶")
        third = await group.next_bot_message()
        assert "vraag 3/3" in third.text
        await answered(group, await group.reply(world.cees, third, "Een studiedag"))
        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message()
        await settled(runtime)

    assert "Werven" in outcome.text and "Begeleiden" in outcome.text


async def test_an_outcome_card_that_fails_once_arrives_once_before_what_follows_it(world, proef):
    async with world.bot(**proef) as runtime:
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        await answered(group, await group.reply(world.bram, first, "Samen leren"))
        world.api.faults.inject(
            "sendMessage", Fault.LOST_REQUEST, when=lambda p: "Uitkomsten" in str(p.get("text"))
        )

        await group.command(world.anna, "/stop")
        outcome, closing = await group.next_bot_message(), await group.next_bot_message()

        assert outcome.text.startswith("Kaartje 1. Eerste kaart: Uitkomsten")
        assert "Samen leren" in outcome.text
        assert "gestopt" in closing.text
        await settled(runtime)
        assert group.unread_bot_messages() == []


async def test_an_answer_whose_reaction_fails_is_stored_once_and_acknowledged_later(world, proef):
    async with world.bot(**proef) as runtime:
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        world.api.faults.inject("setMessageReaction", Fault.SERVER_ERROR, times=2)

        answer = await group.reply(world.bram, first, "Samen leren")
        await answered(group, answer)
        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message()
        await group.next_bot_message()
        await settled(runtime)

    assert outcome.text.count("Samen leren") == 1
    assert all("Er ging iets mis" not in m.text for m in group.messages_from_bot)


async def test_two_volgende_sent_before_the_bot_answered_move_the_run_once(world, proef):
    async with world.bot(**proef) as runtime:
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        await answered(group, await group.reply(world.bram, first, "Samen leren"))

        await group.command(world.anna, "/volgende")
        await group.command(world.anna, "/volgende")
        second = await group.next_bot_message()
        await settled(runtime)

        assert "vraag 2/3" in second.text
        assert group.unread_bot_messages() == [], "the second /volgende says nothing"
        await group.command(world.cees, "/status")
        status = await group.next_bot_message()
        assert "2/3" in status.text


async def test_a_volgende_for_a_question_already_left_does_nothing_after_a_pause(world, proef):
    async with world.bot(**proef) as runtime:
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        await answered(group, await group.reply(world.bram, first, "Samen leren"))
        await group.command(world.anna, "/pauze")
        await group.next_bot_message()
        await group.command(world.anna, "/hervat")
        await group.next_bot_message()
        asked_again = await group.next_bot_message()
        assert "vraag 1/3" in asked_again.text

        await group.command(world.anna, "/volgende")
        second = await group.next_bot_message()
        await settled(runtime)

        assert "vraag 2/3" in second.text
        assert group.unread_bot_messages() == []


async def test_updates_the_webhook_receives_twice_take_effect_once(world, proef):
    async with world.bot(webhook=True, **proef) as runtime:
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        answer = await group.reply(world.bram, first, "Samen leren")
        await answered(group, answer)
        await group.command(world.anna, "/volgende")
        second = await group.next_bot_message()
        await group.press(world.cees, second, "Werven")
        await group.wait_for(lambda: "1 stemmer" in second.text, waiting_for="the tally")
        await settled(runtime)

        for update in list(world.api.world.webhook_deliveries):
            assert await world.api.deliver_again(update)
        await settled(runtime)

        assert group.unread_bot_messages() == [], "nothing happens twice, nothing is said"
        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message()
        await settled(runtime)

    assert outcome.text.count("Samen leren") == 1
    assert "Werven" in outcome.text, "the vote was not toggled away by its second delivery"
    reactions = world.api.calls_to("setMessageReaction")
    assert len([r for r in reactions if int(r["message_id"]) == answer.message_id]) == 1, reactions


async def test_a_button_press_answered_too_late_still_counts_and_nobody_sees_an_error(world, proef):
    async with world.bot(**proef) as runtime:
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        await answered(group, await group.reply(world.bram, first, "Samen leren"))
        await group.command(world.anna, "/volgende")
        second = await group.next_bot_message()
        world.api.faults.inject("answerCallbackQuery", Fault.LOST_ANSWER)

        await group.press(world.cees, second, "Werven", wait_for_answer=False)
        await group.wait_for(lambda: "1 stemmer" in second.text, waiting_for="the tally")
        await settled(runtime)

        assert group.unread_bot_messages() == []


async def test_what_was_decided_but_not_yet_shown_when_the_bot_stopped_is_shown_at_start(
    world, proef
):
    async with world.bot(**proef):
        group = await world.partnership_group()
        first = await start_card_one(world, group)
        await answered(group, await group.reply(world.bram, first, "Samen leren"))
        # Telegram is unreachable for the next question until long after the bot stopped.
        world.api.faults.inject("sendMessage", Fault.LOST_REQUEST, times=10_000, when=question(2))
        await group.command(world.anna, "/volgende")
        await world.api.wait_for(lambda: world.api.faults.injected)
    world.api.faults.clear()

    async with world.bot(**proef) as runtime:
        second = await group.next_bot_message()
        assert "vraag 2/3" in second.text
        await group.press(world.cees, second, "Werven")
        await group.wait_for(lambda: "1 stemmer" in second.text, waiting_for="the tally")
        await settled(runtime)
        assert group.unread_bot_messages() == [], "the question is posted once"
