"""The action ledger end to end: a card's action points become items with proposer, owner and
due date; /acties lists and updates them; reminders name the owner; the next cycle's
peer-review preparation and the peer-review reminders show them.

A small flow of its own (`acties-proef`) plays the card quickly.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sandbox import validate_telegram_html
from tests.e2e.conftest import answered

PROEF = """\
id: acties-proef
title: Afspraken maken
source: 000_0c52a99342ebaf6b.txt
version: 1
cards:
  - number: 1
    title: Afspraken
    questions:
      - id: acties
        type: open
        text: Welke acties spreken jullie af?
        collects: actions
    outcome:
      title: "Kaartje 1. Afspraken: Uitkomsten"
      sections: [actions]
"""


@pytest.fixture
def flows(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "acties-proef.yaml").write_text(PROEF, encoding="utf-8")
    return {"FLOWS_PATH": str(folder)}


async def agree_actions(world, group, *said: tuple) -> str:
    """Play the card: each (member, text) replies to the question; the outcome card's text."""
    await group.command(world.anna, "/gesprek acties-proef")
    await group.next_bot_message()  # the card's intro
    question = await group.next_bot_message()
    for member, text in said:
        await answered(group, await group.reply(member, question, text))
    await group.command(world.anna, "/volgende")
    outcome = await group.next_bot_message()
    assert "Uitkomsten" in outcome.text
    await group.next_bot_message()  # the conversation is complete
    return outcome.text


async def test_action_points_appear_with_proposer_and_owner_and_are_marked_done_by_a_button(
    world, flows
):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot(**flows):
        group = await world.partnership_group()
        await agree_actions(
            world,
            group,
            (bram, "Anna plant een studiedag op 1 april"),
            (cees, "Evaluatieformulier voor stagiairs maken"),
        )

        await group.command(bram, "/acties")
        listing = await group.next_bot_message()
        text = listing.text
        assert "Open actiepunten" in text
        # Grouped by owner: Anna was named, Cees proposed his own.
        assert text.index("Anna") < text.index("Anna plant een studiedag")
        assert "Anna plant een studiedag op 1 april · uiterlijk donderdag 1 april 2027" in text
        assert "(voorgesteld door Bram)" in text
        assert "Evaluatieformulier voor stagiairs maken (voorgesteld door Cees)" in text
        validate_telegram_html(listing.sent_text)

        # Not Bram's: refused with a short alert; Cees marks his own done.
        refused = await group.press(bram, listing, "1 ✅ klaar")
        assert refused["show_alert"] and "Alleen de eigenaar" in refused["text"]
        done = await group.press(cees, listing, "2 ✅ klaar")
        assert done["text"].startswith("Klaar: Evaluatieformulier")
        await group.wait_for(lambda: "Evaluatieformulier" not in listing.text)
        again = await group.press(cees, listing, "1 ✋ ik pak dit op")
        assert "eigenaar" in again["text"]
        await group.wait_for(lambda: "Cees" in listing.text and "Anna plant" in listing.text)

        await group.command(anna, "/acties alle")
        everything = (await group.next_bot_message()).text
        assert "✅ Evaluatieformulier voor stagiairs maken · klaar" in everything

        # A button naming an item of no ledger here (tampered, or of another partnership).
        listing.find_button("1 ✅ klaar")["callback_data"] = "act:k:999:o"
        stale = await group.press(anna, listing, callback_data="act:k:999:o")
        assert stale["show_alert"] and "hoort niet" in stale["text"]


