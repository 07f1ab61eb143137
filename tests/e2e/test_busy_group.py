"""A busy group: many replies waiting at once (the bot was lagging or restarting) are taken
together — and still each counts once, gets its 👍, and a refused one still hears why."""

from bot.sandbox.faults import Fault
from tests.e2e.proef import proef_flows


async def test_replies_that_waited_together_each_count_once_and_get_their_thumbs_up(
    world, tmp_path
):
    anna = world.anna
    async with world.bot(**proef_flows(tmp_path)):
        group = await world.partnership_group()
        await group.command(anna, "/gesprek proef")
        await group.next_bot_message()
        first = await group.next_bot_message()

    # While the bot is down, twelve members answer; one sends only invisible characters, an
    # admin answers as the group, and the facilitator asks for the status in between.
    members = [world.api.user(f"Lid {n}") for n in range(12)]
    replies = [
        await group.reply(m, first, f"Antwoord nummer {n:02d}") for n, m in enumerate(members[:6])
    ]
    empty = await group.reply(world.bram, first, "\u200b\u200b")
    anonymous = await group.say_anonymously("Namens de groep", reply_to=first)
    status = await group.command(anna, "/status")
    replies += [
        await group.reply(m, first, f"Antwoord nummer {n:02d}")
        for n, m in enumerate(members[6:], 6)
    ]

    async with world.bot(**proef_flows(tmp_path)):
        await group.wait_for(
            lambda: all(reply.reactions == ["👍"] for reply in replies),
            waiting_for="a 👍 under every waiting answer",
        )
        note = await group.wait_for(
            lambda: next(
                (m for m in group.messages_from_bot if m.reply_to is empty),
                None,
            ),
            waiting_for="the note to the empty answer",
        )
        held_back = await group.wait_for(
            lambda: next((m for m in group.messages_from_bot if m.reply_to is anonymous), None),
            waiting_for="the note to the admin writing as the group",
        )
        shown = await group.wait_for(
            lambda: next((m for m in group.messages_from_bot if m.reply_to is status), None),
            waiting_for="the status",
        )
        await group.command(anna, "/stop")
        outcome = await group.wait_for(
            lambda: next((m for m in group.messages_from_bot if "Uitkomsten" in m.text), None),
            waiting_for="the outcome card",
        )

    assert "leeg" in note.text
    assert "anoniem beheerder" in held_back.text and "Namens de groep" not in outcome.text
    assert "Geantwoord (6)" in shown.text, "the status came in its turn, after the first six"
    assert not empty.reactions
    for n in range(12):
        assert outcome.text.count(f"Antwoord nummer {n:02d}") == 1
    assert "12 deelnemers" in outcome.text
    assert world.api.refused_calls == []


async def test_while_telegram_holds_the_thumbs_up_back_the_question_counts_the_answers(
    world, tmp_path
):
    anna = world.anna
    members = [world.api.user(f"Lid {n}") for n in range(3)]
    async with world.bot(**proef_flows(tmp_path)):
        group = await world.partnership_group()
        await group.command(anna, "/gesprek proef")
        await group.next_bot_message()
        first = await group.next_bot_message()
        # Telegram refuses the first 👍 and says to wait half a minute.
        world.api.faults.inject("setMessageReaction", Fault.FLOOD, retry_after=30)

        replies = [await group.reply(m, first, f"Antwoord {n}") for n, m in enumerate(members)]
        await group.wait_for(
            lambda: "3 antwoorden binnen" in first.text,
            waiting_for="the count of answers on the question",
        )
        await group.command(anna, "/stop")
        outcome = await group.wait_for(
            lambda: next((m for m in group.messages_from_bot if "Uitkomsten" in m.text), None),
            waiting_for="the outcome card",
        )

    assert len(world.api.calls_to("setMessageReaction")) == 1, "no 👍s queued for minutes"
    assert not any(reply.reactions for reply in replies)
    assert all(f"Antwoord {n}" in outcome.text for n in range(3)), "every answer counts"
