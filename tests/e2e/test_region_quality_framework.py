"""The quality framework in a region group: "De ontvangende Onderwijsregio en haar
partnerschappen zijn eigenaar van het proces" (seed 003). A region group holds the
kwaliteitskader conversation itself, plans its peer review, and every reminder offers only what
that region group can start — and it can start each of them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.sandbox import validate_telegram_html

STOPPED = "Het gesprek is gestopt"


async def read_until(group, words: str) -> list:
    """The bot's messages up to and including the first that contains `words`."""
    messages = [await group.next_bot_message(timeout=15)]
    while words not in (messages[-1].text or ""):
        messages.append(await group.next_bot_message(timeout=15))
    return messages


async def region_group(world, title: str = "Regio Oost"):
    region = world.api.group(title)
    region.set_admins(world.anna)
    await region.add_bot(by=world.anna)
    await region.next_bot_message()
    await region.command(world.anna, "/koppel regio Onderwijsregio Oost")
    await region.next_bot_message()
    return region


async def starts_in(group, anna, command: str) -> str:
    """Start an offered conversation, check it begins with a card, and stop it again."""
    await group.command(anna, command)
    card = await group.next_bot_message()
    assert card.text.startswith("Kaart 1."), f"{command} was refused: {card.text}"
    await read_until(group, "Kaart 1 · vraag 1/")
    # /status answered: the bot has done everything the start asked, so /stop comes after it.
    await group.command(anna, "/status")
    assert "Vraag 1/" in (await group.next_bot_message()).text
    await group.command(anna, "/stop")
    await read_until(group, STOPPED)
    return card.text


async def test_a_region_group_holds_the_quality_framework_conversation(world):
    anna, bram = world.anna, world.bram
    async with world.bot():
        region = await region_group(world)

        await region.command(anna, "/gesprek kwaliteitskader")
        card = await region.next_bot_message()
        assert card.text.startswith("Kaart 1. Basiskwaliteit en eigen ambities")
        ambities = await region.next_bot_message()
        assert "Kaart 1 · vraag 1/5" in ambities.text
        assert "Welke ambities formuleren jullie voor de versterking van Samen Opleiden?" in (
            ambities.text
        )
        answer = await region.reply(bram, ambities, "Eén regionale aanpak voor inductie")
        await region.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await region.command(anna, "/stop")
        outcome, *_ = await read_until(region, STOPPED)
        assert outcome.text.startswith("Kaartje 1. Basiskwaliteit en eigen ambities: Uitkomsten")
        assert "Eén regionale aanpak voor inductie" in outcome.text
        validate_telegram_html(outcome.sent_text)

        # What the T-3 weeks reminder offers works here too: the region's own reflection.
        await region.command(bram, "/export peerreview")
        document = await region.next_bot_message(timeout=30)
        assert document.document is not None, document.text

        # visie-op-beroep card 2 stays a partnership's own card, as before.
        await region.command(anna, "/gesprek visie-op-beroep kaart 2")
        assert "voert elk partnerschap in de eigen groep" in (await region.next_bot_message()).text