async def test_a_due_date_is_reminded_a_few_days_before_and_overdue_items_weekly(world, flows):
    async with world.bot(**flows) as runtime:
        group = await world.partnership_group()
        await agree_actions(world, group, (world.bram, "Anna plant een studiedag op 1 april"))
        reminders = runtime.services.reminders
        await group.command(world.cees, "/herinneringen")
        upcoming = (await group.next_bot_message()).text
        assert "maandag 29 maart 2027, 09:00 · Herinnering aan een actiepunt" in upcoming
        assert "vrijdag 2 april 2027, 09:00 · Actiepunten over de datum" in upcoming

        # 29 March 2027, 09:00 in Amsterdam (summer time): three days before.
        world.clock.now = datetime(2027, 3, 29, 6, 59, tzinfo=UTC)
        assert await reminders.run_due(world.clock.now) == 0
        world.clock.now = datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
        await reminders.run_due(world.clock.now)
        heads_up = await group.next_bot_message()
        assert "Actiepunt voor Anna" in heads_up.text
        assert "donderdag 1 april 2027" in heads_up.text
        assert "Anna plant een studiedag" in heads_up.text
        validate_telegram_html(heads_up.sent_text)

        world.clock.now = datetime(2027, 4, 2, 7, 0, tzinfo=UTC)
        await reminders.run_due(world.clock.now)
        overdue = await group.next_bot_message()
        assert "1 actiepunt is over de datum" in overdue.text
        assert "eigenaar: Anna" in overdue.text

        world.clock.now = datetime(2027, 4, 9, 7, 0, tzinfo=UTC)
        await reminders.run_due(world.clock.now)
        assert "over de datum" in (await group.next_bot_message()).text
        assert group.unread_bot_messages() == []


async def test_the_next_cycle_remembers_the_action_points_in_reminders_and_its_preparation(
    world, flows
):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot(**flows) as runtime:
        group = await world.partnership_group()
        await group.command(anna, "/peerreview 2027-03-01")
        await group.next_bot_message()
        await agree_actions(
            world,
            group,
            (bram, "Bram organiseert intervisie voor werkplekbegeleiders"),
            (cees, "Stagebeleid herschrijven met de scholen"),
        )
        await group.command(cees, "/acties")
        listing = await group.next_bot_message()
        await group.press(cees, listing, "2 ✅ klaar")
        await group.wait_for(lambda: "Stagebeleid" not in listing.text)

        # The peer review's first milestone names what is still open, and who owns it.
        world.clock.now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
        await runtime.services.reminders.run_due(world.clock.now)
        reminder = await group.next_bot_message()
        assert "Start de kritische reflectie" in reminder.text
        assert "Open actiepunten" in reminder.text
        assert "Bram organiseert intervisie voor werkplekbegeleiders · eigenaar: Bram" in (
            reminder.text
        )
        assert "Stagebeleid" not in reminder.text
        validate_telegram_html(reminder.sent_text)

        # The preparation shows every earlier action point with where it stands.
        await group.command(anna, "/gesprek peer-review-voorbereiding")
        shown = [await group.next_bot_message() for _ in range(3)]
        recap = next(m for m in shown if "Actiepunten uit eerdere gesprekken" in m.text)
        assert (
            "Bram organiseert intervisie voor werkplekbegeleiders · status: open · eigenaar: Bram"
            in recap.text
        )
        assert "Stagebeleid herschrijven met de scholen · status: klaar ✅ · eigenaar: Cees" in (
            recap.text
        )
        assert "(voorgesteld door Cees)" in recap.text
        validate_telegram_html(recap.sent_text)


