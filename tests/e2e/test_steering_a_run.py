"""Steering a run: /kaarten and its start buttons, /status, pause and resume, who may advance,
and two facilitators pressing "Volgende ▶" at the same moment."""


async def test_kaarten_lists_the_flows_and_a_button_starts_one(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.bram, "/kaarten")
        listing = await group.next_bot_message()
        assert "De gesprekken" in listing.text
        visie = "Visie op het beroep als kloppend hart van de Onderwijsregio"
        kader = "Kwaliteitskader Samen Opleiden in de Onderwijsregio"
        assert f"{visie} · /gesprek visie-op-beroep" in listing.text, "titles, not slugs"
        assert "1. Visie op beroep, 2. Partnerschap Samen Opleiden" in listing.text
        assert f"▶ {kader}" in listing.button_texts
        assert len(listing.button_texts) == 8

        for wrong, explanation in (
            ("/gesprek vliegen", "Het gesprek vliegen ken ik niet. Kies uit: begeleiden"),
            ("/gesprek visie-op-beroep kaart 9", "Dit gesprek heeft geen kaart 9"),
            ("/gesprek visie-op-beroep kaart twee", "bijvoorbeeld /gesprek visie-op-beroep"),
            ("/gesprek kwaliteitskader tempo 99", "van 1 tot 60, bijvoorbeeld tempo 7"),
        ):
            await group.command(world.bram, wrong)
            assert explanation in (await group.next_bot_message()).text, wrong

        await group.press(world.bram, listing, f"▶ {kader}")
        card = await group.next_bot_message()
        question = await group.next_bot_message()
        assert card.text.startswith("Kaart 1. Basiskwaliteit en eigen ambities")
        assert "Kaart 1 · vraag 1/5" in question.text

        await group.press(world.cees, listing, f"▶ {visie}")
        assert "Hier loopt al een gesprek" in (await group.next_bot_message()).text


async def test_status_shows_flow_card_question_and_who_answered(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees
        await group.command(cees, "/status")
        assert "Er loopt hier nu geen gesprek" in (await group.next_bot_message()).text

        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        await group.next_bot_message()
        question = await group.next_bot_message()
        for member, text in ((bram, "Onderzoekende houding"), (cees, "Eigenaarschap")):
            answer = await group.reply(member, question, text)
            await group.wait_for(lambda a=answer: a.reactions, waiting_for="the reaction")

        await group.command(cees, "/status")
        status = (await group.next_bot_message()).text
        assert status.startswith(
            "Visie op het beroep als kloppend hart van de Onderwijsregio — loopt"
        )
        assert "Kaart 2. Partnerschap Samen Opleiden" in status
        assert "Vraag 1/5: Wat zijn de kernelementen" in status
        assert "Geantwoord (2): Bram, Cees" in status

        await group.command(anna, "/pauze")
        assert "gepauzeerd" in (await group.next_bot_message()).text
        await group.command(cees, "/status")
        assert "— gepauzeerd" in (await group.next_bot_message()).text


async def test_only_a_facilitator_advances_skips_pauses_or_stops(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees  # anna is the group's admin

        await group.command(cees, "/gesprek visie-op-beroep kaart 1")  # cees starts: facilitator
        await group.next_bot_message()
        choice = await group.next_bot_message()
        await group.press(bram, choice, "De (aanstaande) leraar")

        for command in ("/volgende", "/overslaan", "/pauze", "/hervat", "/stop@samenbot_bot"):
            await group.command(bram, command)
            refusal = await group.next_bot_message()
            assert refusal.text.startswith("Alleen de gespreksleider"), command
        for button in ("Volgende ▶", "Overslaan ⏭"):
            alert = await group.press(bram, choice, button)
            assert alert["show_alert"] and alert["text"].startswith("Alleen de gespreksleider")

        await group.command(anna, "/pauze")
        assert "Het gesprek is gepauzeerd" in (await group.next_bot_message()).text
        await group.command(anna, "/pauze")
        assert "al gepauzeerd" in (await group.next_bot_message()).text
        await group.command(cees, "/volgende")
        assert "gepauzeerd; ga verder met /hervat" in (await group.next_bot_message()).text
        await group.command(cees, "/hervat")
        assert "We gaan verder" in (await group.next_bot_message()).text
        again = await group.next_bot_message()
        assert "Kaart 1 · vraag 1/4" in again.text, "the open question is asked again"

        await group.press(anna, again, "Volgende ▶")
        why = await group.next_bot_message()
        assert "Kaart 1 · vraag 2/4" in why.text
        await group.command(cees, "/overslaan")
        assert "Vraag overgeslagen" in (await group.next_bot_message()).text
        assert "Kaart 1 · vraag 3/4" in (await group.next_bot_message()).text
        await group.command(anna, "/stop")
        outcome = await group.next_bot_message()
        closing = await group.next_bot_message()
        assert outcome.text.startswith("Kaartje 1. Visie op beroep: Uitkomsten")
        assert "Het gesprek is gestopt" in closing.text

        await group.command(anna, "/volgende")
        assert "Er loopt hier nu geen gesprek" in (await group.next_bot_message()).text
        late = await group.press(bram, choice, "Alle (aanstaande) onderwijsprofessionals")
        assert late["show_alert"] and "al afgelopen" in late["text"]


async def test_two_facilitators_pressing_next_at_the_same_moment_advance_once(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, cees = world.anna, world.cees
        await group.command(cees, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        choice = await group.next_bot_message()
        await group.press(cees, choice, "De (aanstaande) leraar")

        await group.press(anna, choice, "Volgende ▶", wait_for_answer=False)
        await group.press(cees, choice, "Volgende ▶", wait_for_answer=False)
        answers = world.api.world.callback_answers
        await group.wait_for(
            lambda: all(answer is not None for answer in answers.values()),
            waiting_for="both presses answered",
        )
        advanced = await group.next_bot_message()
        assert "Kaart 1 · vraag 2/4" in advanced.text
        assert group.unread_bot_messages() == []
        assert "Het gesprek is al verder gegaan." in [a.get("text") for a in answers.values()]

        await group.command(cees, "/status")
        assert "Vraag 2/4" in (await group.next_bot_message()).text