async def test_a_region_plans_its_review_and_each_reminder_offers_what_the_region_can_start(world):
    anna = world.anna
    async with world.bot() as runtime:
        region = await region_group(world)

        await region.command(anna, "/peerreview 2027-03-01")
        timeline = await region.next_bot_message()
        assert "maandag 7 december 2026 · Start de kritische reflectie" in timeline.text
        assert "maandag 8 februari 2027 · Kritische reflectie en programma" in timeline.text

        # 09:00 in Amsterdam is 08:00 UTC in winter; every milestone here falls in winter time.
        days = {
            "kritische-reflectie": datetime(2026, 12, 7, 8, 0, tzinfo=UTC),
            "vraagstukken": datetime(2027, 1, 4, 8, 0, tzinfo=UTC),
            "programma": datetime(2027, 1, 18, 8, 0, tzinfo=UTC),
            "stukken-naar-panel": datetime(2027, 2, 8, 8, 0, tzinfo=UTC),
            "bezoek-over-een-week": datetime(2027, 2, 22, 8, 0, tzinfo=UTC),
            "bezoek-morgen": datetime(2027, 2, 26, 8, 0, tzinfo=UTC),  # Sunday → Friday
            "bezoek": datetime(2027, 3, 1, 8, 0, tzinfo=UTC),
            "concept-verslag": datetime(2027, 3, 8, 8, 0, tzinfo=UTC),
            "verslag-naar-voorzitter": datetime(2027, 3, 15, 8, 0, tzinfo=UTC),
        }
        reminders: dict[str, str] = {}
        started: set[str] = set()
        for milestone, moment in days.items():
            world.clock.now = moment
            assert await runtime.services.reminders.run_due() == 1, milestone
            message = await region.next_bot_message()
            validate_telegram_html(message.sent_text)
            assert "verlaat" not in message.text
            reminders[milestone] = message.text

            for flow_id in set(re.findall(r"/gesprek ([a-z-]+)", message.text)) - started:
                await starts_in(region, anna, f"/gesprek {flow_id}")
                started.add(flow_id)

        assert "/gesprek kwaliteitskader" in reminders["kritische-reflectie"]
        assert "/gesprek peer-review-voorbereiding" in reminders["vraagstukken"]
        assert "/gesprek" not in reminders["programma"]
        three_weeks = reminders["stukken-naar-panel"]
        assert "/export peerreview" in three_weeks
        assert "de kritische reflectie (het gesprek kwaliteitskader)" in three_weeks
        assert "/export docx" not in three_weeks
        assert "/gesprek peer-review-afronding" in reminders["verslag-naar-voorzitter"]
        assert started == {"kwaliteitskader", "peer-review-voorbereiding", "peer-review-afronding"}


async def test_the_visiting_panels_own_lessons_stay_with_a_partnership_group(world):
    # Afronding card 4: "De leden van het bezoekend panel noteren voor het eigen partnerschap
    # leerpunten" - a partnership group's card, also when the region holds the rest.
    anna = world.anna
    async with world.bot():
        region = await region_group(world)
        await region.command(anna, "/gesprek peer-review-afronding kaart 4")
        assert "voert elk partnerschap in de eigen groep" in (await region.next_bot_message()).text

        await region.command(anna, "/gesprek peer-review-afronding")
        card = await region.next_bot_message()
        assert card.text.startswith("Kaart 1. Dialoogrondes")
        assert "Hierboven" not in card.text
        assert "Kaart 1 · vraag 1/3" in (await region.next_bot_message()).text


async def test_tot_slot_in_a_partnership_group_shows_the_choice_its_region_made(world):
    # visie-op-beroep: card 5 (the region's choice) is held in the region group; "Tot slot" asks
    # each partnership "Wat betekent de genomen keuze ...", so it shows that choice.
    anna, bram = world.anna, world.bram
    async with world.bot():
        region = await region_group(world)
        noord = await world.partnership_group("Partnerschap Noord")

        await region.command(anna, "/gesprek visie-op-beroep kaart 5")
        accenten = (await read_until(region, "Kaart 5 · vraag 1/"))[-1]
        answer = await region.reply(bram, accenten, "Een leven lang leren in de hele regio")
        await region.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await region.command(anna, "/stop")
        await read_until(region, STOPPED)

        await noord.command(anna, "/gesprek visie-op-beroep kaart 6")
        shown = await read_until(noord, "vraag 1/")
        # The card is unnumbered in the source (Card.label "Tot slot"); the heading's number is
        # the conductor's to drop.
        assert shown[0].text.startswith(("Tot slot", "Kaart 6. Tot slot"))
        assert "Hieronder staan, voor zover die gesprekken al gevoerd zijn" in shown[0].text
        choice = [m.text for m in shown if "Onderwijsregio & Visie op beroep" in (m.text or "")]
        assert choice and "Een leven lang leren in de hele regio" in choice[0]
        assert "Pak kaartje 1. Visie op beroep opnieuw erbij" in shown[-2].text
        assert "of en hoe de gedeelde visie op het beroep ook van toepassing" in shown[-1].text


async def test_a_region_group_starts_a_guarantee_of_the_quality_framework_by_its_number(world):
    async with world.bot():
        region = await region_group(world)

        await region.command(world.anna, "/gesprek kwaliteitskader kaart 2")
        card = await region.next_bot_message()

        assert card.text.startswith("Kaart 2."), card.text
        question = await region.next_bot_message()
        assert "Kaart 2 · vraag 1/" in question.text