async def test_exports_and_mijngegevens_hold_the_items_and_vergeetmij_unnames_the_member(
    world, flows
):
    anna, bram = world.anna, world.bram
    async with world.bot(**flows):
        group = await world.partnership_group()
        await agree_actions(world, group, (bram, "Bram plant de intervisie eind maart"))

        await group.command(anna, "/export acties-proef md")
        assert (await group.next_bot_message()).document is not None
        exported = group.documents[-1].data.decode("utf-8")
        assert "Actiepunten: stand van zaken" in exported
        assert "Bram plant de intervisie eind maart · status: open · eigenaar: Bram" in exported

        private = world.api.private_chat(bram)
        await private.command(bram, "/mijngegevens")
        await private.wait_for(lambda: private.documents, waiting_for="a document")
        mine = json.loads(private.documents[-1].data)["action_points"]
        assert mine == [
            {
                "text": "Bram plant de intervisie eind maart",
                "owner": True,
                "proposed_by_you": True,
                "status": "open",
                "due": "2027-03-31",
                "flow": "acties-proef",
                "card": 1,
            }
        ]

        await group.command(bram, "/vergeetmij")
        confirm = await group.next_bot_message()
        await group.press(bram, confirm, "Ja, wis mijn bijdragen")
        await group.wait_for(lambda: "Gewist" in confirm.text, waiting_for="the erasure")

        await group.command(anna, "/acties")
        listing = (await group.next_bot_message()).text
        assert "Bram plant de intervisie eind maart" in listing, "the item stays"
        assert "Nog zonder eigenaar" in listing and "voorgesteld door" not in listing
        await private.command(bram, "/mijngegevens")
        await private.wait_for(lambda: len(private.documents) == 2, waiting_for="a document")
        assert json.loads(private.documents[-1].data)["action_points"] == []


async def test_a_near_duplicate_joins_the_item_it_repeats_keeping_both_proposers(world, flows):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot(**flows):
        group = await world.partnership_group()
        await agree_actions(
            world, group, (bram, "Training over de visie voor werkplekbegeleiders organiseren")
        )
        await agree_actions(
            world, group, (cees, "Werkplekbegeleiders krijgen een korte training over de visie")
        )
        await group.command(anna, "/acties")
        listing = await group.next_bot_message()
        assert (
            listing.text.count("training over de visie")
            + listing.text.count("Training over de visie")
            == 1
        ), "one item"
        assert "(voorgesteld door Bram, Cees)" in listing.text
        # Anna is an admin: a facilitator may update anyone's item.
        done = await group.press(anna, listing, "1 ⏳ bezig")
        assert done["text"].startswith("Op bezig gezet")
        await group.wait_for(lambda: "· bezig" in listing.text, waiting_for="the listing")


async def test_the_preparation_shows_the_previous_reviews_afronding_and_its_action_points(world):
    anna, bram = world.anna, world.bram
    async with world.bot():
        group = await world.partnership_group()
        await group.command(anna, "/gesprek peer-review-afronding kaart 3")
        await group.next_bot_message()  # the card's intro
        shown = [await group.next_bot_message()]
        while "Wie schrijft het verslag" not in (shown[-1].text or ""):
            shown.append(await group.next_bot_message())
        verslag = shown[-1]
        await answered(group, await group.reply(bram, verslag, "Anna schrijft het verslag"))
        await group.command(anna, "/volgende")
        feedback = await group.next_bot_message()
        assert "voorzitter" in feedback.text
        await group.command(anna, "/overslaan")  # the chair's feedback is not in yet
        assert "overgeslagen" in (await group.next_bot_message()).text
        actiepunten = await group.next_bot_message()
        assert "actiepunten voor de komende vier jaar" in actiepunten.text, actiepunten.text
        await answered(
            group,
            await group.reply(bram, actiepunten, "Inductie beter regelen – Bram\nMeer co-creatie"),
        )
        await group.command(anna, "/stop")
        await group.wait_for(
            lambda: "gestopt" in (group.transcript[-1].text or ""), waiting_for="the stop"
        )
        group.unread_bot_messages()

        await group.command(anna, "/gesprek peer-review-voorbereiding")
        recap, afronding = None, None
        while recap is None:
            message = await group.next_bot_message()
            if (message.text or "").startswith("Kaartje 3. Verslag en actiepunten"):
                afronding = message
            if "Actiepunten uit eerdere gesprekken" in (message.text or ""):
                recap = message
        assert afronding is not None, "the previous review's afronding, before the recap"
        assert "Inductie beter regelen – Bram" in afronding.text
        assert "Inductie beter regelen – Bram · status: open · eigenaar: Bram" in recap.text
        assert "Meer co-creatie · status: open · eigenaar: Bram" in recap.text
        assert "Anna schrijft het verslag · status: open · eigenaar: Anna" in recap.text
