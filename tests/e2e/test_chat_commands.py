"""Commands about the chat and the member: /start, /help, /taal, /instellingen, /mijngegevens,
/vergeetmij, the /cmd@samenbot_bot form, and what an unknown command gets."""

import json

import pytest

from bot.commands import COMMANDS


async def test_start_and_help_explain_the_bot_how_to_answer_and_the_commands(world):
    async with world.bot():
        group = await world.partnership_group()
        for command in ("/start", "/help", "/help@samenbot_bot"):
            await group.command(world.bram, command)
            help_text = (await group.next_bot_message()).text
            assert "Zo antwoord je" in help_text and "Reageer (reply) op het vraagbericht" in (
                help_text
            )
            assert "/volgende" in help_text and "/samenvatting" in help_text
            assert "visie-op-beroep" in help_text


async def test_unknown_commands_get_a_short_explanation_and_other_bots_commands_silence(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.bram, "/vliegen")
        unknown = await group.next_bot_message()
        assert "Dat commando ken ik niet: /vliegen" in unknown.text
        assert "/gesprek visie-op-beroep" in unknown.text

        await group.command(world.bram, "/vliegen@samenbot_bot nu")
        assert "ken ik niet: /vliegen" in (await group.next_bot_message()).text

        await group.command(world.bram, "/status@samenbot_bot")
        assert "Er loopt hier nu geen gesprek" in (await group.next_bot_message()).text

        await group.command(world.bram, "/gesprek@samenbot_bot")
        assert "Gebruik: /gesprek <gesprek> [kaart N]" in (await group.next_bot_message()).text


async def test_commands_are_registered_in_dutch_and_english(world):
    async with world.bot():
        await world.partnership_group()
        registered = world.api.commands
    assert set(registered) == {"", "nl", "en"}
    for language in registered:
        assert [c["command"] for c in registered[language]] == list(COMMANDS)
    descriptions = {
        lang: {c["command"]: c["description"] for c in registered[lang]} for lang in registered
    }
    assert descriptions["nl"]["volgende"].startswith("Naar de volgende vraag")
    assert descriptions["en"]["volgende"] != descriptions["nl"]["volgende"]
    assert descriptions[""] == descriptions["nl"]


async def test_taal_en_switches_the_chats_interface_to_english(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.bram, "/taal en")
        assert "Alleen beheerders" in (await group.next_bot_message()).text
        await group.command(world.anna, "/taal")
        assert "Gebruik: /taal nl of /taal en" in (await group.next_bot_message()).text

        await group.command(world.anna, "/taal en")
        assert "I'll speak English" in (await group.next_bot_message()).text
        await group.command(world.bram, "/status")
        assert "No conversation is running here" in (await group.next_bot_message()).text

        await group.command(world.anna, "/gesprek visie-op-beroep kaart 2")
        card = await group.next_bot_message()
        question = await group.next_bot_message()
        assert card.text.startswith("Card 2. Partnerschap Samen Opleiden")
        assert "Card 2 · question 1/5" in question.text
        assert question.button_texts == [], "an open question is answered by reply"

        await group.command(world.anna, "/taal nl")
        assert "Nederlands" in (await group.next_bot_message()).text
        await group.command(world.bram, "/status")
        assert "Kaart 2. Partnerschap Samen Opleiden" in (await group.next_bot_message()).text


async def test_instellingen_shows_and_changes_which_messages_count(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.bram, "/instellingen")
        shown = (await group.next_bot_message()).text
        assert "alleen reacties (replies) op het vraagbericht" in shown and "Taal: nl" in shown

        await group.command(world.bram, "/instellingen antwoorden alles")
        assert "Alleen beheerders" in (await group.next_bot_message()).text
        await group.command(world.anna, "/instellingen antwoorden soms")
        assert "Gebruik: /instellingen" in (await group.next_bot_message()).text

        await group.command(world.anna, "/instellingen antwoorden alles")
        changed = (await group.next_bot_message()).text
        assert "elk bericht terwijl een vraag openstaat" in changed
        assert "maak mij beheerder" in changed, "the privacy-mode caveat is explained"


