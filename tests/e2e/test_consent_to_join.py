"""Each partnership's data stays its own: the first group to bind a partnership or region holds
it; another group joins only with a one-time code from a group already there, and the groups
already there are told. A stranger's group, whatever names it types, reads nothing."""

from tests.e2e.conftest import code_in, finish_card_two

SECRET = "Geheim antwoord van Noord"
SECRET_WHY = "Omdat Noord dat vertrouwelijk afsprak"


async def stranger_group(world, title: str):
    group = world.api.group(title)
    group.set_admins(world.cees)
    await group.add_bot(by=world.cees)
    await group.next_bot_message()
    return group


async def finish_card_one(group, facilitator, member, why: str) -> None:
    await group.command(facilitator, "/gesprek visie-op-beroep kaart 1")
    await group.next_bot_message()
    choice = await group.next_bot_message()
    await group.press(member, choice, "De (aanstaande) leraar")
    await group.press(facilitator, choice, "Volgende ▶")
    question = await group.next_bot_message()
    answer = await group.reply(member, question, why)
    await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
    await group.command(facilitator, "/stop")
    await group.next_bot_message()
    await group.next_bot_message()


async def read_everything(group, user) -> None:
    """Every way a group could be shown a partnership's answers or cards."""
    for command in (
        "/samenvatting",
        "/samenvatting visie-op-beroep kaart 1",
        "/samenvatting visie-op-beroep kaart 2",
        "/export md",
        "/gesprek visie-op-beroep kaart 3",
        "/stop",
        "/gesprek visie-op-beroep kaart 6",
        "/stop",
    ):
        await group.command(user, command)
    # Replies come in order: once the answer to /taal is there, every reply above it is too.
    await group.command(user, "/taal nl")
    while "voortaan Nederlands" not in (await group.next_bot_message()).text:
        pass


async def test_a_strangers_group_cannot_read_a_partnership_by_typing_its_names(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot():
        noord = await world.partnership_group("Partnerschap Noord")
        await finish_card_one(noord, anna, bram, SECRET_WHY)
        await finish_card_two(noord, anna, bram, SECRET)

        stranger = await stranger_group(world, "Nieuwsgierig")
        await stranger.command(cees, "/koppel Partnerschap Noord | Onderwijsregio Oost")
        refused = await stranger.next_bot_message()
        assert "bestaat al en hoort bij een andere groep" in refused.text
        await read_everything(stranger, cees)

        await stranger.command(cees, "/koppel regio onderwijsregio  OOST")
        refused = await stranger.next_bot_message()
        assert "Aansluiten als regiogroep kan alleen met een code" in refused.text
        await read_everything(stranger, cees)

        await stranger.command(cees, "/koppel Nep | Onderwijsregio Oost")
        assert "hoort nu bij Nep in Onderwijsregio Oost" in (await stranger.next_bot_message()).text
        await read_everything(stranger, cees)

    shown = "\n".join(m.text or m.caption or "" for m in stranger.transcript)
    for secret in (SECRET, SECRET_WHY):
        assert secret not in shown
        assert all(secret.encode() not in f.data for f in stranger.documents)
    assert not any("Nep" in (m.text or "") for m in noord.messages_from_bot)


async def test_a_facilitator_invites_another_group_with_a_one_time_code(world):
    anna, bram, cees = world.anna, world.bram, world.cees
    async with world.bot():
        noord = await world.partnership_group("Partnerschap Noord")
        await finish_card_two(noord, anna, bram, SECRET)

        await noord.command(bram, "/uitnodigen")
        assert "Alleen beheerders" in (await noord.next_bot_message()).text
        await noord.command(anna, "/uitnodigen")
        invitation = await noord.next_bot_message()
        assert "Uitnodiging voor Partnerschap Noord" in invitation.text
        code = code_in(invitation.text)

        werkgroep = await stranger_group(world, "Werkgroep Noord")
        await werkgroep.command(cees, f"/koppel {code.lower()}")
        joined = await werkgroep.next_bot_message()
        assert "met de uitnodiging, bij Partnerschap Noord in" in joined.text
        told = await noord.next_bot_message()
        assert "De groep Werkgroep Noord heeft zich met een uitnodigingscode aangesloten" in (
            told.text
        )

        again = await stranger_group(world, "Nog een groep")
        await again.command(cees, f"/koppel {code}")
        assert (
            "Die code ken ik niet, of hij is al gebruikt" in (await again.next_bot_message()).text
        )

        await noord.command(anna, "/uitnodigen regio")
        region_code = code_in((await noord.next_bot_message()).text)
        region = await stranger_group(world, "Regio Oost")
        await region.command(cees, f"/koppel {region_code}")
        assert "regiogroep van Onderwijsregio Oost" in (await region.next_bot_message()).text
        assert (
            "regiogroep geworden van Onderwijsregio Oost" in (await noord.next_bot_message()).text
        )
        await region.command(cees, "/samenvatting visie-op-beroep kaart 2")
        assert SECRET in (await region.next_bot_message()).text
