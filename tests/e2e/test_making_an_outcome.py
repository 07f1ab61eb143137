"""A card's outcome takes a while to make (the synthesis and rendering of many answers). It is
made in a worker thread with no transaction open, so other groups are not held up meanwhile,
and what came in meanwhile is on the card."""

import asyncio
import threading

import pytest

from bot.conductor import outcomes
from tests.e2e.proef import proef_flows


class HeldSynthesis:
    """The first synthesis waits until the test lets it go; the others run as usual."""

    def __init__(self, synthesize) -> None:
        self._synthesize = synthesize
        self.started = threading.Event()
        self.go = threading.Event()
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls == 1:
            self.started.set()
            self.go.wait(timeout=30)
        return self._synthesize(*args, **kwargs)

    async def wait_until_started(self) -> None:
        assert await asyncio.to_thread(self.started.wait, 10), "no outcome was being made"


@pytest.fixture
def held(monkeypatch):
    held = HeldSynthesis(outcomes.synthesize)
    monkeypatch.setattr(outcomes, "synthesize", held)
    yield held
    held.go.set()


def question(group, text: str):
    return lambda: next((m for m in group.messages_from_bot if text in m.text), None)


def outcome_card(group):
    return question(group, "Uitkomsten")


async def test_while_a_cards_outcome_is_made_other_groups_answers_are_taken(world, tmp_path, held):
    anna, bram = world.anna, world.bram
    async with world.bot(**proef_flows(tmp_path)):
        noord = await world.partnership_group("Partnerschap Noord")
        zuid = await world.partnership_group("Partnerschap Zuid")
        await noord.command(anna, "/gesprek proef kaart 2")
        slot = await noord.wait_for(question(noord, "Wat nemen jullie mee?"))
        await zuid.command(anna, "/gesprek proef")
        kern = await zuid.wait_for(question(zuid, "Wat is de kern"))
        mee = await noord.reply(bram, slot, "De kern nemen we mee")
        await noord.wait_for(lambda: mee.reactions == ["👍"], waiting_for="the 👍")

        await noord.command(anna, "/volgende")  # the last question: the card's outcome follows
        await held.wait_until_started()
        elsewhere = await zuid.reply(bram, kern, "Samen opleiden")
        await zuid.wait_for(
            lambda: elsewhere.reactions == ["👍"],
            waiting_for="the other group's 👍 while an outcome is being made",
        )
        assert not any("Uitkomsten" in m.text for m in noord.messages_from_bot)
        held.go.set()
        outcome = await noord.wait_for(outcome_card(noord), waiting_for="the outcome card")

    assert "De kern nemen we mee" in outcome.text
    assert world.api.refused_calls == []


async def test_an_answer_another_instance_took_while_the_outcome_was_made_is_on_the_card(
    world, tmp_path, held
):
    anna, bram = world.anna, world.bram
    async with world.bot(**proef_flows(tmp_path)) as runtime:
        group = await world.partnership_group()
        await group.command(anna, "/gesprek proef kaart 2")
        slot = await group.wait_for(question(group, "Wat nemen jullie mee?"))
        mee = await group.reply(bram, slot, "De kern nemen we mee")
        await group.wait_for(lambda: mee.reactions == ["👍"], waiting_for="the 👍")

        await group.command(anna, "/volgende")
        await held.wait_until_started()
        # Meanwhile another instance (sharing the database) takes Cees's answer.
        services = runtime.services
        async with services.unit_of_work() as uow:
            chat = await uow.chats.get(group.id)
            run = await uow.runs.active_in(chat.id, None)
            cees = await uow.members.upsert(world.cees.id, world.cees.first_name)
            await uow.answers.store(run.id, 2, "slot", cees.id, group.id, 9_999, "Net op tijd")
            assert await uow.runs.move_versions_on({run.id: run.version})
            await uow.commit()
        held.go.set()
        outcome = await group.wait_for(outcome_card(group), waiting_for="the outcome card")

    assert "De kern nemen we mee" in outcome.text
    assert "Net op tijd" in outcome.text, "made again with the answer that came in meanwhile"
    assert held.calls == 2


async def test_volgende_twice_while_the_outcome_is_made_closes_the_card_once(world, tmp_path, held):
    anna, bram = world.anna, world.bram
    async with world.bot(**proef_flows(tmp_path)):
        group = await world.partnership_group()
        await group.command(anna, "/gesprek proef")
        kern = await group.wait_for(question(group, "Wat is de kern"))
        mee = await group.reply(bram, kern, "Samen opleiden")
        await group.wait_for(lambda: mee.reactions == ["👍"], waiting_for="the 👍")
        await group.command(anna, "/volgende")
        await group.wait_for(question(group, "Welke functies"))
        await group.command(anna, "/volgende")
        await group.wait_for(question(group, "Wat is een volgende stap?"))

        await group.command(anna, "/volgende")  # the card's last question: its outcome follows
        await held.wait_until_started()
        await group.command(anna, "/volgende")  # pressed again while the bot seems slow
        held.go.set()
        await group.wait_for(question(group, "Wat nemen jullie mee?"))
        await group.command(anna, "/status")
        await group.wait_for(lambda: "Kaart 2" in group.messages_from_bot[-1].text)

    texts = [m.text for m in group.messages_from_bot]
    assert sum("Kaartje 1. Eerste kaart: Uitkomsten" in t for t in texts) == 1
    assert sum("Wat nemen jullie mee?" in t for t in texts) == 1
    assert not any("Kaartje 2" in t for t in texts), "card 2 was not skipped"
