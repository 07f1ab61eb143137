"""The bot joins a group, greets it, is bound to a partnership or a region, and goes quiet once
it is removed."""

from storage import UnitOfWork, create_engine, create_session_factory


async def stored_chat(world, telegram_chat_id):
    engine = create_engine(world.database_url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            return await uow.chats.get(telegram_chat_id)
    finally:
        await engine.dispose()


async def test_the_bot_greets_a_group_it_is_added_to_and_explains_how_to_bind(world):
    async with world.bot():
        group = world.api.group("Partnerschap Noord")
        group.set_admins(world.anna)
        await group.add_bot(by=world.anna)

        greeting = await group.next_bot_message()
        assert "samenbot" in greeting.text
        assert "/koppel Partnerschap Noord | Onderwijsregio Oost" in greeting.text


async def test_a_facilitator_binds_a_partnership_group_and_a_region_group(world):
    async with world.bot():
        region = world.api.group("Regio Oost")
        region.set_admins(world.anna)
        await region.add_bot(by=world.anna)
        await region.next_bot_message()
        await region.command(world.anna, "/koppel regio Onderwijsregio Oost")
        bound = await region.next_bot_message()
        assert "regiogroep van Onderwijsregio Oost" in bound.text

        group = world.api.group("Partnerschap Noord")
        group.set_admins(world.anna)
        await group.add_bot(by=world.anna)
        await group.next_bot_message()

        await group.command(world.anna, "/koppel Partnerschap  Noord | Onderwijsregio Oost")
        bound = await group.next_bot_message()
        assert "hoort nu bij Partnerschap Noord in Onderwijsregio Oost" in bound.text
        assert "partnerschap Partnerschap" not in bound.text.lower()

    chat = await stored_chat(world, group.id)
    assert (chat.kind, chat.partnership_id is not None) == ("partnership", True)
    assert (await stored_chat(world, region.id)).kind == "region"


async def test_binding_with_wrong_arguments_explains_with_an_example(world):
    async with world.bot():
        group = world.api.group("Partnerschap Noord")
        group.set_admins(world.anna)
        await group.add_bot(by=world.anna)
        await group.next_bot_message()

        for wrong in (
            "/koppel",
            "/koppel Partnerschap Noord",
            "/koppel regio",
            "/koppel a | b | c",
        ):
            await group.command(world.anna, wrong)
            explanation = await group.next_bot_message()
            assert "Gebruik: /koppel <partnerschap> | <onderwijsregio>" in explanation.text
            assert "bijvoorbeeld /koppel Partnerschap Noord | Onderwijsregio Oost" in (
                explanation.text
            )

        await group.command(world.bram, "/koppel Partnerschap Zuid | Onderwijsregio West")
        refusal = await group.next_bot_message()
        assert "Alleen beheerders" in refusal.text
        await group.command(world.anna, "/gesprek visie-op-beroep")
        not_bound = await group.next_bot_message()
        assert "Koppel deze groep eerst" in not_bound.text


async def test_a_removed_bot_marks_the_chat_inactive_and_sends_nothing_more_there(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.bram, "/kaarten")
        listing = await group.next_bot_message()
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        choice = await group.next_bot_message()

        await group.kick_bot(by=world.anna)
        await world.api.wait_for(lambda: not world.api.pending_updates)
        # A member presses an old button after the bot left: the press is answered, but the
        # chat itself hears nothing more.
        vote = await group.press(world.bram, choice, "De (aanstaande) leraar")
        assert "niet meer loopt" in vote["text"]
        await group.press(world.cees, choice, "Volgende ▶")
        await group.press(
            world.cees, listing, "▶ Kwaliteitskader Samen Opleiden in de Onderwijsregio"
        )

    chat = await stored_chat(world, group.id)
    assert chat.active is False
    sent_after_kick = [call for call, _ in world.api.refused_calls if call.method != "getUpdates"]
    assert sent_after_kick == [], group.render_transcript()
    assert choice.version == 0, "no tally edit in a chat the bot was removed from"
