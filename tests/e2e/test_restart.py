"""A restart mid-card: the run goes on where it was, replies to a question posted before the
restart still count, and no acknowledged answer is lost. (What was decided but not yet shown
when the bot stopped: tests/e2e/test_durable_conversation.py.)"""


async def test_a_restart_mid_card_loses_nothing_and_the_run_continues(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot():
        group = await world.partnership_group()
        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        kern = await group.next_bot_message()
        before = await group.reply(bram, kern, "Onderzoekende houding\n*Samen leren in de wijk")
        await group.wait_for(lambda: before.reactions == ["👍"], waiting_for="the reaction")
        await group.command(anna, "/volgende")
        how = await group.next_bot_message()
        acknowledged = await group.reply(cees, how, "Met alle scholen samen")
        await group.wait_for(lambda: acknowledged.reactions == ["👍"], waiting_for="the reaction")

    # While the bot is down, members keep replying; Telegram keeps the updates.
    during = await group.reply(bram, how, "In drie sessies met studenten")
    edited = await group.edit(acknowledged, "Met alle scholen en de opleiding samen")

    async with world.bot():
        await group.wait_for(lambda: during.reactions == ["👍"], waiting_for="the late reply")
        after = await group.reply(anna, kern, "Eigenaarschap")
        await group.wait_for(lambda: after.reactions == ["👍"], waiting_for="the old question")
        await group.command(cees, "/status")
        status = (await group.next_bot_message()).text
        assert "Kaart 2. Partnerschap Samen Opleiden" in status and "Vraag 2/5" in status
        assert "Geantwoord (2): Bram, Cees" in status

        await group.command(anna, "/stop")
        outcome = await group.next_bot_message()
        closing = await group.next_bot_message()

    text = outcome.text
    assert "Onderzoekende houding" in text and "Samen leren in de wijk" in text
    assert "Eigenaarschap" in text, "a reply to a question posted before the restart counts"
    assert "In drie sessies met studenten" in text
    assert edited.text in text and "Met alle scholen samen" not in text
    assert "gestopt" in closing.text
    assert world.api.refused_calls == []
