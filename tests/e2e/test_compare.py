"""/vergelijk end to end: two runs of kwaliteitskader card 2 in one partnership, and the region
group's view of its partnerships side by side."""

from __future__ import annotations

import io
import re
import zipfile

from bot.sandbox import validate_telegram_html
from tests.e2e.conftest import answered


async def play_card_two(world, group, ratings: dict, proofs: list, steps: list) -> None:
    """Card 2 of kwaliteitskader: ratings {(member, item): value}, then open answers."""
    await group.command(world.anna, "/gesprek kwaliteitskader kaart 2")
    await group.next_bot_message()  # the card's intro
    rating = await group.next_bot_message()
    for (member, item), value in ratings.items():
        await group.press(member, rating, callback_data=f"r:{item}:{value}")
    await group.press(world.anna, rating, "Volgende ▶")
    proof = await group.next_bot_message()
    for member, text in proofs:
        await answered(group, await group.reply(member, proof, text))
    await group.command(world.anna, "/volgende")
    step = await group.next_bot_message()
    for member, text in steps:
        await answered(group, await group.reply(member, step, text))
    await group.command(world.anna, "/volgende")
    outcome = await group.next_bot_message()
    assert outcome.text.startswith("Kaartje 2. Lerende leraar")
    await group.next_bot_message()  # the chart
    await group.next_bot_message()  # card 3's intro
    await group.next_bot_message()  # its first question
    await group.command(world.anna, "/stop")
    await group.wait_for(
        lambda: "gestopt" in (group.transcript[-1].text or ""), waiting_for="the stop"
    )
    group.unread_bot_messages()


async def test_two_runs_of_a_card_show_rating_and_theme_changes_and_points_done(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot():
        group = await world.partnership_group()
        await play_card_two(
            world,
            group,
            {(bram, 0): 1, (cees, 0): 2, (bram, 1): 2, (cees, 1): 2},
            [(cees, "Het beeld staat in ons opleidingsplan"), (bram, "Ons opleidingsplan")],
            [(bram, "Cees plant een studiedag over het beroepsbeeld")],
        )
        await group.command(cees, "/acties")
        listing = await group.next_bot_message()
        await group.press(cees, listing, "1 ✅ klaar")

        await group.command(bram, "/vergelijk kwaliteitskader kaart 2")
        once = (await group.next_bot_message()).text
        assert "pas één keer besproken" in once

        await play_card_two(
            world,
            group,
            {(bram, 0): 3, (cees, 0): 3, (bram, 1): 2, (cees, 1): 3},
            [(cees, "Werkplekbegeleiders kennen de visie"), (bram, "Werkplekbegeleiders")],
            [(bram, "Een intervisiegroep starten")],
        )

        await group.command(bram, "/vergelijk kwaliteitskader kaart 2")
        compared = await group.next_bot_message()
        text = compared.text
        assert (
            "Vergelijking · Kwaliteitskader Samen Opleiden in de Onderwijsregio · kaart 2." in text
        )
        assert "Er is een beeld van het beroep geformuleerd." in text
        assert ": 1,5 → 3 (+1,5)" in text
        assert ": 2 → 2,5 (+0,5)" in text
        assert "Nieuw: werkplekbegeleiders" in text
        assert "Verdwenen: opleidingsplan" in text
        assert "Sinds het vorige gesprek afgerond</b>: 1 actiepunt" in compared.sent_text
        assert "• Cees plant een studiedag over het beroepsbeeld" in text
        validate_telegram_html(compared.sent_text)

        await group.command(anna, "/vergelijk kwaliteitskader kaart 2 docx")
        document = await group.next_bot_message()
        assert document.document is not None
        stored = group.documents[-1]
        assert stored.filename == (
            "vergelijking-kwaliteitskader-samen-opleiden-in-de-onderwijsregio-kaart-2.docx"
        )
        with zipfile.ZipFile(io.BytesIO(stored.data)) as docx:
            names = docx.namelist()
            body = docx.read("word/document.xml").decode()
        assert any(name.startswith("word/media/") for name in names), "the chart"
        assert "Scores (mediaan)" in body and "+1,5" in body

        await group.command(anna, "/vergelijk kwaliteitskader kaart 99")
        assert "geen kaart 99" in (await group.next_bot_message()).text
        await group.command(anna, "/vergelijk")
        assert (
            "Gebruik: /vergelijk kwaliteitskader kaart 2" in (await group.next_bot_message()).text
        )


async def test_a_region_group_compares_its_own_partnerships_side_by_side(world):
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
        await play_card_two(world, noord, {(bram, 0): 1, (cees, 0): 2}, [], [])
        await play_card_two(world, zuid, {(bram, 0): 3, (cees, 0): 3}, [], [])
        await play_card_two(world, west, {(bram, 0): 4}, [], [])

        region = world.api.group("Regio Oost")
        region.set_admins(anna)
        await region.add_bot(by=anna)
        await region.next_bot_message()
        await noord.command(anna, "/uitnodigen regio")
        code = re.search(
            r"/koppel ([A-Z0-9]{5}-[A-Z0-9]{5})", (await noord.next_bot_message()).text
        )
        await region.command(anna, f"/koppel {code.group(1)}")
        await region.next_bot_message()

        await region.command(bram, "/vergelijk kwaliteitskader kaart 2")
        side_by_side = (await region.next_bot_message()).text
        assert (
            "Partnerschappen (elk hun laatste gesprek): Partnerschap Noord · Partnerschap Zuid"
            in (side_by_side)
        )
        assert ": Partnerschap Noord 1,5 · Partnerschap Zuid 3" in side_by_side
        assert "West" not in side_by_side, "a partnership of another region never appears"