@pytest.mark.parametrize("reads_all", ["bot is admin", "privacy mode off"])
async def test_plain_messages_count_as_answers_when_the_chat_opted_in_and_the_bot_reads_all(
    world, reads_all
):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees
        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()

        await group.say(bram, "Dit ziet de bot niet: privacymodus staat aan")
        await group.command(anna, "/instellingen antwoorden alles")
        await group.next_bot_message()
        if reads_all == "bot is admin":
            await group.promote_bot(by=anna)
        else:
            group.set_privacy_mode(False)
        said = await group.say(bram, "Onderzoekende houding\n*Samen leren in de wijk")
        await group.wait_for(lambda: said.reactions == ["👍"], waiting_for="the reaction")
        await group.say(cees, "/status")
        status = await group.next_bot_message()
        assert "Geantwoord (1): Bram" in status.text

        await group.command(anna, "/instellingen antwoorden reply")
        await group.next_bot_message()
        ignored = await group.say(cees, "Gewoon een praatje tussendoor")
        replied = await group.reply(cees, question, "Reflectie op eigen handelen")
        await group.wait_for(lambda: replied.reactions == ["👍"], waiting_for="the reaction")
        assert ignored.reactions == []

        await group.command(anna, "/stop")
        outcome = await group.next_bot_message()
        await group.next_bot_message()
    assert "Onderzoekende houding" in outcome.text and "Samen leren in de wijk" in outcome.text
    assert "Reflectie op eigen handelen" in outcome.text
    assert "privacymodus" not in outcome.text and "praatje" not in outcome.text


async def test_mijngegevens_sends_a_document_privately_or_hints_to_start_a_chat(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram = world.anna, world.bram
        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        answer = await group.reply(bram, question, "Onderzoekende houding")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")

        await group.command(bram, "/mijngegevens")
        hint = await group.next_bot_message()
        assert "Ik kan je nog geen privébericht sturen" in hint.text

        private = world.api.private_chat(bram)
        await group.command(bram, "/mijngegevens@samenbot_bot")
        assert "in een privébericht gestuurd" in (await group.next_bot_message()).text
        [document] = private.documents
        data = json.loads(document.data)
        assert data["first_name"] == "Bram"
        assert [a["text"] for a in data["answers"]] == ["Onderzoekende houding"]
        assert "1 antwoord(en)" in document.caption

        await private.command(bram, "/mijngegevens")
        await private.wait_for(lambda: len(private.documents) == 2, waiting_for="a document")
        assert group.documents == [], "nothing about a member is posted in the group"


async def test_vergeetmij_erases_the_members_answers_and_votes(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram = world.anna, world.bram
        await group.command(anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        choice = await group.next_bot_message()
        await group.press(bram, choice, "De (aanstaande) leraar")
        await group.press(anna, choice, "Volgende ▶")
        question = await group.next_bot_message()
        answer = await group.reply(bram, question, "Omdat het zo is afgesproken")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")

        await group.command(bram, "/vergeetmij")
        confirm = await group.next_bot_message()
        assert "Wil je echt al je antwoorden en stemmen laten wissen?" in confirm.text
        refused = await group.press(anna, confirm, "Ja, wis mijn bijdragen")
        assert refused["text"] == "Deze knop is voor wie /vergeetmij vroeg."
        await group.press(bram, confirm, "Ja, wis mijn bijdragen")
        await group.wait_for(lambda: "Gewist" in confirm.text, waiting_for="the erasure")
        assert "Gewist: 1 antwoord(en) en 1 stem(men)." in confirm.text
        assert not confirm.buttons

        await group.command(anna, "/status")
        assert "Geantwoord (0): nog niemand" in (await group.next_bot_message()).text

        private = world.api.private_chat(bram)
        await private.command(bram, "/mijngegevens")
        await private.wait_for(lambda: private.documents, waiting_for="a document")
        data = json.loads(private.documents[0].data)
        assert data["answers"] == [] and data["votes"] == []
