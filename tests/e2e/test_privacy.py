"""A member's own data: /mijngegevens lists everything stored, including the outcome cards
that name them; /vergeetmij (after a confirmation) erases their answers and votes and takes
them out of stored outcome cards, later exports and the region's view; DATA_RETENTION_DAYS
removes old runs with their cards."""

import json

from bot.privacy import forget_old_runs
from tests.e2e.conftest import code_in

BRAMS = "Bram zijn eigen kernelement"
CEES = "Cees zijn eigen kernelement"


async def card_two_answered_by_bram_and_cees(world, group):
    anna, bram, cees = world.anna, world.bram, world.cees
    await group.command(anna, "/gesprek visie-op-beroep kaart 2")
    await group.next_bot_message()
    kern = await group.next_bot_message()
    first = await group.reply(bram, kern, BRAMS)
    second = await group.reply(cees, kern, CEES)
    await group.wait_for(lambda: first.reactions and second.reactions, waiting_for="reactions")
    await group.command(anna, "/stop")
    outcome = await group.next_bot_message()
    await group.next_bot_message()
    return outcome


async def test_vergeetmij_takes_a_member_out_of_stored_cards_exports_and_the_region(world):
    anna, bram = world.anna, world.bram
    async with world.bot():
        noord = await world.partnership_group()
        outcome = await card_two_answered_by_bram_and_cees(world, noord)
        assert BRAMS in outcome.text and "Bram" in outcome.text
        await noord.command(anna, "/uitnodigen regio")
        code = code_in((await noord.next_bot_message()).text)
        region = world.api.group("Regio Oost")
        region.set_admins(anna)
        await region.add_bot(by=anna)
        await region.next_bot_message()
        await region.command(anna, f"/koppel {code}")
        await region.next_bot_message()
        await noord.next_bot_message()

        private = world.api.private_chat(bram)
        await private.command(bram, "/mijngegevens")
        await private.wait_for(lambda: private.documents, waiting_for="a document")
        before = json.loads(private.documents[0].data)
        assert [a["text"] for a in before["answers"]] == [BRAMS]
        assert [c["card"] for c in before["outcome_cards_naming_you"]] == [2]

        await noord.command(bram, "/vergeetmij")
        confirm = await noord.next_bot_message()
        await noord.press(bram, confirm, "Ja, wis mijn bijdragen")
        await noord.wait_for(lambda: "Gewist" in confirm.text, waiting_for="the erasure")
        assert "1 uitkomstenkaartje is opnieuw opgesteld" in confirm.text

        await noord.command(anna, "/samenvatting visie-op-beroep kaart 2")
        summary = await noord.next_bot_message()
        await noord.command(anna, "/export md")
        await noord.wait_for(lambda: noord.documents, waiting_for="the export")
        await region.command(anna, "/samenvatting visie-op-beroep kaart 2")
        regional = await region.next_bot_message()
        await private.command(bram, "/mijngegevens")
        await private.wait_for(lambda: len(private.documents) == 2, waiting_for="a document")

    exported = noord.documents[0].data.decode("utf-8")
    for shown in (summary.text, exported, regional.text):
        assert CEES in shown
        assert BRAMS not in shown and "Bram" not in shown
        assert "de bijdrage van een deelnemer uit dit kaartje verwijderd" in shown
    after = json.loads(private.documents[1].data)
    assert after["answers"] == [] and after["outcome_cards_naming_you"] == []


async def test_saying_no_erases_nothing(world):
    async with world.bot():
        noord = await world.partnership_group()
        await card_two_answered_by_bram_and_cees(world, noord)
        await noord.command(world.bram, "/vergeetmij")
        confirm = await noord.next_bot_message()
        await noord.press(world.bram, confirm, "Nee, niets wissen")
        await noord.wait_for(lambda: "niets gewist" in confirm.text, waiting_for="the answer")
        await noord.command(world.anna, "/samenvatting visie-op-beroep kaart 2")
        assert BRAMS in (await noord.next_bot_message()).text


async def test_runs_older_than_the_retention_period_are_removed_with_their_cards(world):
    async with world.bot(DATA_RETENTION_DAYS="30") as runtime:
        noord = await world.partnership_group()
        await card_two_answered_by_bram_and_cees(world, noord)
        world.clock.advance(days=29)
        assert await forget_old_runs(runtime.services, 30) == 0
        world.clock.advance(days=2)
        assert await forget_old_runs(runtime.services, 30) == 1

        await noord.command(world.anna, "/samenvatting visie-op-beroep kaart 2")
        assert "nog geen uitkomstenkaartje" in (await noord.next_bot_message()).text
        await noord.command(world.anna, "/export")
        assert BRAMS not in (await noord.next_bot_message()).text
