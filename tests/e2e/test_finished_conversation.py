"""A conversation that feels finished (issue 17): /status names who has not answered yet and,
in tempo mode, every open question with its deadline; a captioned photo is an answer; what
the bot says about counts is said in proper Dutch and English plurals."""


async def test_status_names_who_has_not_answered_yet(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees
        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        answer = await group.reply(bram, question, "Onderzoekende houding")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")

        await group.command(cees, "/status")
        status = (await group.next_bot_message()).text
    assert "Vraag 1/5" in status
    assert "Geantwoord (1): Bram" in status
    assert "Nog niet: Anna, Cees" in status


async def test_status_in_tempo_mode_names_each_open_question_with_its_deadline(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram = world.anna, world.bram
        await group.command(anna, "/gesprek kwaliteitskader tempo 7")
        card = await group.next_bot_message()
        questions = [await group.next_bot_message() for _ in range(5)]
        answer = await group.reply(bram, questions[0], "We werken met een gezamenlijke visie")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")

        await group.command(bram, "/status")
        status = (await group.next_bot_message()).text
    # Started on Monday 23 November 2026, 11:00 in Amsterdam; seven days a card.
    assert card.text.startswith("Kaart 1. Basiskwaliteit en eigen ambities")
    for position in range(1, 6):
        assert f"Vraag {position}/5 (open tot maandag 30 november om 11:00)" in status
    assert status.count("Geantwoord (1): Bram") == 1
    assert "Nog niet: Anna" in status and "Nog niet: Anna, Bram" in status
    assert "Vraag 2/5 (open tot maandag 30 november om 11:00): Waartoe leiden jullie ambities?" in (
        status
    )
    assert "het delen van expertise" not in status, "a question is named, not repeated"


async def test_status_and_card_deadline_in_english(world):
    async with world.bot():
        group = await world.partnership_group()
        anna = world.anna
        await group.command(anna, "/taal en")
        await group.next_bot_message()
        await group.command(anna, "/conversation kwaliteitskader pace 7")
        card = await group.next_bot_message()
        for _ in range(5):
            await group.next_bot_message()
        await group.command(anna, "/status")
        status = (await group.next_bot_message()).text
    assert card.text.startswith("Card 1. Basiskwaliteit en eigen ambities")
    assert "Question 1/5 (open until Monday 30 November at 11:00)" in status
    assert "Not yet: Anna" in status and "Answered (0): nobody yet" in status


async def test_a_captioned_photo_replying_to_a_question_is_an_answer(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, cees = world.anna, world.cees
        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        photo = await group.photo(cees, caption="Samen leren in de wijk", reply_to=question)
        await group.wait_for(lambda: photo.reactions == ["👍"], waiting_for="the reaction")
        await group.photo(cees, reply_to=question)
        assert "foto's zonder bijschrift" in (await group.next_bot_message()).text

        await group.command(anna, "/stop")
        outcome = await group.next_bot_message()
    assert "Samen leren in de wijk" in outcome.text


async def test_a_tally_counts_one_voter_and_several_voters_in_words(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees
        await group.command(anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        choice = await group.next_bot_message()
        await group.press(bram, choice, "De (aanstaande) leraar")
        await group.wait_for(lambda: "1 stemmer tot nu toe" in choice.text, waiting_for="1")
        await group.press(cees, choice, "De (aanstaande) leraar · 1")
        await group.wait_for(lambda: "2 stemmers tot nu toe" in choice.text, waiting_for="2")
    assert "(s)" not in choice.text


async def test_someone_who_joined_but_has_not_spoken_yet_is_named_as_not_yet_answered(world):
    async with world.bot():
        group = await world.partnership_group()
        dirk = world.api.user("Dirk")
        await group.add_members(dirk, by=world.anna)
        await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        await group.next_bot_message()

        await group.command(world.anna, "/status")
        status = (await group.next_bot_message()).text
    assert "Nog niet: Anna, Dirk" in status
