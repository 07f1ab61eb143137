"""A restart mid-card: the run goes on where it was, replies to a question posted before the
restart still count, and no acknowledged answer is lost."""

from storage import UnitOfWork, create_engine, create_session_factory


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


async def test_a_question_decided_but_never_posted_before_a_crash_is_posted_at_start(world):
    """The process died after committing "ask question 2" and before posting it."""
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        first = await group.next_bot_message()
        await group.reply(world.bram, first, "Onderzoekende houding")
        await group.command(world.anna, "/volgende")
        assert "vraag 2/5" in (await group.next_bot_message()).text
    await forget_that_question_two_was_posted(world.database)

    async with world.bot():
        again = await group.next_bot_message()
        assert "Kaart 2 · vraag 2/5" in again.text and again.force_reply
        answer = await group.reply(world.cees, again, "In werksessies met schoolopleiders")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        assert group.unread_bot_messages() == [], "only the unposted question is asked again"


async def forget_that_question_two_was_posted(database) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            (run,) = await uow.runs.open_runs()
            for message in await uow.runs.question_messages_of_run(run.id):
                if message.question_id == "totstandkoming":
                    await uow.session.delete(message)
            await uow.commit()
    finally:
        await engine.dispose()


async def test_an_outcome_card_stored_but_never_posted_before_a_crash_is_posted_at_start(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        first = await group.next_bot_message()
        await group.reply(world.bram, first, "Onderzoekende houding")
        await group.wait_for(lambda: bool(group.transcript[-1].reactions))
        await group.command(world.anna, "/stop")
        posted = await group.next_bot_message()
        assert "Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten" in posted.text
        await group.next_bot_message()
    await forget_that_the_outcome_card_was_posted(world.database)

    async with world.bot():
        again = await group.next_bot_message()
        assert again.text == posted.text
    async with world.bot():
        assert group.unread_bot_messages() == [], "posted once, then remembered as posted"


async def forget_that_the_outcome_card_was_posted(database) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            for row in await uow.outcomes.of_run(1):
                row.posted_at = None
            await uow.commit()
    finally:
        await engine.dispose()
