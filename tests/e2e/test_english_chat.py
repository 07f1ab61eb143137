"""A chat that chose English gets its outcome cards' own words in English (the flow's
questions and the members' answers stay as they were written)."""

import io

from docx import Document

from tests.e2e.proef import proef_flows


async def english_card_played(world, answers) -> tuple:
    """A group that chose English plays the proef flow's first question — (member, answer)
    each — and stops; returns the group and the outcome card."""
    group = await world.partnership_group()
    await group.command(world.anna, "/taal en")
    await group.next_bot_message()
    await group.command(world.anna, "/gesprek proef")
    await group.next_bot_message()
    first = await group.next_bot_message()
    for member, text in answers:
        answer = await group.reply(member, first, text)
        await group.wait_for(lambda answer=answer: answer.reactions == ["👍"])
    await group.command(world.anna, "/stop")
    return group, await group.next_bot_message()


async def test_after_taal_en_the_outcome_card_speaks_english(world, tmp_path):
    async with world.bot(**proef_flows(tmp_path)):
        _, outcome = await english_card_played(world, [(world.bram, "Samen leren")])

    assert outcome.text.startswith("Kaartje 1. Eerste kaart: Uitkomsten"), "the flow's title"
    assert "1 participant: Bram" in outcome.text
    assert "1 of 1 participant" in outcome.text
    assert "deelnemer" not in outcome.text


async def test_a_card_drawn_up_again_after_forgetme_still_speaks_english(world, tmp_path):
    async with world.bot(**proef_flows(tmp_path)):
        answers = [(world.bram, "Samen leren"), (world.cees, "Elkaar opzoeken")]
        group, _ = await english_card_played(world, answers)

        await group.command(world.bram, "/forgetme")
        confirm = await group.wait_for(
            lambda: next((m for m in group.messages_from_bot if "really" in m.text), None),
            waiting_for="the question whether Bram is sure",
        )
        await group.press(world.bram, confirm, "Yes, erase my contributions")
        await group.wait_for(lambda: "Erased" in confirm.text, waiting_for="the erasure")
        asked = await group.command(world.anna, "/summary")
        summary = await group.wait_for(
            lambda: next(
                (m for m in group.messages_from_bot if m.message_id > asked.message_id), None
            ),
            waiting_for="the summary",
        )

    assert "1 participant: Cees" in summary.text
    assert "Samen leren" not in summary.text and "Bram" not in summary.text
    assert "deelnemer" not in summary.text
    # The note is the card's words, not markup shown as text.
    assert "At their request, a participant's contribution was removed" in summary.text
    assert "<i>" not in summary.text


async def test_an_english_chats_export_has_its_fixed_words_in_english(world, tmp_path):
    async with world.bot(**proef_flows(tmp_path)):
        group, _ = await english_card_played(world, [(world.bram, "Samen leren")])
        for sent, fmt in enumerate(("md", "html", "docx"), 1):
            await group.command(world.anna, f"/export {fmt}")
            await group.wait_for(lambda sent=sent: len(group.documents) == sent)

    markdown, html, docx = group.documents
    assert "**Participants:** Bram" in markdown.data.decode()
    assert "1 of 1 participant" in markdown.data.decode()
    assert "<strong>Participants:</strong> Bram" in html.data.decode()
    assert "Deelnemers" not in markdown.data.decode() + html.data.decode()
    paragraphs = [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    assert any(p.startswith("Participants: Bram") for p in paragraphs)
