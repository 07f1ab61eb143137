"""The region card: two partnerships of one region each do visie-op-beroep card 2 in their own
group; the region group's card 3 shows both as context and compares them in its outcome card.
A partnership of another region never appears."""

from tests.e2e.conftest import code_in, finish_card_two


async def test_the_region_card_compares_the_partnerships_of_its_own_region(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot():
        noord = await world.partnership_group("Partnerschap Noord")
        zuid = await world.partnership_group("Partnerschap Zuid")
        west = world.api.group("Partnerschap West")
        west.set_admins(anna)
        await west.add_bot(by=anna)
        await west.next_bot_message()
        await west.command(anna, "/koppel Partnerschap West | Onderwijsregio West")
        await west.next_bot_message()

        await finish_card_two(
            noord, anna, bram, "Onderzoekende houding\nEigenaarschap\n*Samen leren in de wijk"
        )
        await finish_card_two(zuid, anna, cees, "Onderzoekende houding\n*Meertaligheid")
        await finish_card_two(west, anna, bram, "Westelijke eigenheid")

        region = world.api.group("Regio Oost")
        region.set_admins(anna)
        await region.add_bot(by=anna)
        await region.next_bot_message()
        await region.command(anna, "/gesprek visie-op-beroep kaart 3")
        assert "Koppel deze groep eerst" in (await region.next_bot_message()).text
        await noord.command(anna, "/uitnodigen regio")
        code = code_in((await noord.next_bot_message()).text)
        await region.command(anna, f"/koppel {code}")
        await region.next_bot_message()
        for partnership in (noord, zuid):
            told = await partnership.next_bot_message()
            assert "regiogroep geworden van Onderwijsregio Oost" in told.text
        await region.command(anna, "/gesprek visie-op-beroep kaart 2")
        assert "voert elk partnerschap in de eigen groep" in (await region.next_bot_message()).text
        await noord.command(anna, "/gesprek visie-op-beroep kaart 3")
        assert "Kaart 3 voer je in de regiogroep" in (await noord.next_bot_message()).text

        await region.command(anna, "/gesprek visie-op-beroep kaart 3")
        card = await region.next_bot_message()
        assert card.text.startswith("Kaart 3. Opleidingsinfrastructuur Samen Opleiden")
        context = await region.next_bot_message()
        assert "partnerschappen in deze regio: Partnerschap Noord, Partnerschap Zuid." in (
            context.text
        )
        noord_card = await region.next_bot_message()
        zuid_card = await region.next_bot_message()
        assert "Samen leren in de wijk" in noord_card.text
        assert "Meertaligheid" in zuid_card.text
        delen = await region.next_bot_message()
        assert "Kaart 3 · vraag 1/9" in delen.text

        answer = await region.reply(cees, delen, "Onderzoekende houding\nVakmanschap")
        await region.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await region.command(anna, "/volgende")
        same = await region.next_bot_message()
        answer = await region.reply(bram, same, "Beide noemen de onderzoekende houding")
        await region.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await region.command(anna, "/stop")
        outcome = await region.next_bot_message()
        await region.next_bot_message()

        await region.command(bram, "/samenvatting visie-op-beroep kaart 2")
        summaries = [await region.next_bot_message(), await region.next_bot_message()]

    shown = "\n".join(m.text for m in region.transcript if m.text)
    assert "Westelijke eigenheid" not in shown and "Partnerschap West" not in shown
    text = outcome.text
    assert text.startswith("Kaartje 3. Samen Opleiden: Uitkomsten")
    comparison = text.partition("Partnerschappen naast elkaar")[2]
    assert comparison, "the outcome card has the comparison"
    assert "Partnerschap Noord" in comparison and "Partnerschap Zuid" in comparison
    shared = comparison.partition("Wat ze delen")[2].partition("Wat eigen is")[0]
    assert "nderzoekende houding" in shared
    particular = comparison.partition("Wat eigen is")[2]
    assert "Samen leren in de wijk" in particular and "Meertaligheid" in particular
    assert "Beide noemen de onderzoekende houding" in text
    assert [s.text.startswith("Kaartje 2.") for s in summaries] == [True, True]
