"""Peer review and reminders end to end: a group plans its review, the clock moves, and the
dispatcher's reminders arrive in the group; an async-mode run nudges and moves on by itself."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.sandbox import validate_telegram_html


async def test_a_planned_review_posts_its_timeline_and_reminds_the_group_on_the_day(world):
    async with world.bot() as runtime:
        group = await world.partnership_group()

        await group.command(world.anna, "/peerreview 2027-03-01")
        timeline = await group.next_bot_message()
        assert "Peer review van Partnerschap Noord: maandag 1 maart 2027" in timeline.text
        assert "maandag 7 december 2026 · Start de kritische reflectie" in timeline.text
        assert "maandag 15 maart 2027 · Verslag naar de voorzitter" in timeline.text
        assert "al voorbij" not in timeline.text
        validate_telegram_html(timeline.sent_text)

        await group.command(world.bram, "/herinneringen")
        listing = await group.next_bot_message()
        assert "maandag 7 december 2026, 09:00 · Peer review: Start de kritische" in listing.text

        # 09:00 in Amsterdam on 7 December is 08:00 UTC (winter time).
        reminders = runtime.services.reminders
        world.clock.now = datetime(2026, 12, 7, 7, 59, tzinfo=UTC)
        assert await reminders.run_due() == 0
        assert group.unread_bot_messages() == []

        world.clock.now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
        await reminders.run_due()
        reminder = await group.next_bot_message()
        assert "Peer review · Start de kritische reflectie op de vier waarborgen" in reminder.text
        assert "Over twaalf weken, op maandag 1 maart 2027" in reminder.text
        assert "/gesprek kwaliteitskader" in reminder.text
        assert "verlaat" not in reminder.text
        validate_telegram_html(reminder.sent_text)

        assert await reminders.run_due() == 0
        assert group.unread_bot_messages() == [], "a reminder is sent once"

        world.clock.advance(hours=2)
        await group.command(world.cees, "/peerreview")
        status = await group.next_bot_message()
        assert "✅ maandag 7 december 2026 · Start de kritische reflectie" in status.text
        assert "👉 maandag 4 januari 2027 · Vraagstukken" in status.text


async def test_reminders_missed_while_the_bot_was_down_come_once_marked_late(world):
    async with world.bot() as runtime:
        group = await world.partnership_group()
        await group.command(world.anna, "/peerreview 2027-03-01")
        await group.next_bot_message()

    # Down over the first two milestones; back on 5 January 2027 at 10:00 Amsterdam time.
    world.clock.now = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    async with world.bot() as runtime:
        first = await group.next_bot_message()
        second = await group.next_bot_message()
        assert "Start de kritische reflectie" in first.text
        assert "verlaat: deze herinnering was voor maandag 7 december 2026" in first.text
        assert "Vraagstukken, deelnemers en het bezoekend panel" in second.text
        assert "verlaat: deze herinnering was voor maandag 4 januari" in second.text
        assert await runtime.services.reminders.run_due() == 0
        assert group.unread_bot_messages() == [], "each comes once"


async def test_peer_review_commands_explain_mistakes_and_only_admins_plan(world):
    async with world.bot():
        group = await world.partnership_group()

        await group.command(world.anna, "/peerreview 1 maart")  # words: a date, unreadable
        assert "Die datum kan ik niet lezen" in (await group.next_bot_message()).text
        await group.command(world.anna, "/peerreview morgen")
        assert "Gebruik: /peerreview JJJJ-MM-DD" in (await group.next_bot_message()).text
        await group.command(world.anna, "/peerreview 2026-01-05")
        past = await group.next_bot_message()
        assert "in het verleden" in past.text and "/peerreview 2027-" in past.text
        await group.command(world.anna, "/peerreview 2040-01-01")
        assert "meer dan tien jaar" in (await group.next_bot_message()).text
        await group.command(world.bram, "/peerreview 2027-03-01")
        assert "Alleen beheerders" in (await group.next_bot_message()).text
        await group.command(world.bram, "/peerreview")
        assert "nog geen peer review gepland" in (await group.next_bot_message()).text

        # Planned late: the milestones already past are listed as such, and not sent.
        await group.command(world.anna, "/peerreview 2027-01-04")
        timeline = await group.next_bot_message()
        assert "<s>maandag 12 oktober 2026</s> · Start de kritische" in timeline.sent_text
        assert "al voorbij" in timeline.text

        await group.command(world.anna, "/peerreview ics")
        calendar = await group.next_bot_message()
        assert calendar.document is not None
        ics = group.documents[-1]
        assert ics.filename.endswith(".ics")
        assert b"BEGIN:VCALENDAR" in ics.data

        await group.command(world.anna, "/peerreview annuleer")
        assert "geannuleerd" in (await group.next_bot_message()).text
        await group.command(world.anna, "/herinneringen")
        assert "geen herinneringen" in (await group.next_bot_message()).text


async def test_an_unbound_chat_is_told_to_bind_first(world):
    async with world.bot():
        group = world.api.group("Losse groep")
        group.set_admins(world.anna)
        await group.add_bot(by=world.anna)
        await group.next_bot_message()
        await group.command(world.anna, "/peerreview 2027-03-01")
        assert "Koppel deze groep eerst" in (await group.next_bot_message()).text


async def test_an_async_card_nudges_the_silent_members_and_moves_on_at_its_deadline(world):
    async with world.bot() as runtime:
        group = await world.partnership_group()
        anna, bram, cees = world.anna, world.bram, world.cees

        await group.command(anna, "/gesprek visie-op-beroep kaart 1 tempo 2")
        opened = (await group.next_bot_message()).text
        assert "Kaart 1. Visie op beroep" in opened
        assert "Deze kaart staat open tot woensdag 25 november om 11:00" in opened
        questions = [await group.next_bot_message() for _ in range(4)]
        open_question = next(q for q in questions if q.force_reply)
        await group.reply(bram, open_question, "De leraar als onderzoeker")
        await group.wait_for(lambda: bool(group.transcript[-1].reactions))
        await group.command(cees, "/gesprek visie-op-beroep")  # seen in the group, no answer
        assert "loopt al een gesprek" in (await group.next_bot_message()).text

        await group.command(anna, "/herinneringen")
        listing = await group.next_bot_message()
        assert "Seintje aan wie nog niet antwoordde op kaart 1" in listing.text
        assert "Kaart 1 (Visie op beroep) sluit" in listing.text

        world.clock.advance(days=1, minutes=1)
        await runtime.services.reminders.run_due()
        nudge = await group.next_bot_message()
        assert "Morgen sluit kaart 1" in nudge.text
        assert "Anna" in nudge.text and "Cees" in nudge.text and "Bram" not in nudge.text

        world.clock.advance(days=1)
        await runtime.services.reminders.run_due()
        outcome = await group.next_bot_message()
        next_card = await group.next_bot_message()
        assert "Kaartje 1. Visie op beroep: Uitkomsten" in outcome.text
        assert "De leraar als onderzoeker" in outcome.text
        assert "Kaart 2. Partnerschap Samen Opleiden" in next_card.text
