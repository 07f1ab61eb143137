"""A forum supergroup: each run lives in its own topic, and two topics run two flows at once."""


async def test_two_topics_run_two_flows_at_once_each_in_its_own_thread(world):
    async with world.bot():
        anna, bram, cees = world.anna, world.bram, world.cees
        forum = world.api.supergroup("Partnerschap Noord", forum=True)
        forum.set_admins(anna)
        await forum.add_bot(by=anna)
        await forum.next_bot_message()
        visie = await forum.create_topic(anna, "Visie")
        kader = await forum.create_topic(anna, "Kwaliteit")
        await forum.command(
            anna, "/koppel Partnerschap Noord | Onderwijsregio Oost", thread_id=visie
        )
        assert (await forum.next_bot_message(thread_id=visie)).text.startswith("Deze groep hoort")

        await forum.command(anna, "/gesprek visie-op-beroep kaart 2", thread_id=visie)
        await forum.command(bram, "/gesprek kwaliteitskader kaart 2", thread_id=kader)
        visie_card = await forum.next_bot_message(thread_id=visie)
        kern = await forum.next_bot_message(thread_id=visie)
        kader_card = await forum.next_bot_message(thread_id=kader)
        rating = await forum.next_bot_message(thread_id=kader)
        assert visie_card.text.startswith("Kaart 2. Partnerschap Samen Opleiden")
        assert kader_card.text.startswith("Kaart 2. Lerende leraar (waarborg 1)")
        assert "Kaart 2 · vraag 1/5" in kern.text and "Kaart 2 · vraag 1/3" in rating.text

        answer = await forum.reply(cees, kern, "Onderzoekende houding")
        await forum.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await forum.press(cees, rating, callback_data="r:0:3")
        await forum.wait_for(lambda: "1 stemmer tot nu toe" in rating.text, waiting_for="the tally")

        await forum.command(cees, "/status", thread_id=kader)
        status = await forum.next_bot_message(thread_id=kader)
        assert status.text.startswith("Kwaliteitskader") and "Geantwoord (1): Cees" in status.text
        await forum.command(cees, "/status", thread_id=visie)
        status = await forum.next_bot_message(thread_id=visie)
        assert status.text.startswith("Visie op het beroep") and "Geantwoord (1): Cees" in (
            status.text
        )

        await forum.command(bram, "/stop", thread_id=kader)
        outcome = await forum.next_bot_message(thread_id=kader)
        chart = await forum.next_bot_message(thread_id=kader)
        closing = await forum.next_bot_message(thread_id=kader)
        assert chart.photo is not None and "gestopt" in closing.text
        assert outcome.text.startswith("Kaartje 2. Lerende leraar (waarborg 1)")
        await forum.command(anna, "/volgende", thread_id=visie)
        assert "Kaart 2 · vraag 2/5" in (await forum.next_bot_message(thread_id=visie)).text

        await forum.command(cees, "/status")
        general = await forum.next_bot_message()
        assert general.thread_id is None and "Er loopt hier nu geen gesprek" in general.text

    bot_messages = forum.messages_from_bot
    in_visie = {m.message_id for m in bot_messages if m.thread_id == visie}
    in_kader = {m.message_id for m in bot_messages if m.thread_id == kader}
    assert kern.message_id in in_visie and rating.message_id in in_kader
    assert "Onderzoekende houding" not in outcome.text
    assert world.api.refused_calls == []


async def test_a_full_visie_op_beroep_card_is_played_in_a_forum_topic(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    answers = {
        1: "* Onderzoekende houding\nLeren van en met elkaar",
        2: "In twee werksessies met schoolopleiders",
        3: "Onderzoekende houding: praktijkonderzoek is bij ons verplicht",
        4: "Pedagogisch vakmanschap",
        5: "We bedoelen verschillende dingen met onderzoekend",
    }
    async with world.bot():
        forum = world.api.supergroup("Partnerschap Zuid", forum=True)
        forum.set_admins(anna)
        await forum.add_bot(by=anna)
        await forum.next_bot_message()
        topic = await forum.create_topic(anna, "Visie op beroep")
        await forum.command(
            anna, "/koppel Partnerschap Zuid | Onderwijsregio Oost", thread_id=topic
        )
        await forum.next_bot_message(thread_id=topic)

        await forum.command(anna, "/gesprek visie-op-beroep kaart 2", thread_id=topic)
        await forum.next_bot_message(thread_id=topic)
        for position, text in answers.items():
            question = await forum.next_bot_message(thread_id=topic)
            assert f"Kaart 2 · vraag {position}/5" in question.text
            for member in (bram, cees):
                reply = await forum.reply(member, question, text)
                await forum.wait_for(lambda r=reply: r.reactions == ["👍"])
            await forum.command(anna, "/volgende", thread_id=topic)
        outcome = await forum.next_bot_message(thread_id=topic)
        next_card = await forum.next_bot_message(thread_id=topic)

    assert outcome.text.startswith("Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten")
    assert "Specifiek voor het partnerschap" in outcome.text
    for text in answers.values():
        assert text.splitlines()[-1].lstrip("* ") in outcome.text
    assert next_card.text.startswith("Kaart 4.")
    assert all(m.thread_id == topic for m in forum.messages_from_bot[1:])
    assert world.api.refused_calls == []
