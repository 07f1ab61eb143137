"""A chat that chose English gets its outcome cards' own words in English (the flow's
questions and the members' answers stay as they were written)."""

from tests.e2e.proef import proef_flows


async def test_after_taal_en_the_outcome_card_speaks_english(world, tmp_path):
    async with world.bot(**proef_flows(tmp_path)):
        group = await world.partnership_group()
        await group.command(world.anna, "/taal en")
        await group.next_bot_message()
        await group.command(world.anna, "/gesprek proef")
        await group.next_bot_message()
        first = await group.next_bot_message()
        answer = await group.reply(world.bram, first, "Samen leren")
        await group.wait_for(lambda: answer.reactions == ["👍"])
        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message()

    assert outcome.text.startswith("Kaartje 1. Eerste kaart: Uitkomsten"), "the flow's title"
    assert "1 participant: Bram" in outcome.text
    assert "1 of 1 participant" in outcome.text
    assert "deelnemer" not in outcome.text
