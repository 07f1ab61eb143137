"""Thirty members vote within a moment, under Telegram's real flood limits: every vote counts,
the tally edits are coalesced, and no 429 ever surfaces as an error."""

import logging
import time

from tests.e2e.conftest import settled


async def choice_question(world):
    """A partnership group at the first question of visie-op-beroep card 1, a choice."""
    group = await world.partnership_group()
    await group.command(world.anna, "/gesprek visie-op-beroep kaart 1")
    await group.next_bot_message()
    return group, await group.next_bot_message()


async def test_thirty_votes_at_once_are_all_counted_with_few_edits_and_no_errors(
    flood_limited_world, caplog
):
    world = flood_limited_world
    world.group_rate = 20
    caplog.set_level(logging.INFO)
    members = [world.api.user(f"Lid{number}") for number in range(30)]
    async with world.bot():
        group, choice = await choice_question(world)

        for number, member in enumerate(members):
            option = "v:0" if number % 3 else "v:1"  # labels change as the tally grows
            await group.press(member, choice, callback_data=option, wait_for_answer=False)
        answers = world.api.world.callback_answers
        await group.wait_for(
            lambda: len(answers) == 30 and all(answers.values()),
            timeout=20,
            waiting_for="every press answered",
        )
        await group.wait_for(
            lambda: "30 stemmers tot nu toe" in choice.text,
            timeout=20,
            waiting_for="the final tally",
        )
        assert "De (aanstaande) leraar · 20" in choice.button_texts
        assert "Alle (aanstaande) onderwijsprofessionals · 10" in choice.button_texts

        await group.command(world.anna, "/stop")
        outcome = await group.next_bot_message(timeout=20)
        await group.next_bot_message(timeout=20)

    assert "30 van 30 deelnemers stemden" in outcome.text
    assert "De (aanstaande) leraar: 20" in outcome.text
    edits = world.api.calls_to("editMessageText")
    assert 1 <= len(edits) <= 6, f"{len(edits)} tally edits for 30 votes"
    assert all(answer["text"] == "Je stem is geteld ✔" for answer in answers.values())
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    refused = [(call.method, why) for call, why in world.api.refused_calls]
    assert not [r for r in refused if "Too Many Requests" not in r[1]], refused


async def test_a_press_that_changes_nothing_does_not_edit_the_question_again(world):
    async with world.bot() as runtime:
        group, choice = await choice_question(world)
        await group.press(world.bram, choice, callback_data="v:0")
        await group.wait_for(lambda: "1 stemmer" in choice.text, waiting_for="the tally")
        edits = len(world.api.calls_to("editMessageText"))

        await group.press(world.bram, choice, callback_data="v:0")  # the same choice again
        await settled(runtime)

    assert len(world.api.calls_to("editMessageText")) == edits
    assert world.api.refused_calls == []


async def test_while_votes_keep_coming_a_groups_tally_is_edited_at_most_once_per_spacing(world):
    world.tally_spacing = 1.0
    members = [world.api.user(f"Lid{number}") for number in range(4)]
    async with world.bot():
        group, choice = await choice_question(world)

        started = time.monotonic()
        for voters, member in enumerate(members, 1):
            await group.press(member, choice, callback_data="v:0")
            await group.wait_for(
                lambda voters=voters: f"{voters} stemmer" in choice.text,
                waiting_for=f"the tally of {voters} votes",
            )
        took = time.monotonic() - started

    assert len(world.api.calls_to("editMessageText")) == len(members), "each vote shown"
    assert took >= (len(members) - 1) * world.tally_spacing, "edits come a spacing apart"
