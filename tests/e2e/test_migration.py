"""A group becomes a supergroup mid-run: the open question is asked again in the new chat,
answers there count, and nothing is sent to the old chat id again."""


async def test_a_run_follows_its_group_into_the_new_supergroup(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot():
        group = await world.partnership_group()
        await group.command(anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        choice = await group.next_bot_message()
        # A vote just before the upgrade: its tally edit is still pending when the group goes.
        await group.press(bram, choice, "De (aanstaande) leraar")
        old_messages = len(group.transcript)

        supergroup = await group.migrate_to_supergroup(by=anna)
        notice = await supergroup.next_bot_message()
        assert "supergroep geworden" in notice.text
        again = await supergroup.next_bot_message()
        assert "Kaart 1 · vraag 1/4" in again.text and "1 stemmer tot nu toe" in again.text

        await supergroup.press(cees, again, callback_data="v:0")
        await supergroup.wait_for(lambda: "2 stemmers" in again.text, waiting_for="the tally")
        await supergroup.press(anna, again, "Volgende ▶")
        why = await supergroup.next_bot_message()
        assert "Kaart 1 · vraag 2/4" in why.text and why.force_reply
        answer = await supergroup.reply(cees, why, "Omdat de opleiding zo begon")
        await supergroup.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
        await supergroup.command(bram, "/status")
        status = (await supergroup.next_bot_message()).text
        assert "Vraag 2/4" in status and "Geantwoord (1): Cees" in status

        await supergroup.command(anna, "/stop")
        outcome = await supergroup.next_bot_message()
        await supergroup.next_bot_message()
        await supergroup.command(bram, "/samenvatting")
        assert (await supergroup.next_bot_message()).text == outcome.text

    assert "Omdat de opleiding zo begon" in outcome.text
    assert "De (aanstaande) leraar: 2 (Bram, Cees)" in outcome.text
    assert [m for m in group.transcript[old_messages:] if m.from_bot] == []
    assert choice.version == 0, "the old group's question is never edited after the upgrade"
    assert [(call.method, why) for call, why in world.api.refused_calls] == []


async def test_answers_from_before_and_after_the_upgrade_never_overwrite_each_other(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot():
        group = await world.partnership_group()
        await group.command(anna, "/gesprek visie-op-beroep kaart 1")
        await group.next_bot_message()
        await group.next_bot_message()
        await group.command(anna, "/overslaan")
        await group.next_bot_message()
        why = await group.next_bot_message()
        before = await group.reply(bram, why, "Antwoord van voor de upgrade")
        await group.wait_for(lambda: before.reactions == ["👍"], waiting_for="the reaction")

        supergroup = await group.migrate_to_supergroup(by=anna)
        await supergroup.next_bot_message()
        again = await supergroup.next_bot_message()
        after = []
        while not after or after[-1].message_id <= before.message_id:
            after.append(await supergroup.reply(cees, again, f"Na de upgrade {len(after) + 1}"))
        await supergroup.wait_for(
            lambda: all(m.reactions == ["👍"] for m in after), waiting_for="the reactions"
        )
        await supergroup.command(anna, "/stop")
        outcome = await supergroup.next_bot_message()

    assert any(m.message_id == before.message_id for m in after), "the ids did collide"
    assert "Antwoord van voor de upgrade" in outcome.text
    for message in after:
        assert message.text in outcome.text
