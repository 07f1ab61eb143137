"""Answering as the product brief describes it: replies (a list split per line, `*` marking what
is partnership-specific), an edited answer, a sticker or photo that changes nothing, choice votes
and rating votes by buttons, and the outcome card that comes of it."""

from bot.sandbox import validate_telegram_html
from tests.e2e.conftest import answered


async def test_three_members_fill_card_two_by_reply_and_get_its_outcome_card(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees

        await group.command(anna, "/gesprek visie-op-beroep kaart 2")
        card = await group.next_bot_message()
        assert "Kaart 2. Partnerschap Samen Opleiden" in card.text
        kern = await group.next_bot_message()
        assert "Kaart 2 · vraag 1/5" in kern.text and kern.force_reply
        assert "Zet een * voor punten die specifiek zijn" in kern.text

        first = await group.reply(
            bram, kern, "Onderzoekende houding\n* Samen leren in de wijk\n\nReflectie"
        )
        await answered(group, first)
        second = await group.reply(cees, kern, "onderzoekende houding\nEigenaarschap")
        await answered(group, second)
        typo = await group.reply(anna, kern, "Pedagogisch vakmansschap")
        await answered(group, typo)
        await group.edit(typo, "Pedagogisch vakmanschap\n*Meertaligheid in de klas")

        await group.sticker(bram, reply_to=kern)
        note = await group.next_bot_message()
        assert note.text.startswith("Alleen tekst telt als antwoord")
        await group.photo(cees, reply_to=kern)
        assert "Alleen tekst telt" in (await group.next_bot_message()).text

        await group.command(anna, "/status")
        status = (await group.next_bot_message()).text
        assert "Vraag 1/5" in status and "Geantwoord (3): Anna, Bram, Cees" in status

        await group.command(anna, "/volgende")
        how = await group.next_bot_message()
        assert "Kaart 2 · vraag 2/5" in how.text
        await answered(group, await group.reply(bram, how, "In een werkgroep met alle scholen"))
        await group.command(anna, "/overslaan")
        assert "Vraag overgeslagen" in (await group.next_bot_message()).text
        specific = await group.next_bot_message()
        assert "Kaart 2 · vraag 3/5" in specific.text
        assert "*" not in specific.text.split("\n")[0]
        for _ in range(2):
            await group.command(anna, "/volgende")
            await group.next_bot_message()
        await group.command(anna, "/volgende")
        outcome = await group.next_bot_message()
        next_card = await group.next_bot_message()
        await group.next_bot_message()
        await group.command(anna, "/stop")
        closing = await group.next_bot_message()

    text = outcome.text
    assert text.startswith("Kaartje 2. Partnerschap Samen Opleiden: Uitkomsten")
    assert "3 deelnemers: " in text
    general, _, specific_part = text.partition("Specifiek voor het partnerschap")
    assert "Onderzoekende houding (Bram, Cees)" in general, "one merged, de-duplicated list"
    assert "Reflectie" in general and "Eigenaarschap" in general
    assert "Samen leren in de wijk (Bram)" in specific_part
    assert "Meertaligheid in de klas (Anna)" in specific_part
    assert "Pedagogisch vakmanschap" in text, "the edited answer counts"
    assert "vakmansschap" not in text, "the answer before its edit is gone"
    assert "In een werkgroep met alle scholen" in text
    assert "Zo ziet onze visie eruit" not in text and "👍" not in text
    validate_telegram_html(outcome.sent_text)
    assert next_card.text.startswith("Kaart 4. Vijf functies"), "card 3 is for the region"
    assert "gestopt" in closing.text
    assert world.api.refused_calls == []


async def test_choice_votes_by_button_are_changeable_and_tallied(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees

        await group.command(anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        choice = await group.next_bot_message()
        assert choice.button_texts == [
            "De (aanstaande) leraar",
            "Alle (aanstaande) onderwijsprofessionals",
            "Overslaan ⏭",
            "Volgende ▶",
        ]

        await group.command(anna, "/volgende")
        refusal = await group.next_bot_message()
        assert "Op deze vraag zijn nog geen antwoorden" in refusal.text

        await group.press(bram, choice, "De (aanstaande) leraar")
        # The labels carry the count once the tally is shown, so later presses name the data.
        await group.press(cees, choice, callback_data="v:1")
        answer = await group.press(bram, choice, callback_data="v:1")
        assert answer["text"] == "Je stem is geteld ✔"
        reply = await group.reply(cees, choice, "Ik bedoel alle professionals")
        assert "Deze vraag beantwoord je met de knoppen" in (await group.next_bot_message()).text
        assert reply.reactions == []

        await group.wait_for(
            lambda: "Alle (aanstaande) onderwijsprofessionals · 2" in choice.button_texts,
            waiting_for="the tally on the buttons",
        )
        assert "2 stemmers tot nu toe" in choice.text
        assert "De (aanstaande) leraar" in choice.button_texts, "a changed vote left no trace"

        await group.command(anna, "/stop")
        outcome = await group.next_bot_message()
    assert "Alle (aanstaande) onderwijsprofessionals: 2 (Bram, Cees)" in outcome.text
    assert "De (aanstaande) leraar: 0" in outcome.text
    assert "Uitkomst: Alle (aanstaande) onderwijsprofessionals" in outcome.text


async def test_rating_votes_per_item_give_a_distribution_median_and_bespreekpunt(world):
    async with world.bot():
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees

        await group.command(anna, "/gesprek kwaliteitskader kaart 2")
        await group.next_bot_message()
        rating = await group.next_bot_message()
        assert "Kaart 2 · vraag 1/3" in rating.text
        assert "1 niet zichtbaar · 2 beperkt zichtbaar" in rating.text
        assert rating.button_texts[:5] == ["1.", "1", "2", "3", "4"]

        explained = await group.press(bram, rating, callback_data="i:0")
        assert explained["show_alert"] and explained["text"].startswith("Er is een beeld")

        await group.press(bram, rating, callback_data="r:0:1")
        await group.press(cees, rating, callback_data="r:0:4")
        await group.press(anna, rating, callback_data="r:0:3")
        await group.press(bram, rating, callback_data="r:1:3")
        await group.press(cees, rating, callback_data="r:1:3")

        await group.wait_for(
            lambda: "3 stemmers tot nu toe" in rating.text and "mediaan 3" in rating.text,
            waiting_for="the rating tally",
        )
        await group.press(anna, rating, "Volgende ▶")
        proof = await group.next_bot_message()
        assert "vraag 2/3" in proof.text
        await answered(group, await group.reply(cees, proof, "Het staat in ons opleidingsplan"))
        await group.wait_for(lambda: not rating.buttons, waiting_for="the buttons to go")
        assert "3 van" in rating.text or "3 stemmer" in rating.text, "the final tally stays"
        await group.command(anna, "/volgende")
        step = await group.next_bot_message()
        assert "vraag 3/3" in step.text
        await answered(group, await group.reply(bram, step, "Een studiedag over de visie"))
        await group.command(anna, "/volgende")
        outcome = await group.next_bot_message()
        chart = await group.next_bot_message()

    text = outcome.text
    assert text.startswith("Kaartje 2. Lerende leraar (waarborg 1): Uitkomsten")
    assert "1× niet zichtbaar, 1× grotendeels zichtbaar, 1× volledig zichtbaar" in text
    assert "mediaan 3 · ⚠️ bespreekpunt" in text, "1 against 4 of three votes: a real difference"
    assert "Een studiedag over de visie (voorgesteld door Bram)" in text
    assert "of in onze Onderwijsregio? ◇" in text, (
        "the 1–4 scale is samenbot's, not the framework's"
    )
    assert "◇ = een hulpmiddel van samenbot, niet uit het brondocument." in text
    assert chart.photo is not None and "Scores" in (chart.caption or "")
    validate_telegram_html(outcome.sent_text)
