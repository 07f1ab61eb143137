"""The spine: a partnership group plays visie-op-beroep card 1 and gets its outcome card."""

from bot.sandbox import validate_telegram_html


async def test_a_group_plays_card_one_and_receives_its_outcome_card(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees

        await group.command(anna, "/gesprek visie-op-beroep kaart 1")
        card = await group.next_bot_message()
        assert "Kaart 1. Visie op beroep" in card.text

        choice = await group.next_bot_message()
        assert "Kaart 1 · vraag 1/4" in choice.text
        await group.press(bram, choice, "De (aanstaande) leraar")
        await group.press(cees, choice, "De (aanstaande) leraar")
        answer = await group.press(anna, choice, callback_data="v:1")
        assert "geteld" in answer["text"]
        await group.wait_for(lambda: "3 stemmers" in choice.text, waiting_for="the tally")

        await group.press(anna, choice, "Volgende ▶")
        why = await group.next_bot_message()
        assert "vraag 2/4" in why.text and why.force_reply
        first = await group.reply(bram, why, "Omdat de visie in alle partnerschappen is uitgewerkt")
        await group.reply(cees, why, "Het <b>beroep</b> van leraar staat centraal & is helder")
        await group.wait_for(lambda: first.reactions == ["👍"], waiting_for="the reaction")

        for _ in range(2):
            await group.command(anna, "/volgende")
            question = await group.next_bot_message()
            await group.reply(bram, question, "Samen opleiden versterkt de begeleiding")
            await group.wait_for(lambda q=question: bool(group.transcript[-1].reactions))

        await group.command(anna, "/volgende")
        outcome = await group.next_bot_message()
        next_card = await group.next_bot_message()
        await group.next_bot_message()
        await group.command(anna, "/stop")
        closing = await group.next_bot_message()

        assert "Kaartje 1. Visie op beroep: Uitkomsten" in outcome.text
        assert "Omdat de visie in alle partnerschappen is uitgewerkt" in outcome.text
        assert "<b>beroep</b>" in outcome.text, "user text is shown as typed, not as markup"
        validate_telegram_html(outcome.sent_text)
        assert "Kaart 2. Partnerschap Samen Opleiden" in next_card.text
        assert "gestopt" in closing.text


async def test_a_member_who_is_not_the_facilitator_cannot_advance(world):
    async with world.bot():
        group = await world.partnership_group()
        await group.command(world.anna, "/gesprek visie-op-beroep")
        await group.next_bot_message()
        question = await group.next_bot_message()

        await group.command(world.bram, "/volgende")
        refusal = await group.next_bot_message()
        assert "Alleen de gespreksleider" in refusal.text

        alert = await group.press(world.cees, question, "Volgende ▶")
        assert alert["show_alert"] and "Alleen de gespreksleider" in alert["text"]
