"""/export for a visiting panel: a named flow's report, and one peer-review document holding
the critical reflection and the programme — only ever of this chat's own partnership."""

import io

from docx import Document


async def answer_first_question_and_stop(group, facilitator, member, command: str, text: str):
    """Start a card, reply to its first question, /stop: the outcome so far is stored."""
    await group.command(facilitator, command)
    question = await group.next_bot_message()
    while " · vraag " not in question.text or question.buttons:
        question = await group.next_bot_message()
    answer = await group.reply(member, question, text)
    await group.wait_for(lambda: answer.reactions == ["👍"], waiting_for="the reaction")
    await group.command(facilitator, "/stop")
    outcome = await group.next_bot_message()
    assert "Uitkomsten" in outcome.text, outcome.text
    await group.next_bot_message()


def paragraphs(stored) -> list[str]:
    return [p.text for p in Document(io.BytesIO(stored.data)).paragraphs]


async def test_export_names_a_flow_and_peerreview_holds_reflection_and_programme(world):
    async with world.bot():
        noord = await world.partnership_group("Partnerschap Noord")
        zuid = await world.partnership_group("Partnerschap Zuid")
        anna, bram = world.anna, world.bram

        await noord.command(bram, "/export peerreview")
        assert "nog geen kritische reflectie" in (await noord.next_bot_message()).text
        await noord.command(bram, "/export kwaliteitskader")
        assert "nog niets van" in (await noord.next_bot_message()).text

        await answer_first_question_and_stop(
            zuid, anna, bram, "/gesprek kwaliteitskader kaart 1", "Zuid wil vooral groeien"
        )
        await answer_first_question_and_stop(
            noord, anna, bram, "/gesprek kwaliteitskader kaart 1", "Noord kiest voor inductie"
        )
        world.clock.advance(days=14)
        await answer_first_question_and_stop(
            noord,
            anna,
            bram,
            "/gesprek peer-review-voorbereiding kaart 2",
            "Hoe borgen we de begeleiding van starters?",
        )

        await noord.command(bram, "/export kwaliteitskader docx")
        reflection = await noord.next_bot_message()
        await noord.command(bram, "/export peerreview")
        panel = await noord.next_bot_message()
        await noord.command(bram, "/export peerreview html")
        panel_html = await noord.next_bot_message()
        await noord.command(bram, "/export kwaliteitskader pdf")
        usage = (await noord.next_bot_message()).text
        assert usage.startswith("Gebruik: /export") and "Ik begrijp pdf niet." in usage
        await noord.command(bram, "/export vliegen")
        assert "Ik begrijp vliegen niet." in (await noord.next_bot_message()).text

    reflection_file, panel_file, panel_html_file = noord.documents
    assert reflection.document["file_name"].startswith("partnerschap-noord-kwaliteitskader-")
    assert reflection.document["file_name"].endswith(".docx")
    text = "\n".join(paragraphs(reflection_file))
    assert "Noord kiest voor inductie" in text
    assert "starters" not in text, "only the named flow"

    assert panel.document["file_name"].startswith("partnerschap-noord-peerreview-")
    assert panel.caption.endswith(": 2 uitkomstenkaartjes")
    text = paragraphs(panel_file)
    assert text[0] == "Peer review: kritische reflectie en programma"
    joined = "\n".join(text)
    reflection_at = joined.index("Noord kiest voor inductie")
    programme_at = joined.index("Hoe borgen we de begeleiding van starters?")
    assert reflection_at < programme_at, "the critical reflection first, then the programme"
    assert "Zuid" not in joined, "never another partnership's answers"

    assert panel_html.document["file_name"].endswith(".html")
    page = panel_html_file.data.decode()
    assert '<meta name="viewport"' in page
    assert "Noord kiest voor inductie" in page and "Zuid wil vooral groeien" not in page
