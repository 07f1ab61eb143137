"""Commands about the chat and the member: /start, /help, /taal, /instellingen, /mijngegevens,
/vergeetmij, the /cmd@samenbot_bot form, the menus per language and role, English names, and
what an unknown command (or one for another bot) gets."""

import json

import pytest

from bot.commands import COMMANDS


async def test_start_and_help_explain_the_bot_how_to_answer_and_the_commands(world):
    async with world.bot():
        group = await world.partnership_group()
        for command in ("/start", "/help", "/help@samenbot_bot", "/hulp"):
            await group.command(world.bram, command)
            help_text = (await group.next_bot_message()).text
            assert "Zo antwoord je" in help_text and "Reageer (reply) op het vraagbericht" in (
                help_text
            )
            assert "visie-op-beroep" in help_text


async def test_help_says_what_each_command_does_with_the_facilitators_commands_apart(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.bram, "/help")
        help_text = (await group.next_bot_message()).text
    everybody, _, facilitator = help_text.partition("Voor de gespreksleider")
    assert "Voor iedereen" in everybody
    assert "/status — Waar staan we: kaart, vraag, wie nog niet antwoordde" in everybody
    assert "/samenvatting — Het laatste uitkomstenkaartje, of het archief" in everybody
    assert "/kaarten — Alle gesprekken en kaarten" in everybody
    assert "/volgende" not in everybody and "/stop" not in everybody
    assert "/volgende — Naar de volgende vraag" in facilitator
    assert "/stop — Beëindig het gesprek" in facilitator
    assert "/koppel — Koppel deze groep" in facilitator
    for name in COMMANDS:
        assert f"/{name} — " in help_text, f"/{name} has no line in /help"


async def test_help_in_english_names_every_command_by_its_english_name(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.anna, "/taal en")
        await group.next_bot_message()
        await group.command(world.bram, "/help")
        help_text = (await group.next_bot_message()).text
    everybody, _, facilitator = help_text.partition("For the facilitator")
    assert "/summary — The latest outcome card" in everybody
    assert "/cards — All conversations and cards" in everybody
    assert "/conversation — Start a conversation" in everybody
    assert "/reminders — " in everybody and "/mydata — " in everybody
    assert "/next — Go to the next question" in facilitator
    for step in ("/skip — ", "/pause — ", "/resume — ", "/stop — ", "/invite — ", "/bind — "):
        assert step in facilitator
    for dutch in ("/volgende", "/samenvatting", "/kaarten", "/gesprek", "/koppel", "/taal"):
        assert dutch not in help_text


async def test_a_near_miss_command_gets_a_suggestion_in_the_chats_language(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.anna, "/volgnde")
        assert "Bedoel je /volgende?" in (await group.next_bot_message()).text
        await group.command(world.bram, "/samenvating@samenbot_bot")
        assert "Bedoel je /samenvatting?" in (await group.next_bot_message()).text

        await group.command(world.anna, "/taal en")
        await group.next_bot_message()
        await group.command(world.anna, "/nxet")
        assert "Did you mean /next?" in (await group.next_bot_message()).text
        await group.command(world.anna, "/volgnde")
        assert "Did you mean /next?" in (await group.next_bot_message()).text


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

        # Meant for another bot in the group: not a word from samenbot.
        for other in ("/report@OtherBot", "/status@OtherBot", "/samenvatting@OtherBot kaart 1"):
            await group.command(world.bram, other)
        await group.command(world.bram, "/samenvatting@OtherBot kaart 99999999999999999999")
        await group.command(world.bram, "/status")
        answer = await group.next_bot_message()
        assert "Er loopt hier nu geen gesprek" in answer.text, "nothing came before it"
        assert group.unread_bot_messages() == []


async def test_members_see_their_commands_and_admins_also_the_facilitators(world):
    async with world.bot():
        await world.partnership_group()
        registered = world.api.scoped_commands
    members = json.dumps({"type": "default"})
    admins = json.dumps({"type": "all_chat_administrators"})
    assert set(registered) == {
        (scope, language) for scope in (members, admins) for language in ("", "nl", "en")
    }

    def names(scope: str, language: str) -> list[str]:
        return [c["command"] for c in registered[(scope, language)]]

    assert names(admins, "nl") == list(COMMANDS)
    assert names(admins, "") == list(COMMANDS)
    assert "volgende" not in names(members, "nl") and "stop" not in names(members, "nl")
    assert {"status", "samenvatting", "kaarten", "export", "help"} <= set(names(members, "nl"))
    assert names(admins, "en")[:6] == ["conversation", "next", "skip", "pause", "resume", "stop"]
    assert {"summary", "cards", "reminders", "mydata", "forgetme"} <= set(names(members, "en"))
    assert "next" not in names(members, "en")
    descriptions = {
        key: {c["command"]: c["description"] for c in commands}
        for key, commands in registered.items()
    }
    assert descriptions[(admins, "nl")]["volgende"].startswith("Naar de volgende vraag")
    assert descriptions[(admins, "en")]["next"].startswith("Go to the next question")
    assert descriptions[(members, "")] == descriptions[(members, "nl")]


async def test_in_english_every_command_works_by_its_english_name(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram = world.anna, world.bram
        await group.command(anna, "/language en")
        assert "I'll speak English" in (await group.next_bot_message()).text
        await group.command(bram, "/cards")
        cards = await group.next_bot_message()
        assert "Visie op het beroep als kloppend hart van de Onderwijsregio" in cards.text
        await group.command(anna, "/conversation visie-op-beroep card 2")
        await group.next_bot_message()
        first = await group.next_bot_message()
        answer = await group.reply(bram, first, "Onderzoekende houding")
        await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await group.command(anna, "/next")
        assert "Card 2 · question 2/5" in (await group.next_bot_message()).text
        await group.command(anna, "/pause")
        assert "paused" in (await group.next_bot_message()).text
        await group.command(anna, "/resume")
        assert "continue" in (await group.next_bot_message()).text
        assert "question 2/5" in (await group.next_bot_message()).text, "asked again"
        await group.command(anna, "/skip")
        assert "skipped" in (await group.next_bot_message()).text
        assert "Card 2 · question 3/5" in (await group.next_bot_message()).text
        await group.command(bram, "/summary")
        assert "still running" in (await group.next_bot_message()).text
        await group.command(bram, "/reminders")
        assert "no reminders" in (await group.next_bot_message()).text


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
        assert "1 antwoord en 0 stemmen" in document.caption

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
        assert confirm.text == "Gewist: 1 antwoord en 1 stem."
        assert not confirm.buttons

        await group.command(anna, "/status")
        assert "Geantwoord (0): nog niemand" in (await group.next_bot_message()).text

        private = world.api.private_chat(bram)
        await private.command(bram, "/mijngegevens")
        await private.wait_for(lambda: private.documents, waiting_for="a document")
        data = json.loads(private.documents[0].data)
        assert data["answers"] == [] and data["votes"] == []
