"""Who is speaking: answers are a person's. An admin posting as the group is asked to answer
under their own name (and still steers as the admin they are); a linked channel's automatic
forward, a post on behalf of a channel and a reply quoting another chat never count; a message
without a sender breaks nothing; a restricted bot that may still send keeps working."""

from tests.e2e.test_binding_and_membership import stored_chat


async def an_open_question_read_by_all(world):
    group = await world.partnership_group()
    await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
    await group.next_bot_message()
    question = await group.next_bot_message()
    await group.command(world.anna, "/instellingen antwoorden alles")
    await group.next_bot_message()
    group.set_privacy_mode(False)
    return group, question


async def test_an_anonymous_admin_is_asked_to_answer_under_their_own_name(world):
    async with world.bot():
        group, question = await an_open_question_read_by_all(world)

        anonymous = await group.say_anonymously("Eigenaarschap", reply_to=question)
        asked = await group.next_bot_message()
        assert "antwoord onder je eigen naam" in asked.text
        assert asked.reply_to is anonymous
        await group.say_anonymously("Nog een gedachte zonder reply")
        await group.say_without_sender("Zonder afzender", reply_to=question)
        assert "antwoord onder je eigen naam" in (await group.next_bot_message()).text
        said = await group.reply(world.bram, question, "Onderzoekende houding")
        await group.wait_for(lambda: said.reactions == ["👍"], waiting_for="Bram's answer")

        await group.say_anonymously("/stop")
        outcome = await group.next_bot_message()
        await group.next_bot_message()

    assert anonymous.reactions == []
    assert "Onderzoekende houding" in outcome.text
    for not_an_answer in ("Eigenaarschap", "Nog een gedachte", "Zonder afzender", "Group"):
        assert not_an_answer not in outcome.text
    assert not any("Er ging iets mis" in (m.text or "") for m in group.messages_from_bot)


async def test_an_anonymous_admin_steers_as_the_admin_they_are(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.say_anonymously("/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        said = await group.reply(world.bram, question, "Onderzoekende houding")
        await group.wait_for(lambda: said.reactions == ["👍"], waiting_for="Bram's answer")
        await group.say_anonymously("/volgende")
        following = await group.next_bot_message()
    assert "vraag 2/" in following.text


async def test_channels_forwards_and_quotes_of_other_chats_never_count(world):
    async with world.bot():
        elsewhere = world.api.group("Een andere groep")
        quoted = await elsewhere.say(world.cees, "Tekst uit een andere groep")
        group, question = await an_open_question_read_by_all(world)

        await group.automatic_forward("Nieuwskanaal Noord", "Aankondiging uit het kanaal")
        await group.say_as_channel("Kanaal van Bram", "Namens mijn kanaal", reply_to=question)
        await group.reply_quoting(world.cees, elsewhere, quoted, "Zie dit citaat")
        said = await group.say(world.bram, "Onderzoekende houding")
        await group.wait_for(lambda: said.reactions == ["👍"], waiting_for="Bram's answer")
        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message()
        await group.next_bot_message()

    assert "Onderzoekende houding" in outcome.text
    for not_an_answer in ("Aankondiging", "Namens mijn kanaal", "Zie dit citaat"):
        assert not_an_answer not in outcome.text


async def test_a_restricted_bot_that_may_still_send_stays_active(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.restrict_bot(by=world.anna, can_send_messages=True)
        await group.command(world.bram, "/status")
        status = await group.next_bot_message()
        assert "geen gesprek" in status.text
    assert (await stored_chat(world, group.id)).active
